package io.scangate.verifier.campaign;

import java.util.List;
import java.util.Set;

/**
 * One promotion, as applied: its window, scope, draw, prizes, budget and caps. Immutable; an
 * update makes a new version. Amounts are in minor units of {@link #currency()}.
 *
 * @param number    dense number given at creation (1..{@link #MAX_CAMPAIGNS}); part of internal keys
 * @param version   1 at creation, +1 per applied update
 * @param seed0     first half of the secret draw key (never shown)
 * @param seed1     second half of the secret draw key (never shown)
 * @param regions   ISO 3166 prefixes; empty = every region
 * @param skus      SKUs in scope; together with {@code batches}: a code is in scope if either holds it, or both are empty
 */
public record Campaign(String id, String name, long startMillis, long endMillis, Set<String> skus, Set<Long> batches,
                       List<String> regions, double winProbability, String currency, List<Prize> prizes,
                       long budgetCount, long budgetAmount, Caps caps, Fallback onLimit,
                       int number, int version, long seed0, long seed1, boolean seeded, State state,
                       long updatedAtMillis, Target target, Audience audience) {
    public static final int MAX_CAMPAIGNS = 4095;

    /** A prize tier: drawn with probability weight / total weight; {@code limit} 0 = no limit. */
    public record Prize(String id, long amount, long weight, long limit) {
    }

    /**
     * A B-end campaign's target: it rewards actors of {@code role} for {@code action} role scans
     * (caps per device count per actor); consumer scans never draw in it. Null: a consumer campaign.
     */
    public record Target(io.scangate.verifier.channel.Role role, io.scangate.verifier.channel.Action action) {
    }

    /**
     * A consumer campaign's audience (shared/DESIGN.md, "Consumers"): it draws only on a purchase
     * (a genuine first scan with a consumer id) by a consumer in one of {@code stages} when they
     * scanned, before this purchase counted (empty: any; a first purchase has no stage), and, unless
     * {@code purchase} is 0, only on their {@code purchase}-th. Null: every scan of the code may draw.
     */
    public record Audience(Set<io.scangate.verifier.consumer.Stage> stages, int purchase) {
        /** Whether a scan that is the consumer's {@code nth} purchase (0: not a purchase), made in {@code stage}, may draw. */
        public boolean admits(final int nth, final io.scangate.verifier.consumer.Stage stage) {
            return nth > 0 && (purchase == 0 || purchase == nth) && (stages.isEmpty() || stage != null && stages.contains(stage));
        }
    }

    /** Rewards per device / consumer, over the whole campaign and per UTC day; 0 = no cap. */
    public record Caps(long perDevice, long perConsumer, long perDevicePerDay, long perConsumerPerDay) {
        public static final Caps NONE = new Caps(0, 0, 0, 0);

        boolean any() {
            return perDevice != 0 || perConsumer != 0 || perDevicePerDay != 0 || perConsumerPerDay != 0;
        }
    }

    /** What a winning draw gets when its tier is over its limit or the money left. */
    public enum Fallback {
        /** No prize. */
        NONE,
        /** The best cheaper tier that still fits, if any. */
        LOWER_TIER
    }

    public enum State {
        ACTIVE,
        /** Stopped by an operator: final. */
        STOPPED
    }

    /** Whether a scan at {@code atMillis} falls in the window of a campaign that was not stopped. */
    public boolean runningAt(final long atMillis) {
        return state == State.ACTIVE && atMillis >= startMillis && atMillis < endMillis;
    }

    /** {@link #regions()} packed (see {@link io.scangate.verifier.ledger.Regions}). */
    public long[] packedRegions() {
        final long[] p = new long[regions.size()];
        for (int i = 0; i < p.length; i++) {
            p[i] = io.scangate.verifier.ledger.Regions.pack(regions.get(i));
        }
        return p;
    }

    /** Sum of the prize weights. */
    public long totalWeight() {
        long w = 0;
        for (final Prize p : prizes) {
            w += p.weight();
        }
        return w;
    }

    Campaign with(final int newNumber, final int newVersion, final long s0, final long s1, final State newState, final long at) {
        return new Campaign(id, name, startMillis, endMillis, skus, batches, regions, winProbability, currency, prizes, budgetCount,
                budgetAmount, caps, onLimit, newNumber, newVersion, s0, s1, true, newState, at, target, audience);
    }
}
