package io.scangate.server.resolver;

/**
 * A query-string parameter that is not a GS1 data attribute ({@code linkType}, {@code context},
 * {@code lang}, or anything else), kept for pass-through.
 *
 * @param name the percent-decoded name
 * @param value the percent-decoded value, empty when the parameter had no {@code =}
 * @param raw the parameter as it stood in the query string, still percent-encoded
 */
public record QueryParam(String name, String value, String raw) {
}
