package io.scangate.verifier.campaign;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The reward log: every granted reward, with dense increasing ids from 1. Readers (payout, CRM)
 * see a reward only once the journal record that grants it is durable, so nothing they read can
 * be lost by a crash or a power loss.
 *
 * <p>Concurrency: appended by the verifier thread (single writer); read from any thread. Arrays
 * are published before the size that covers them (copy on growth).
 */
public final class RewardLog {
    private static final class Store {
        final Reward[] rewards;
        final long[] positions;

        Store(final int capacity) {
            rewards = new Reward[capacity];
            positions = new long[capacity];
        }
    }

    private volatile Store store = new Store(1024);
    private volatile int size;
    private volatile LongSupplier durablePosition = () -> Long.MAX_VALUE;

    /** Tells the log how far the journal is durable; until then everything counts as durable. */
    public void durableUpTo(final LongSupplier position) {
        this.durablePosition = position;
    }

    /** The id the next reward gets. */
    public long nextId() {
        return size + 1L;
    }

    /** Rewards appended (durable or not). */
    public long size() {
        return size;
    }

    /** Verifier thread: appends {@code r}, whose journal record ends at {@code position}. */
    void append(final Reward r, final long position) {
        if (r.rewardId() != size + 1L) {
            throw new IllegalStateException("reward id " + r.rewardId() + " breaks the dense sequence; expected " + (size + 1L));
        }
        Store s = store;
        final int n = size;
        if (n == s.rewards.length) {
            if (n == Integer.MAX_VALUE - 8) {
                throw new IllegalStateException("reward log full");
            }
            final Store bigger = new Store((int) Math.min(Integer.MAX_VALUE - 8L, n * 2L));
            System.arraycopy(s.rewards, 0, bigger.rewards, 0, n);
            System.arraycopy(s.positions, 0, bigger.positions, 0, n);
            store = bigger;
            s = bigger;
        }
        s.rewards[n] = r;
        s.positions[n] = position;
        size = n + 1;
    }

    /** The reward with {@code id}, durable or not (the verifier's own lookups), or null. */
    public Reward get(final long id) {
        final int n = size;
        return id < 1 || id > n ? null : store.rewards[(int) (id - 1)];
    }

    /** The highest reward id readers may see (durable). */
    public long lastVisibleId() {
        final int n = size;
        final Store s = store;
        final long durable = durablePosition.getAsLong();
        int lo = 0;
        int hi = n;
        while (lo < hi) {
            final int mid = (lo + hi) >>> 1;
            if (s.positions[mid] <= durable) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** Up to {@code limit} durable rewards with ids greater than {@code afterId}, in id order. */
    public List<Reward> read(final long afterId, final int limit) {
        final long last = lastVisibleId();
        final Store s = store;
        final List<Reward> out = new ArrayList<>((int) Math.max(0, Math.min(limit, last - afterId)));
        for (long id = Math.max(afterId, 0) + 1; id <= last && out.size() < limit; id++) {
            out.add(s.rewards[(int) (id - 1)]);
        }
        return out;
    }
}
