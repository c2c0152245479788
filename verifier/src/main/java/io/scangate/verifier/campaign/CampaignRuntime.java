package io.scangate.verifier.campaign;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * One campaign's definition and what it has spent. Written only by the verifier thread (and by
 * recovery before it starts); readable from any thread (metrics, status), each value on its own.
 */
public final class CampaignRuntime {
    private volatile Campaign campaign;
    private long[] packedRegions;
    private final AtomicLong spentCount = new AtomicLong();
    private final AtomicLong spentAmount = new AtomicLong();
    private final AtomicLongArray granted = new AtomicLongArray(CampaignParser.MAX_PRIZES);
    private final AtomicLongArray outcomes = new AtomicLongArray(DrawOutcome.values().length);

    CampaignRuntime(final Campaign campaign) {
        update(campaign);
    }

    /** The campaign's region prefixes, packed (verifier thread). */
    long[] packedRegions() {
        return packedRegions;
    }

    public Campaign campaign() {
        return campaign;
    }

    void update(final Campaign c) {
        packedRegions = c.packedRegions();
        campaign = c;
    }

    public long spentCount() {
        return spentCount.get();
    }

    public long spentAmount() {
        return spentAmount.get();
    }

    public long remainingCount() {
        return Math.max(0, campaign.budgetCount() - spentCount.get());
    }

    public long remainingAmount() {
        return Math.max(0, campaign.budgetAmount() - spentAmount.get());
    }

    /** Rewards granted of prize tier {@code index}. */
    public long granted(final int index) {
        return granted.get(index);
    }

    /** Draws that came to {@code outcome} since this process started (a metric, not persisted). */
    public long outcomes(final DrawOutcome outcome) {
        return outcomes.get(outcome.ordinal());
    }

    void charge(final int prizeIndex, final long amount) {
        spentCount.lazySet(spentCount.get() + 1);
        spentAmount.lazySet(spentAmount.get() + amount);
        granted.lazySet(prizeIndex, granted.get(prizeIndex) + 1);
    }

    void count(final DrawOutcome outcome) {
        outcomes.lazySet(outcome.ordinal(), outcomes.get(outcome.ordinal()) + 1);
    }

    /** Whether no prize can be paid any more: count spent, or not even the cheapest prize fits. */
    boolean exhausted() {
        final Campaign c = campaign;
        if (spentCount.get() >= c.budgetCount()) {
            return true;
        }
        final long left = c.budgetAmount() - spentAmount.get();
        for (final Campaign.Prize p : c.prizes()) {
            if (p.amount() <= left) {
                return false;
            }
        }
        return true;
    }
}
