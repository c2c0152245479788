package io.scangate.verifier.channel;

/**
 * One applied role scan as journaled (JSON): the unit's code id, the action, the scanning actor,
 * the actor shipped to ({@code SHIP}), the order ({@code INSTALL}), the request key of an
 * idempotent request (0: none), when, and how many units it covers (a case's units; 1 for a unit).
 */
public record RoleScan(long code, Action action, String actor, String to, String order, long request, long at, int units) {
    /** Units covered, at least 1 (records written before the count was kept say 0). */
    public int unitCount() {
        return Math.max(1, units);
    }
}
