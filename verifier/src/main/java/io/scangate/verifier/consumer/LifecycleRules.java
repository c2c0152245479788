package io.scangate.verifier.consumer;

/**
 * When silence makes a consumer {@link Stage#LAPSING} and {@link Stage#CHURNED}. With two or more
 * purchases a consumer lapses after {@code lapseFactor} times their own mean repurchase interval
 * (never sooner than {@code lapseMinMillis}); with one, after {@code lapseFirstMillis}; anybody
 * churns after {@code churnAfterMillis} without a purchase. A lapse limit at or past the churn limit
 * is taken as just before it, so LAPSING always comes first.
 *
 * @param lapseFactor      multiple of the consumer's mean interval, 1 to 100
 * @param lapseFirstMillis silence before a second purchase that counts as lapsing
 * @param lapseMinMillis   shortest lapse limit for a consumer with a short rhythm
 * @param churnAfterMillis silence that counts as churned, longer than the other two
 */
public record LifecycleRules(double lapseFactor, long lapseFirstMillis, long lapseMinMillis, long churnAfterMillis) {
    public static final long DAY_MILLIS = 86_400_000L;
    public static final double DEFAULT_LAPSE_FACTOR = 2.0;
    public static final long DEFAULT_LAPSE_FIRST_MILLIS = 60 * DAY_MILLIS;
    public static final long DEFAULT_LAPSE_MIN_MILLIS = 14 * DAY_MILLIS;
    public static final long DEFAULT_CHURN_AFTER_MILLIS = 180 * DAY_MILLIS;
    public static final LifecycleRules DEFAULTS = new LifecycleRules(DEFAULT_LAPSE_FACTOR, DEFAULT_LAPSE_FIRST_MILLIS,
            DEFAULT_LAPSE_MIN_MILLIS, DEFAULT_CHURN_AFTER_MILLIS);

    public LifecycleRules {
        if (!(lapseFactor >= 1 && lapseFactor <= 100)) {
            throw new IllegalArgumentException("consumers.lapse.factor must be 1 to 100, was " + lapseFactor);
        }
        if (lapseFirstMillis < 1000 || lapseMinMillis < 1000) {
            throw new IllegalArgumentException("consumers.lapse.first and consumers.lapse.min must be at least 1 s");
        }
        if (churnAfterMillis <= Math.max(lapseFirstMillis, lapseMinMillis)) {
            throw new IllegalArgumentException("consumers.churn.after (" + churnAfterMillis + " ms) must be longer than consumers.lapse.first ("
                    + lapseFirstMillis + " ms) and consumers.lapse.min (" + lapseMinMillis + " ms)");
        }
    }

    /**
     * The silence after which a consumer with {@code purchases} (at least 1) between
     * {@code firstMillis} and {@code lastMillis} is lapsing; always shorter than the churn limit.
     */
    public long lapseAfterMillis(final int purchases, final long firstMillis, final long lastMillis) {
        final long limit;
        if (purchases < 2) {
            limit = lapseFirstMillis;
        } else {
            final double mean = (double) (lastMillis - firstMillis) / (purchases - 1);
            limit = Math.max(lapseMinMillis, (long) Math.min(Long.MAX_VALUE / 2.0, lapseFactor * mean));
        }
        return Math.min(limit, churnAfterMillis - 1);
    }

    /** The stage silence gives a consumer last seen buying at {@code lastMillis}, at {@code nowMillis}; null if it gives none. */
    public Stage silenceStage(final int purchases, final long firstMillis, final long lastMillis, final long nowMillis) {
        final long silence = nowMillis - lastMillis;
        if (silence > churnAfterMillis) {
            return Stage.CHURNED;
        }
        return silence > lapseAfterMillis(purchases, firstMillis, lastMillis) ? Stage.LAPSING : null;
    }
}
