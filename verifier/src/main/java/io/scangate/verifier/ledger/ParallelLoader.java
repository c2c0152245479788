package io.scangate.verifier.ledger;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Puts codes into a ledger nobody else uses yet (recovery: a snapshot's ledger section, then the
 * journal after it) with several threads: {@link #put} copies the state into a block of its code's
 * partition, and a full block goes to that partition's thread, which puts it with its own
 * {@link ChronicleLedger.Putter}. A code always falls in the same partition, so its states are put
 * in the order they came. Chronicle Map's segments lock apart, so the puts scale with the cores.
 * {@link #finish()} hands over what is left and waits for every thread.
 *
 * <p>Concurrency: {@link #put} and {@link #finish} on one thread; the workers are its own.
 */
public final class ParallelLoader {
    /** Entries a block carries. */
    private static final int BLOCK = 4096;
    private static final long[] END = new long[0];

    private final int partitions;
    private final List<BlockingQueue<long[]>> queues = new ArrayList<>();
    private final List<Thread> workers = new ArrayList<>();
    private final long[][] filling;
    private final int[] filled;
    private final AtomicReference<RuntimeException> failed = new AtomicReference<>();
    private long count;

    /** A loader into {@code ledger} with {@code threads} putting threads. */
    public ParallelLoader(final ChronicleLedger ledger, final int threads) {
        this.partitions = Math.max(1, threads);
        this.filling = new long[partitions][];
        this.filled = new int[partitions];
        for (int p = 0; p < partitions; p++) {
            final BlockingQueue<long[]> q = new ArrayBlockingQueue<>(4);
            final ChronicleLedger.Putter putter = ledger.putter();
            final Thread t = new Thread(() -> work(q, putter), "scangate-load-" + p);
            t.setDaemon(true);
            queues.add(q);
            workers.add(t);
            t.start();
            filling[p] = new long[BLOCK * CodeState.LONGS_WITH_ID];
        }
    }

    /** Queues {@code state} for {@code codeId} (copied). */
    public void put(final long codeId, final CodeState state) {
        final int p = (int) (((codeId * 0x9E3779B97F4A7C15L) >>> 33) % partitions);
        final long[] block = filling[p];
        final int at = filled[p];
        state.store(codeId, block, at * CodeState.LONGS_WITH_ID);
        filled[p] = at + 1;
        count++;
        if (at + 1 == BLOCK) {
            hand(p, block);
            filling[p] = new long[BLOCK * CodeState.LONGS_WITH_ID];
            filled[p] = 0;
        }
    }

    /** This loader as a ledger that only takes puts (journal replay into a fresh ledger); the rest is refused. */
    public Ledger asLedger(final ChronicleLedger ledger) {
        return new PutOnlyLedger() {
            @Override
            public void put(final long codeId, final CodeState state) {
                ParallelLoader.this.put(codeId, state);
            }

            @Override
            public long size() {
                return ledger.size();
            }

            @Override
            public long capacity() {
                return ledger.capacity();
            }

            @Override
            public void close() {
                finish();
            }
        };
    }

    /** Codes put so far (the same code counts at each put). */
    public long count() {
        return count;
    }

    /** Hands over the partial blocks, waits for every thread; throws what a worker threw. */
    public void finish() {
        for (int p = 0; p < partitions; p++) {
            if (filled[p] > 0) {
                hand(p, java.util.Arrays.copyOf(filling[p], filled[p] * CodeState.LONGS_WITH_ID));
                filled[p] = 0;
            }
            hand(p, END);
        }
        try {
            for (final Thread t : workers) {
                t.join();
            }
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while loading the ledger", e);
        }
        if (failed.get() != null) {
            throw failed.get();
        }
    }

    private void hand(final int p, final long[] block) {
        try {
            while (failed.get() == null && !queues.get(p).offer(block, 100, TimeUnit.MILLISECONDS)) {
                // the worker is putting
            }
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while loading the ledger", e);
        }
        if (failed.get() != null) {
            throw failed.get();
        }
    }

    private void work(final BlockingQueue<long[]> q, final ChronicleLedger.Putter putter) {
        final CodeState s = new CodeState();
        try {
            for (long[] block = q.take(); block != END; block = q.take()) {
                for (int at = 0; at < block.length; at += CodeState.LONGS_WITH_ID) {
                    putter.put(s.load(block, at), s);
                }
            }
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (final RuntimeException e) {
            failed.compareAndSet(null, e);
            q.clear();
        }
    }
}
