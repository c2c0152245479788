package io.scangate.verifier.journal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import org.agrona.collections.LongHashSet;

import io.scangate.verifier.ledger.ChronicleLedger;
import io.scangate.verifier.ledger.CodeState;
import io.scangate.verifier.snapshot.LedgerSection;
import io.scangate.verifier.snapshot.SnapshotReader;

/**
 * Proves a live ledger equals the newest valid snapshot's ledger plus the journal after it (the
 * whole journal without a snapshot), without holding scans up: the expected ledger is built and
 * compared on the caller's thread while the verifier goes on, which leaves as suspects only the
 * codes that changed meanwhile; those are checked again after catching the expected ledger up, and
 * the last few on the verifier thread, after the journal's last records (only those since the
 * previous catch-up). That last step is the whole pause.
 *
 * <p>Concurrency: {@link #run} on any thread but the verifier's; the final step through
 * {@code onWriter}. The expected ledger is used by one step at a time (each waits for the one
 * before), so it is read with its own reusable reference; the live one only with
 * {@code readShared}.
 */
public final class LedgerCheck {
    /** Catch-ups off the verifier thread before the last step. */
    private static final int ROUNDS = 3;
    private static final int REPORTED = 10;

    private final Path dataDir;
    private final FileJournal journal;
    private final ChronicleLedger live;
    private final long entries;

    public LedgerCheck(final Path dataDir, final FileJournal journal, final ChronicleLedger live, final long entries) {
        this.dataDir = dataDir;
        this.journal = journal;
        this.live = live;
        this.entries = entries;
    }

    /** What a check found. */
    public record Result(long mismatches, List<String> differences, long codes, String base, long replayed, double pauseMillis, long millis) {
    }

    /** Runs an action on the single writer and returns its result. */
    @FunctionalInterface
    public interface OnWriter {
        <T> T call(Supplier<T> action);
    }

    /** Checks the ledger; {@code onWriter} runs the last step on the verifier thread (or inline when it has stopped). */
    public Result run(final OnWriter onWriter) {
        final long t0 = System.nanoTime();
        try (ChronicleLedger expected = ChronicleLedger.inMemory(entries)) {
            final SnapshotReader snap = Restore.newest(dataDir, new StringBuilder());
            long from = JournalPosition.of(0, 0);
            if (snap != null) {
                try (java.io.InputStream in = snap.stream(LedgerSection.NAME)) {
                    LedgerSection.read(in, expected);
                } catch (final java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                from = Restore.position(snap, LedgerSection.NAME);
            }
            final CatchUp up = new CatchUp(expected, from);
            up.run();
            final LongHashSet suspects = compareAll(expected);
            for (int round = 0; round < ROUNDS && !suspects.isEmpty(); round++) {
                up.run();
                recheck(expected, suspects, live::readShared);
            }
            final double[] pause = {0};
            final List<String> differences = new ArrayList<>();
            final long mismatches = onWriter.call(() -> {
                final long p0 = System.nanoTime();
                up.run();
                recheck(expected, suspects, live::readShared);
                final long n = report(expected, suspects, differences);
                pause[0] = (System.nanoTime() - p0) / 1e6;
                return n;
            });
            return new Result(mismatches, differences, live.size(), snap == null ? "journal start" : snap.file().getFileName().toString(),
                    up.records, pause[0], (System.nanoTime() - t0) / 1_000_000);
        }
    }

    /** Replays the journal into the expected ledger from where the last catch-up ended. */
    private final class CatchUp {
        private final ChronicleLedger expected;
        private long from;
        private long records;

        CatchUp(final ChronicleLedger expected, final long from) {
            this.expected = expected;
            this.from = from;
        }

        void run() {
            final RecordReplayer replayer = new RecordReplayer(expected, null, null, null, null, null);
            final long start = from;
            journal.replay(start, (buffer, offset, type, sequence, end) -> {
                replayer.onRecord(buffer, offset, type, sequence, end);
                from = end;
            });
            records += replayer.records();
        }
    }

    /** Codes that differ between the live and the expected ledger now (fuzzy: some only because they changed meanwhile). */
    private LongHashSet compareAll(final ChronicleLedger expected) {
        final LongHashSet suspects = new LongHashSet();
        final CodeState want = new CodeState();
        live.forEachCopied((s, codeId) -> {
            if (!expected.read(codeId, want) || !want.equals(s)) {
                suspects.add(codeId);
            }
        });
        final CodeState have = new CodeState();
        expected.forEach((s, codeId) -> {
            if (!live.readShared(codeId, have)) {
                suspects.add(codeId);
            }
        });
        return suspects;
    }

    @FunctionalInterface
    private interface Reader {
        boolean read(long codeId, CodeState into);
    }

    /** Drops the suspects that match now. */
    private static void recheck(final ChronicleLedger expected, final LongHashSet suspects, final Reader live) {
        final CodeState have = new CodeState();
        final CodeState want = new CodeState();
        final LongHashSet.LongIterator it = suspects.iterator();
        while (it.hasNext()) {
            final long codeId = it.nextValue();
            final boolean inLive = live.read(codeId, have);
            final boolean inExpected = expected.read(codeId, want);
            if (inLive == inExpected && (!inLive || have.equals(want))) {
                it.remove();
            }
        }
    }

    private long report(final ChronicleLedger expected, final LongHashSet suspects, final List<String> out) {
        final CodeState have = new CodeState();
        final CodeState want = new CodeState();
        final LongHashSet.LongIterator it = suspects.iterator();
        while (it.hasNext() && out.size() < REPORTED) {
            final long codeId = it.nextValue();
            out.add("code id " + codeId + ": ledger " + (live.readShared(codeId, have) ? have : "has nothing") + ", journal "
                    + (expected.read(codeId, want) ? want : "has nothing"));
        }
        return suspects.size();
    }

    /**
     * Replays the whole journal into a fresh in-memory ledger and compares it with {@code ledger}
     * entry by entry (empty entries ignored). Reports up to 10 differences to {@code report};
     * returns how many codes differ.
     */
    public static long wholeJournal(final FileJournal journal, final io.scangate.verifier.ledger.Ledger ledger, final long entries,
                              final java.util.function.Consumer<String> report) {
        try (ChronicleLedger fresh = ChronicleLedger.inMemory(entries)) {
            Recovery.replay(journal, JournalPosition.of(0, 0), fresh, io.scangate.verifier.batch.BatchRegistry.inMemory(), new io.scangate.verifier.ledger.RequestWindow(16), null, null);
            final java.util.Map<Long, CodeState> expected = new java.util.HashMap<>();
            fresh.forEach((s, codeId) -> {
                final CodeState copy = new CodeState();
                copy.copyFrom(s);
                expected.put(codeId, copy);
            });
            final long[] mismatches = {0};
            ledger.forEach((s, codeId) -> {
                final CodeState want = expected.remove(codeId);
                if (!s.equals(want) && mismatches[0]++ < 10) {
                    report.accept("code id " + codeId + ": ledger " + s + ", journal " + want);
                }
            });
            for (final java.util.Map.Entry<Long, CodeState> missing : expected.entrySet()) {
                if (mismatches[0]++ < 10) {
                    report.accept("code id " + missing.getKey() + ": ledger has nothing, journal " + missing.getValue());
                }
            }
            return mismatches[0];
        }
    }
}
