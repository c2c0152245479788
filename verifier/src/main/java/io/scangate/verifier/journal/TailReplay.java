package io.scangate.verifier.journal;

import java.util.concurrent.CompletableFuture;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.scangate.verifier.ledger.ChronicleLedger;
import io.scangate.verifier.ledger.Ledger;
import io.scangate.verifier.ledger.LedgerBase;
import io.scangate.verifier.ledger.ParallelLoader;
import io.scangate.verifier.ledger.RequestWindow;
import io.scangate.verifier.ledger.TailCollector;
import io.scangate.verifier.snapshot.SnapshotReader;

/**
 * Recovery's replay of the journal after what it restored (all of it, after a clean stop's
 * position, or after a snapshot's), and the ledger's refill behind the server when a snapshot is
 * restored (docs/SNAPSHOTS.md, "How the ledger is refilled").
 *
 * <p>Concurrency: the recovering thread, with pool threads of its own.
 */
final class TailReplay {
    private static final Logger LOG = LoggerFactory.getLogger(TailReplay.class);

    private TailReplay() {
    }

    /** What {@code f} makes, or what making it threw. */
    static <T> T join(final CompletableFuture<T> f) {
        try {
            return f.join();
        } catch (final java.util.concurrent.CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    /**
     * Replays the journal from {@code from} into the components; returns how many records. A
     * ledger nobody reads yet takes the journal's states from one thread per core when rebuilt;
     * when restored from a snapshot, the snapshot's ledger section is indexed, the journal's states
     * collected in the heap, and both put into the map by a thread of its own while the server
     * runs ({@link ChronicleLedger#refillFrom}), unless half the heap cannot hold both: then
     * the section is inserted first, as before. The map ({@code fresh}) may still be being made
     * on a pool thread: it is only needed once the tail has been collected.
     */
    static long replay(final FileJournal journal, final int segmentBytes, final Restore.Positions from,
                       final CompletableFuture<ChronicleLedger> fresh, final Recovery.Mode mode, final SnapshotReader snap,
                       final RequestWindow requests, final Recovery.Books books) {
        final boolean behind = mode == Recovery.Mode.SNAPSHOT && Restore.refillFitsTheHeap(snap, journal, segmentBytes, from.ledger());
        final ChronicleLedger ledger = behind ? null : join(fresh);
        if (mode == Recovery.Mode.SNAPSHOT && !behind) {
            Restore.ledger(snap, ledger);
        }
        // the snapshot's codes sorted for indexing on another thread while this one reads the journal
        final CompletableFuture<LedgerBase.Prepared> prepared = behind ? CompletableFuture.supplyAsync(() -> Restore.prepareLedgerBase(snap)) : null;
        final TailCollector tail = behind ? new TailCollector(Long.MAX_VALUE) : null;
        final ParallelLoader loader = mode == Recovery.Mode.OPENED || behind ? null
                : new ParallelLoader(ledger, Math.max(1, Runtime.getRuntime().availableProcessors()));
        final Ledger into = tail != null ? tail : loader != null ? loader.asLedger(ledger) : ledger;
        final RecordReplayer replayer = new RecordReplayer(into, requests, books.batches, books.campaigns, books.channel, books.links)
                .consumers(books.lifecycleLog, books.lifecycleLog).audit(books.audit).from(from);
        final long t0 = System.nanoTime();
        try {
            journal.replay(from.min(), replayer);
        } finally {
            if (loader != null) {
                loader.finish();
            }
        }
        LOG.info("event=journal_replayed records={} millis={}", replayer.records(), (System.nanoTime() - t0) / 1_000_000);
        if (tail != null) {
            final LedgerBase.Built base = Restore.ledgerBase(snap, join(prepared), tail);
            join(fresh).refillFrom(tail.toBase(), base);
        }
        return replayer.records();
    }
}
