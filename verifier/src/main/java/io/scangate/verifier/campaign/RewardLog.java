package io.scangate.verifier.campaign;

import io.scangate.verifier.journal.DurableLog;

/**
 * The reward log: every granted reward, with dense increasing ids from 1 (its reward id). Readers
 * (payout, CRM) see a reward only once the journal record that grants it is durable.
 *
 * <p>Concurrency: as {@link DurableLog}.
 */
public final class RewardLog extends DurableLog<Reward> {
    public RewardLog() {
        super("reward log");
    }

    /** Verifier thread: appends {@code r}, whose journal record ends at {@code position}. */
    void append(final Reward r, final long position) {
        append(r, r.rewardId(), position);
    }
}
