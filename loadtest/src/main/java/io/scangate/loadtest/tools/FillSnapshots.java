package io.scangate.loadtest.tools;

import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Supplier;

import io.scangate.verifier.journal.JournalPosition;
import io.scangate.verifier.journal.Recovery;
import io.scangate.verifier.snapshot.Snapshotter;

/**
 * The snapshot schedule of {@link FillLedger}: a snapshot with the real {@link Snapshotter} (keep
 * 2, no archive: compaction deletes the journal segments wholly before the older one) every
 * {@code every} bytes of journal, counted back from the fill's expected end, so that the crash at
 * the end leaves just under {@code every} bytes of journal after the newest snapshot: the most the
 * server's {@code snapshot.journal.bytes} schedule leaves (plus, in the server, what scans append
 * while the snapshot is taken; here nothing, the fill waits for it).
 *
 * <p>Concurrency: the fill's thread, which is the verifier thread, so it is also the snapshot's
 * single writer ({@code Supplier::get}) and its applied position is the journal's end.
 */
final class FillSnapshots {
    private final Recovery.State state;
    private final Snapshotter snapshotter;
    private final long every;
    private final int segmentBytes;
    private long multiples = -1;
    private long lastPosition = -1;
    private int taken;
    private long totalMillis;
    private long maxMillis;
    private double maxPauseMillis;

    FillSnapshots(final Recovery.State state, final Path dataDir, final long every, final int segmentBytes) {
        this.state = state;
        this.snapshotter = new Snapshotter(state, dataDir, 2, null);
        this.every = every;
        this.segmentBytes = segmentBytes;
    }

    /** Journal bytes up to the journal's end (segments compacted away included). */
    long journalBytes() {
        return bytesOf(state.journal().endPosition());
    }

    private long bytesOf(final long position) {
        return (long) JournalPosition.segment(position) * segmentBytes + JournalPosition.offset(position);
    }

    /**
     * After {@code done} of {@code total} scans: takes a snapshot when the journal still expected
     * (the bytes per scan so far times the scans left) has just crossed a multiple of {@code every}.
     */
    void check(final long done, final long total) {
        final long bytes = journalBytes();
        final long remaining = (long) ((double) bytes / done * (total - done));
        final long m = remaining / every;
        if (multiples < 0) {
            multiples = m;
            return;
        }
        if (m < multiples) {
            multiples = m;
            take(done);
        }
    }

    private void take(final long done) {
        final Snapshotter.Result r = snapshotter.take(() -> state.journal().endPosition(), Supplier::get);
        taken++;
        totalMillis += r.millis();
        maxMillis = Math.max(maxMillis, r.millis());
        maxPauseMillis = Math.max(maxPauseMillis, r.pauseMillis());
        lastPosition = r.position();
        System.out.printf(Locale.ROOT, "snapshot: #%d after %,d scans at journal byte %,d: %d bytes, %d codes, %d ms, %d segment(s)"
                + " compacted%n", taken, done, bytesOf(r.position()), r.bytes(), r.codes(), r.millis(), r.compactedSegments());
    }

    /** One line: how many snapshots, their time, and the journal tail after the newest. */
    String summary() {
        final long tail = lastPosition < 0 ? journalBytes() : journalBytes() - bytesOf(lastPosition);
        return String.format(Locale.ROOT, "snapshots: %d taken every %d journal bytes (counted back from the end), %d ms in all,"
                + " longest %d ms, longest verifier pause %.2f ms; journal tail after the newest: %d bytes", taken, every, totalMillis,
                maxMillis, maxPauseMillis, tail);
    }
}
