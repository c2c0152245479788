package io.scangate.verifier.snapshot;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.scangate.verifier.channel.ChannelSection;
import io.scangate.verifier.consumer.ConsumerSection;
import io.scangate.verifier.journal.JournalPosition;
import io.scangate.verifier.journal.Recovery;
import io.scangate.verifier.ledger.RequestWindow;

/**
 * Takes snapshots of a running state while scans go on (docs/SNAPSHOTS.md): the ledger copied
 * fuzzily from the verifier's applied position, the in-heap books, the channel and the request
 * window captured exactly between two events, the consumer table copied during purchases and
 * finished between two events; then the older snapshots pruned to the newest {@code keep} and the
 * journal segments wholly before the oldest kept compacted (deleted or archived).
 *
 * <p>The verifier thread's part runs through a {@link SingleWriter}: the ring while the server
 * runs, the calling thread itself at a clean stop (the verifier has stopped). Its pauses are the
 * captures (no ledger work), reported in {@link Result#pauseMillis}.
 *
 * <p>Concurrency: {@link #take} is synchronized (one snapshot at a time) and runs on any thread
 * but the verifier's; the figures may be read anywhere.
 */
public final class Snapshotter {
    private static final Logger LOG = LoggerFactory.getLogger(Snapshotter.class);
    /** The snapshots' directory inside the data dir. */
    public static final String DIR = "snapshots";

    /** Runs an action on the single writer (the verifier thread) and returns its result. */
    @FunctionalInterface
    public interface SingleWriter {
        <T> T call(Supplier<T> action);
    }

    /** What one snapshot took: its file, position (the smallest of its sections'), bytes, time, and the verifier's longest pause. */
    public record Result(Path file, long position, long bytes, long millis, double pauseMillis, long codes, int compactedSegments) {
        @Override
        public String toString() {
            return "file=" + file.getFileName() + " position=" + JournalPosition.toString(position) + " bytes=" + bytes + " millis=" + millis
                    + " verifier_pause_ms=" + String.format(java.util.Locale.ROOT, "%.2f", pauseMillis) + " codes=" + codes
                    + " compacted_segments=" + compactedSegments;
        }
    }

    private final Recovery.State state;
    private final SnapshotStore store;
    private final int keep;
    private final Path archive;
    private volatile Result last;
    /** The request window's last copy, whose arrays the next capture reuses (snapshots are taken one at a time). */
    private volatile RequestWindow.Frozen lastWindow;
    private volatile long lastSuccessMillis;
    private volatile long failures;

    /**
     * Snapshots of {@code state} in {@code dataDir}/snapshots, keeping the newest {@code keep}; the
     * journal segments before the oldest kept are moved to {@code archive}, or deleted if it is null.
     */
    public Snapshotter(final Recovery.State state, final Path dataDir, final int keep, final Path archive) {
        if (keep < 1) {
            throw new IllegalArgumentException("snapshots kept must be at least 1, was " + keep);
        }
        this.state = state;
        this.lastWindow = state.requests().blankCopy(); // the first capture reuses it: its 20 MB are not allocated on the verifier thread
        this.store = new SnapshotStore(dataDir.resolve(DIR));
        this.keep = keep;
        this.archive = archive;
        try {
            java.nio.file.Files.createDirectories(dataDir.resolve(DIR));
            io.scangate.verifier.fs.OwnerOnly.restrict(dataDir.resolve(DIR)); // a copy of every scan and campaign seed
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot create " + dataDir.resolve(DIR), e);
        }
        // the newest by name (recovery has checked it, or skipped it and said why): no second read of a large file
        final java.util.List<Path> files = store.files();
        if (!files.isEmpty()) {
            final Path newest = files.get(0);
            lastSuccessMillis = newest.toFile().lastModified();
            last = new Result(newest, SnapshotStore.positionOf(newest), newest.toFile().length(), 0, 0, 0, 0);
        }
    }

    /** The parts captured on the verifier thread between two events, at {@code position}. */
    private record Parts(long position, BooksSection.Capture books, ChannelSection.Capture channel, RequestWindow.Frozen window,
                         ConsumerSection.Copy consumers, long pauseNanos) {
    }

    /** The consumer copy's end, taken on the verifier thread. */
    private record Finish(long position, byte[] bytes, long pauseNanos) {
    }

    /**
     * Takes a snapshot: {@code applied} gives the position whose records are all applied to the
     * ledger (read before the copy starts), {@code writer} runs the captures on the single writer.
     */
    public synchronized Result take(final LongSupplier applied, final SingleWriter writer) {
        final long t0 = System.nanoTime();
        try {
            final Result r = write(applied.getAsLong(), writer, t0);
            last = r;
            lastSuccessMillis = System.currentTimeMillis();
            LOG.info("event=snapshot_taken {}", r);
            return r;
        } catch (final RuntimeException e) {
            failures++;
            LOG.error("event=snapshot_failed error=\"{}\"", e.toString(), e);
            throw e;
        }
    }

    private Result write(final long ledgerPosition, final SingleWriter writer, final long t0) {
        final Path file = store.fileFor(ledgerPosition);
        long codes = 0;
        try (SnapshotWriter w = SnapshotWriter.create(file, ledgerPosition, System.currentTimeMillis())) {
            final Parts parts = writer.call(this::capture);
            double pause = parts.pauseNanos() / 1e6;
            boolean finished = false;
            try {
                codes = LedgerSection.write(state.ledger(), w.beginSection(LedgerSection.NAME, ledgerPosition));
                w.endSection();
                final OutputStream c = w.beginSection(ConsumerSection.NAME, parts.position());
                parts.consumers().writeBase(c);
                final Finish fin = writer.call(() -> finish(parts.consumers()));
                finished = true;
                pause = Math.max(pause, fin.pauseNanos() / 1e6);
                c.write(fin.bytes());
                w.endSection(fin.position());
            } finally {
                if (!finished) {
                    writer.call(() -> {
                        parts.consumers().abandon();
                        return null;
                    });
                }
            }
            writeCaptured(w, parts);
            w.commit();
            final long bytes = file.toFile().length();
            final int compacted = compact();
            return new Result(file, ledgerPosition, bytes, (System.nanoTime() - t0) / 1_000_000, pause, codes, compacted);
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot write snapshot " + file, e);
        }
    }

    /** Verifier thread: the exact parts. */
    private Parts capture() {
        final long t0 = System.nanoTime();
        final long position = state.journal().endPosition();
        final BooksSection.Capture books = BooksSection.capture(state.batches(), state.campaigns(), state.links(), state.channel(),
                state.audit(), state.consumers().events());
        final ChannelSection.Capture channel = ChannelSection.capture(state.channel());
        final RequestWindow.Frozen window = state.requests().copy(lastWindow); // take() runs one at a time: the last copy is written out
        lastWindow = window;
        final ConsumerSection.Copy consumers = ConsumerSection.begin(state.consumers().table());
        return new Parts(position, books, channel, window, consumers, System.nanoTime() - t0);
    }

    /** Verifier thread: the consumer table's finish, exact at the position now. */
    private Finish finish(final ConsumerSection.Copy copy) {
        final long t0 = System.nanoTime();
        final ByteArrayOutputStream b = new ByteArrayOutputStream(1 << 12);
        copy.finish(b);
        return new Finish(state.journal().endPosition(), b.toByteArray(), System.nanoTime() - t0);
    }

    private void writeCaptured(final SnapshotWriter w, final Parts parts) throws IOException {
        writeExact(w, parts.position(), parts.window(), parts.books(), parts.channel(), state.campaigns(), state.audit(),
                state.consumers().events(), state.channel());
    }

    /**
     * Writes the sections captured exactly between two events (the request window, the books, the
     * channel) at {@code position}, under the names recovery reads them by: for this snapshotter and
     * for a cluster member's, which captures them on its service thread.
     */
    public static void writeExact(final SnapshotWriter w, final long position, final RequestWindow.Frozen window, final BooksSection.Capture books,
                                  final ChannelSection.Capture channel, final io.scangate.verifier.campaign.CampaignBook campaigns,
                                  final io.scangate.verifier.audit.AuditLog audit, final io.scangate.verifier.consumer.LifecycleLog events,
                                  final io.scangate.verifier.channel.ChannelBook channelBook) throws IOException {
        final DataOutputStream out = new DataOutputStream(w.beginSection(WINDOW, position));
        window.writeTo(out);
        out.flush();
        w.endSection();
        BooksSection.write(books, campaigns, audit, events, w.beginSection(BooksSection.NAME, position));
        w.endSection();
        ChannelSection.write(channel, channelBook, w.beginSection(ChannelSection.NAME, position));
        w.endSection();
    }

    /** The request window's section name. */
    public static final String WINDOW = "requests";

    /** Prunes to the newest {@link #keep} snapshots and compacts the journal before the oldest kept; returns segments compacted. */
    private int compact() {
        final Path oldest = store.prune(keep);
        if (oldest == null) {
            return 0;
        }
        return state.journal().compactBefore(JournalPosition.segment(SnapshotStore.positionOf(oldest)), archive);
    }

    /** The last snapshot taken (or found at start), or null. */
    public Result last() {
        return last;
    }

    /** Wall-clock millis of the last successful snapshot (or the newest found at start), 0 if none. */
    public long lastSuccessMillis() {
        return lastSuccessMillis;
    }

    public long failures() {
        return failures;
    }

    /** The snapshots' store. */
    public SnapshotStore store() {
        return store;
    }
}
