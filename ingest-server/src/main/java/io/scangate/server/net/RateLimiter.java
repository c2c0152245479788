package io.scangate.server.net;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Token buckets for many clients in fixed memory: a table of {@code slots} buckets (8 bytes
 * each) indexed by a hash of the client's key (an address, a device id). Two clients that land in
 * one slot share a bucket, so a client is never allowed more than its rate, and at worst an
 * unlucky one is limited a little early; the memory never grows with the number of clients.
 *
 * <pre>
 *  slot (64 bits):  last refill, ms since start (32) | tokens x 1000 (32)
 * </pre>
 *
 * <p>Concurrency: lock-free; any number of event loops share one limiter (compare-and-set per slot).
 */
public final class RateLimiter {
    private final long perSecond;
    private final long burstMilli;
    private final int mask;
    private final AtomicLongArray slots;
    private final long startMillis;

    /**
     * @param perSecond tokens added per second (1 token = 1 request)
     * @param burst most tokens a bucket holds (requests allowed at once after a quiet spell)
     * @param slots buckets, a power of two
     */
    public RateLimiter(final int perSecond, final int burst, final int slots, final long startMillis) {
        if (perSecond < 1 || burst < 1 || burst > 2_000_000 || Integer.bitCount(slots) != 1) {
            throw new IllegalArgumentException("rate " + perSecond + "/s, burst " + burst + ", slots " + slots);
        }
        this.perSecond = perSecond;
        this.burstMilli = burst * 1000L;
        this.mask = slots - 1;
        this.slots = new AtomicLongArray(slots);
        this.startMillis = startMillis;
    }

    /**
     * Takes one token from {@code key}'s bucket at {@code nowMillis}; 0 if it had one, else the
     * milliseconds until it will (for {@code Retry-After}).
     */
    public long tryAcquire(final long key, final long nowMillis) {
        final int i = slot(key);
        final long now = (nowMillis - startMillis) & 0xFFFF_FFFFL;
        while (true) {
            final long v = slots.get(i);
            final long tokens = v == 0 ? burstMilli : Math.min(burstMilli, (v & 0xFFFF_FFFFL) + elapsed(v, now) * perSecond);
            if (tokens < 1000) {
                return Math.max(1, (1000 - tokens + perSecond - 1) / perSecond);
            }
            final long next = now << 32 | (tokens - 1000);
            if (slots.compareAndSet(i, v, next == 0 ? 1 : next)) {
                return 0;
            }
        }
    }

    private static long elapsed(final long slot, final long now) {
        return (now - (slot >>> 32)) & 0xFFFF_FFFFL;
    }

    private int slot(final long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        h ^= h >>> 31;
        return (int) h & mask;
    }

    /** Bytes this limiter holds, whatever the number of clients. */
    public long memoryBytes() {
        return 8L * slots.length();
    }
}
