package io.scangate.verifier.journal;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * A log of events with dense increasing ids from 1, read from an offset (the reward log, the
 * diversion log): readers see an entry only once the journal record that made it is durable, so
 * nothing they read can be lost by a crash or a power loss, and they read at least once by
 * resuming after the last id they handled.
 *
 * <p>Concurrency: appended by the verifier thread (single writer); read from any thread. Arrays
 * are published before the size that covers them (copy on growth).
 *
 * @param <T> the entries, immutable
 */
public class DurableLog<T> {
    private static final class Store {
        final Object[] entries;
        final long[] positions;

        Store(final int capacity) {
            entries = new Object[capacity];
            positions = new long[capacity];
        }
    }

    private final String name;
    private volatile Store store = new Store(1024);
    private volatile int size;
    private volatile LongSupplier durablePosition = () -> Long.MAX_VALUE;

    /** An empty log called {@code name} in its errors. */
    public DurableLog(final String name) {
        this.name = name;
    }

    /** Tells the log how far the journal is durable; until then everything counts as durable. */
    public void durableUpTo(final LongSupplier position) {
        this.durablePosition = position;
    }

    /** The id the next entry gets. */
    public long nextId() {
        return size + 1L;
    }

    /** Entries appended (durable or not). */
    public long size() {
        return size;
    }

    /** Verifier thread: appends {@code entry} with {@code id} (must be {@link #nextId()}), whose journal record ends at {@code position}. */
    protected final void append(final T entry, final long id, final long position) {
        if (id != size + 1L) {
            throw new IllegalStateException(name + " id " + id + " breaks the dense sequence; expected " + (size + 1L));
        }
        Store s = store;
        final int n = size;
        if (n == s.entries.length) {
            if (n == Integer.MAX_VALUE - 8) {
                throw new IllegalStateException(name + " full");
            }
            final Store bigger = new Store((int) Math.min(Integer.MAX_VALUE - 8L, n * 2L));
            System.arraycopy(s.entries, 0, bigger.entries, 0, n);
            System.arraycopy(s.positions, 0, bigger.positions, 0, n);
            store = bigger;
            s = bigger;
        }
        s.entries[n] = entry;
        s.positions[n] = position;
        size = n + 1;
    }

    /** The entry with {@code id}, durable or not (the verifier's own lookups), or null. */
    @SuppressWarnings("unchecked")
    public T get(final long id) {
        final int n = size;
        return id < 1 || id > n ? null : (T) store.entries[(int) (id - 1)];
    }

    /** The highest id readers may see (durable). */
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

    /** Up to {@code limit} durable entries with ids greater than {@code afterId}, in id order. */
    @SuppressWarnings("unchecked")
    public List<T> read(final long afterId, final int limit) {
        final long last = lastVisibleId();
        final Store s = store;
        final List<T> out = new ArrayList<>((int) Math.max(0, Math.min(limit, last - afterId)));
        for (long id = Math.max(afterId, 0) + 1; id <= last && out.size() < limit; id++) {
            out.add((T) s.entries[(int) (id - 1)]);
        }
        return out;
    }
}
