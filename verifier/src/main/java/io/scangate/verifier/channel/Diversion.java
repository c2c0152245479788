package io.scangate.verifier.channel;

/**
 * The evidence of a diverted unit (窜货), as journaled and read from the diversion log: a consumer
 * scanned {@code code} (of the case with code id {@code caseCodeId}, 0 if it travelled alone) in {@code scannedRegion},
 * outside the territory of {@code actor}, which last received it at {@code placedAt}; the batch
 * planned it for {@code plannedRegion}. Logged the first time a unit is seen outside a given
 * holder's territory.
 */
public record Diversion(long diversionId, String code, long codeId, long caseCodeId, String actor, Role role, String territory,
                        String plannedRegion, String scannedRegion, long scannedAt, long placedAt, String device) {
}
