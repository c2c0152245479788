package io.scangate.verifier.batch;

import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

/**
 * Immutable snapshot of all batches, sorted by first code id, so a code id finds its batch by
 * binary search in O(log n) with no memory per code. Batch ranges never overlap.
 *
 * <p>Concurrency: immutable; safe to share between threads.
 */
public final class BatchIndex {
    static final BatchIndex EMPTY = new BatchIndex(List.of());

    private final long[] starts;
    private final Batch[] sorted;
    private final List<Batch> byId;

    BatchIndex(final List<Batch> batches) {
        this.sorted = batches.toArray(new Batch[0]);
        Arrays.sort(sorted, Comparator.comparingLong(Batch::firstCodeId));
        this.starts = new long[sorted.length];
        for (int i = 0; i < sorted.length; i++) {
            starts[i] = sorted[i].firstCodeId();
        }
        final Batch[] ids = batches.toArray(new Batch[0]);
        Arrays.sort(ids, Comparator.comparingLong(Batch::batchId));
        this.byId = Collections.unmodifiableList(Arrays.asList(ids));
    }

    /** The batch holding {@code codeId}, or null. */
    public Batch find(final long codeId) {
        int lo = 0;
        int hi = starts.length - 1;
        while (lo <= hi) {
            final int mid = (lo + hi) >>> 1;
            if (starts[mid] <= codeId) {
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        if (hi < 0) {
            return null;
        }
        final Batch candidate = sorted[hi];
        return candidate.contains(codeId) ? candidate : null;
    }

    /** The batch with id {@code batchId}, or null. */
    public Batch byId(final long batchId) {
        int lo = 0;
        int hi = byId.size() - 1;
        while (lo <= hi) {
            final int mid = (lo + hi) >>> 1;
            final long id = byId.get(mid).batchId();
            if (id < batchId) {
                lo = mid + 1;
            } else if (id > batchId) {
                hi = mid - 1;
            } else {
                return byId.get(mid);
            }
        }
        return null;
    }

    /** All batches in id order. */
    public List<Batch> all() {
        return byId;
    }

    public int size() {
        return byId.size();
    }
}
