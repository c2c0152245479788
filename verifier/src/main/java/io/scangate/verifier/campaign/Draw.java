package io.scangate.verifier.campaign;

import io.scangate.verifier.code.SipHash;

/**
 * The deterministic draw: a pure function of (campaign seed, code id), so a replay or an auditor
 * with the seed gets the same result. SipHash-2-4 keyed by the seed gives two independent 64-bit
 * values, one for win/lose and one for the prize tier.
 */
public final class Draw {
    /** Domain separation between the two hashes. */
    private static final long TIER_DOMAIN = 0x7469657273656564L;

    private Draw() {
    }

    /** Whether the code wins a prize at all (probability {@code winProbability}). */
    public static boolean wins(final Campaign c, final long codeId) {
        if (c.winProbability() >= 1.0) {
            return true;
        }
        final long h = SipHash.hash(c.seed0(), c.seed1(), codeId);
        final double u = (h >>> 11) * 0x1.0p-53; // uniform in [0, 1)
        return u < c.winProbability();
    }

    /** The index of the prize tier the code draws, by weight. */
    public static int tier(final Campaign c, final long codeId) {
        final long total = c.totalWeight();
        final long r = Long.remainderUnsigned(SipHash.hash(c.seed0(), c.seed1(), codeId ^ TIER_DOMAIN), total);
        long acc = 0;
        for (int i = 0; i < c.prizes().size(); i++) {
            acc += c.prizes().get(i).weight();
            if (r < acc) {
                return i;
            }
        }
        return c.prizes().size() - 1;
    }
}
