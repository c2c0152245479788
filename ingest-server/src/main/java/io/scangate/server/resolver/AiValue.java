package io.scangate.server.resolver;

/**
 * One GS1 element string: an AI and its (decoded, un-percent-encoded) value.
 *
 * @param ai the AI
 * @param value its value
 */
record AiValue(Ai ai, String value) {
}
