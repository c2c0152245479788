package io.scangate.verifier.channel;

/**
 * One applied role scan as journaled (JSON): the unit's code id, the action, the scanning actor,
 * the actor shipped to ({@code SHIP}), the order ({@code INSTALL}), the request key of an
 * idempotent request (0: none), and when.
 */
public record RoleScan(long code, Action action, String actor, String to, String order, long request, long at) {
}
