package io.scangate.verifier.channel;

/**
 * A case packed (units put in it, from wherever they were) or unpacked (its units taken out), as
 * journaled: one record whatever the number of units (at most {@link CaseBook#MAX_UNITS}).
 */
public record CaseChange(long caseCode, boolean pack, long[] units, long at) {
}
