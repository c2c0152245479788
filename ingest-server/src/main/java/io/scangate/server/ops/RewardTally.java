package io.scangate.server.ops;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.scangate.verifier.campaign.Reward;
import io.scangate.verifier.journal.DurableLog;

/**
 * B-end rewards per channel actor, counted from the reward log: each request reads only the
 * entries appended since the last one, so a tally costs the new rewards, not the whole log. Only
 * durable rewards count, as readers of the log see them.
 *
 * <p>Concurrency: shared by every ops connection; {@link #upToDate} is synchronized.
 */
final class RewardTally {
    private static final int PAGE = 4096;

    /** Rewards and their summed amount (minor units, whatever the currency) of one actor. */
    record Count(long rewards, long amount) {
        static final Count NONE = new Count(0, 0);
    }

    private final DurableLog<Reward> log;
    private final Map<String, Count> byActor = new HashMap<>();
    private long counted;

    RewardTally(final DurableLog<Reward> log) {
        this.log = log;
    }

    /** Every actor's rewards so far, as a copy. */
    synchronized Map<String, Count> upToDate() {
        while (true) {
            final List<Reward> page = log.read(counted, PAGE);
            for (final Reward w : page) {
                if (w.actor() != null) {
                    byActor.merge(w.actor(), new Count(1, w.amount()), (a, b) -> new Count(a.rewards + b.rewards, a.amount + b.amount));
                }
                counted = w.rewardId();
            }
            if (page.size() < PAGE) {
                return new HashMap<>(byActor);
            }
        }
    }
}
