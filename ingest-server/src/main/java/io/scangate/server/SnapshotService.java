package io.scangate.server;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.scangate.server.ops.ScanMetrics;
import io.scangate.verifier.journal.JournalPosition;
import io.scangate.verifier.journal.LedgerCheck;
import io.scangate.verifier.journal.Recovery;
import io.scangate.verifier.ring.VerifierRing;
import io.scangate.verifier.snapshot.Snapshotter;
import io.scangate.verifier.verdict.AdminCommand;

/**
 * The server's maintenance thread: snapshots on the schedule ({@code snapshot.interval} since the
 * last, or {@code snapshot.journal.bytes} of journal), on demand and at a clean stop; backups;
 * ledger verification. All run one at a time on {@code scangate-snapshot}, their verifier-thread
 * steps through the ring as admin commands, so scans go on meanwhile.
 *
 * <p>Concurrency: the public methods may be called from any thread; they hand their work to the
 * maintenance thread and answer with a future. {@link #close} and {@link #takeAtStop} on the
 * lifecycle thread.
 */
final class SnapshotService implements io.scangate.server.ops.Maintenance, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SnapshotService.class);
    private static final long CALL_TIMEOUT_SECONDS = 60;

    private final ServerConfig config;
    private final Recovery.State stores;
    private final VerifierRing ring;
    private final Snapshotter snapshotter;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        final Thread t = new Thread(r, "scangate-snapshot");
        t.setDaemon(true);
        return t;
    });
    /** The journal's end when the last snapshot finished (or the newest found at start): whether it moved since. */
    private volatile long endAtLast;
    private volatile boolean pending;
    private final long startedMillis = System.currentTimeMillis();

    SnapshotService(final ServerConfig config, final Recovery.State stores, final VerifierRing ring) {
        this.config = config;
        this.stores = stores;
        this.ring = ring;
        this.snapshotter = new Snapshotter(stores, config.dataDir, config.snapshots.keep(), config.snapshots.archiveDir());
        this.endAtLast = snapshotter.last() == null ? -1 : snapshotter.last().position();
    }

    /** Registers the snapshot gauges. */
    void bind(final ScanMetrics metrics) {
        metrics.gauge("scangate.snapshot.age.seconds",
                "Seconds since the last snapshot succeeded (or the newest found at start); without any, since the server started",
                this, s -> (System.currentTimeMillis() - (s.snapshotter.lastSuccessMillis() == 0 ? s.startedMillis : s.snapshotter.lastSuccessMillis())) / 1000.0);
        metrics.gauge("scangate.snapshot.last.success.timestamp.seconds", "When the last snapshot succeeded, epoch seconds; 0 if none",
                this, s -> s.snapshotter.lastSuccessMillis() / 1000.0);
        metrics.gauge("scangate.snapshot.duration.seconds", "How long the last snapshot took", this,
                s -> s.snapshotter.last() == null ? 0 : s.snapshotter.last().millis() / 1000.0);
        metrics.gauge("scangate.snapshot.size.bytes", "Size of the last snapshot file", this,
                s -> s.snapshotter.last() == null ? 0 : s.snapshotter.last().bytes());
        metrics.gauge("scangate.snapshot.pause.seconds", "The verifier's longest pause in the last snapshot (its captures)", this,
                s -> s.snapshotter.last() == null ? 0 : s.snapshotter.last().pauseMillis() / 1000.0);
        metrics.gauge("scangate.snapshot.journal.since.bytes", "Journal bytes written since the last snapshot's position", this,
                SnapshotService::journalBytesSince);
        metrics.functionCounter("scangate.snapshot.failures", "Snapshots that failed", this, s -> s.snapshotter.failures());
    }

    /** Checks the schedule (called every second): queues a snapshot when one is due and none is queued. */
    void tick() {
        if (pending) {
            return;
        }
        final long sinceMillis = System.currentTimeMillis() - snapshotter.lastSuccessMillis();
        final boolean moved = stores.journal().publishedPosition() != endAtLast;
        if (moved && sinceMillis >= config.snapshots.intervalMillis() || journalBytesSince() >= config.snapshots.journalBytes()) {
            pending = true;
            snapshot().whenComplete((r, e) -> pending = false);
        }
    }

    /** Journal bytes since the last snapshot's position (all of it if none). */
    double journalBytesSince() {
        final long from = snapshotter.last() == null ? 0 : snapshotter.last().position();
        return JournalPosition.bytesBetween(from, stores.journal().publishedPosition(), config.journalSegmentBytes);
    }

    /** Takes a snapshot now; the future completes with what it took. */
    @Override
    public CompletableFuture<Object> snapshot() {
        return submit(() -> describe(takeNow()));
    }

    private Snapshotter.Result takeNow() {
        final Snapshotter.Result r = snapshotter.take(ring::appliedPosition, this::onVerifier);
        endAtLast = stores.journal().publishedPosition();
        return r;
    }

    /** Verifies the ledger against the newest snapshot and the journal after it. */
    @Override
    public CompletableFuture<Object> verifyLedger() {
        return submit(() -> {
            final LedgerCheck.Result r = new LedgerCheck(config.dataDir, stores.journal(), stores.ledger(), config.ledgerEntries)
                    .run(this::onVerifier);
            final Map<String, Object> m = new LinkedHashMap<>();
            m.put("matches", r.mismatches() == 0);
            m.put("mismatches", r.mismatches());
            m.put("differences", r.differences());
            m.put("ledgerEntries", r.codes());
            m.put("from", r.base());
            m.put("recordsReplayed", r.replayed());
            m.put("verifierPauseMillis", Math.round(r.pauseMillis() * 100) / 100.0);
            m.put("millis", r.millis());
            return m;
        });
    }

    /** Writes a backup into {@code to}: a fresh snapshot, the journal after it, the keys and tokens. */
    @Override
    public CompletableFuture<Object> backup(final String to) {
        final Path target = Backup.target(config.dataDir, to);
        return submit(() -> new Backup(config.dataDir, stores.journal()).write(target, takeNow()));
    }

    /** Clean stop, after the ring has stopped: a last snapshot taken on this thread, which now is the single writer. */
    void takeAtStop() {
        final Snapshotter.Result r = snapshotter.take(() -> stores.journal().endPosition(), Supplier::get);
        LOG.info("event=snapshot_at_stop {}", r);
    }

    private CompletableFuture<Object> submit(final Supplier<Object> work) {
        return CompletableFuture.supplyAsync(work, thread);
    }

    private static Map<String, Object> describe(final Snapshotter.Result r) {
        final Map<String, Object> m = new LinkedHashMap<>();
        m.put("file", r.file().getFileName().toString());
        m.put("position", JournalPosition.toString(r.position()));
        m.put("bytes", r.bytes());
        m.put("codes", r.codes());
        m.put("millis", r.millis());
        m.put("verifierPauseMillis", Math.round(r.pauseMillis() * 100) / 100.0);
        m.put("compactedSegments", r.compactedSegments());
        return m;
    }

    /** Runs {@code action} on the verifier thread through the ring (retrying briefly while it is full) and waits for it. */
    @SuppressWarnings("unchecked")
    private <T> T onVerifier(final Supplier<T> action) {
        final AdminCommand command = AdminCommand.of(v -> action.get());
        for (int tries = 0; !ring.tryPublishAdmin(command); tries++) {
            if (tries > 5_000) {
                throw new IllegalStateException("the verifier ring stayed full for 5 s");
            }
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
        }
        try {
            return (T) command.result().get(CALL_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (final ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (final TimeoutException e) {
            throw new IllegalStateException("the verifier did not run a snapshot step within " + CALL_TIMEOUT_SECONDS + " s", e);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Stops the maintenance thread, letting a snapshot in progress finish (the ring still runs). */
    @Override
    public void close() {
        thread.shutdown();
        try {
            if (!thread.awaitTermination(CALL_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                LOG.warn("event=snapshot_thread_stuck action=interrupt");
                thread.shutdownNow();
            }
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
