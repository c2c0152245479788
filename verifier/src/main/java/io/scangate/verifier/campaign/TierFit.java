package io.scangate.verifier.campaign;

/** Which prize tier a winning draw gets, given the budget left and the tiers' limits. Stateless. */
final class TierFit {
    private TierFit() {
    }

    /** The tier to grant for a win of tier {@code drawn}: it, or with lowerTier the best cheaper one that fits; -1 if none. */
    static int fit(final CampaignRuntime r, final Campaign c, final int drawn) {
        if (fits(r, c, drawn)) {
            return drawn;
        }
        if (c.onLimit() != Campaign.Fallback.LOWER_TIER) {
            return -1;
        }
        final long ceiling = c.prizes().get(drawn).amount();
        int best = -1;
        for (int i = 0; i < c.prizes().size(); i++) {
            final Campaign.Prize p = c.prizes().get(i);
            if (i != drawn && p.amount() < ceiling && fits(r, c, i) && (best < 0 || p.amount() > c.prizes().get(best).amount())) {
                best = i;
            }
        }
        return best;
    }

    static boolean fits(final CampaignRuntime r, final Campaign c, final int tier) {
        final Campaign.Prize p = c.prizes().get(tier);
        return r.spentCount() < c.budgetCount() && p.amount() <= c.budgetAmount() - r.spentAmount()
                && (p.limit() == 0 || r.granted(tier) < p.limit());
    }
}
