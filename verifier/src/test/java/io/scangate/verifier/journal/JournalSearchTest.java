package io.scangate.verifier.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.scangate.verifier.ledger.CodeState;

/** {@link JournalSearch}: the newest matches first, from the tail backwards, within its byte bound, durable records only. */
class JournalSearchTest {
    private static final int SEGMENT = 1 << 16;
    private static final long CODE = 42;

    @TempDir
    Path dir;

    private static JournalSearch.Filter codeIs(final long codeId) {
        return (b, off, type, length) -> type == JournalRecord.TYPE_CODE_STATE && b.getLong(off + JournalRecord.CODE_ID) == codeId;
    }

    /** Appends {@code rounds} rounds of one scan of CODE and {@code others} scans of other codes; returns the journal, forced. */
    private FileJournal journalWith(final int rounds, final int others) {
        final FileJournal journal = FileJournal.open(dir, SEGMENT);
        final CodeState code = new CodeState();
        final CodeState other = new CodeState();
        for (int r = 0; r < rounds; r++) {
            code.scanCount = r + 1;
            journal.appendCodeState(CODE, code, r, 0, JournalRecord.CAUSE_SCAN, 0);
            for (int o = 0; o < others; o++) {
                other.scanCount = 1;
                journal.appendCodeState(1000 + r * others + o, other, 7, 0, JournalRecord.CAUSE_SCAN, 0);
            }
        }
        journal.force();
        return journal;
    }

    private long segments() {
        try (var files = java.nio.file.Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".log")).count();
        } catch (final java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static List<Integer> scanCounts(final JournalSearch.Result r) {
        final CodeState s = new CodeState();
        return r.newestFirst().stream().map(f -> {
            JournalRecord.readCodeState(f.record(), 0, s);
            return s.scanCount;
        }).toList();
    }

    @Test
    void newestMatchesComeFirstAcrossSegments() {
        try (FileJournal journal = journalWith(200, 20)) {
            assertTrue(segments() > 5, "the history spans many segments: " + segments());

            final JournalSearch.Result r = new JournalSearch(dir, journal::durablePosition).newest(codeIs(CODE), 10, Long.MAX_VALUE);

            assertEquals(List.of(200, 199, 198, 197, 196, 195, 194, 193, 192, 191), scanCounts(r));
            assertFalse(r.wholeJournal(), "ten found in the newest segments: the oldest were not read");
        }
    }

    @Test
    void allMatchesWhenTheWholeJournalFitsTheBound() {
        try (FileJournal journal = journalWith(30, 20)) {
            final JournalSearch.Result r = new JournalSearch(dir, journal::durablePosition).newest(codeIs(CODE), 100, Long.MAX_VALUE);

            assertEquals(30, r.newestFirst().size());
            assertEquals(30, scanCounts(r).get(0));
            assertEquals(1, scanCounts(r).get(29));
            assertTrue(r.wholeJournal());
        }
    }

    @Test
    void theByteBoundStopsBeforeOlderSegments() {
        try (FileJournal journal = journalWith(200, 20)) {
            final JournalSearch.Result r = new JournalSearch(dir, journal::durablePosition).newest(codeIs(CODE), 100, 1);

            assertEquals(1, r.segmentsRead(), "the newest segment is always read, no other past the bound");
            assertFalse(r.wholeJournal());
            assertTrue(r.bytesRead() <= SEGMENT);
            assertEquals(200, scanCounts(r).get(0));
            assertTrue(r.newestFirst().size() < 200);
        }
    }

    @Test
    void recordsAcrossReadChunksAndLargeRecordsAreReadWhole() {
        try (FileJournal journal = FileJournal.open(dir, 8 << 20)) {
            final CodeState code = new CodeState();
            final byte[] small = ("{\"pad\":\"" + "x".repeat(190) + "\"}").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            final byte[] large = ("{\"pad\":\"" + "y".repeat(1_500_000) + "\"}").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            for (int r = 1; r <= 12_000; r++) {
                code.scanCount = r;
                journal.appendCodeState(CODE, code, r, 0, JournalRecord.CAUSE_SCAN, 0);
                journal.appendJson(JournalRecord.TYPE_CAMPAIGN, r == 6_000 ? large : small); // 232 bytes: records straddle the 1 MiB reads
            }
            journal.force();

            final JournalSearch.Result r = new JournalSearch(dir, journal::durablePosition).newest(codeIs(CODE), 100, Long.MAX_VALUE);

            assertEquals(100, r.newestFirst().size());
            assertEquals(12_000, scanCounts(r).get(0));
            assertEquals(11_901, scanCounts(r).get(99));
            assertTrue(r.bytesRead() > 5_000_000, "read past the large record: " + r.bytesRead());
        }
    }

    @Test
    void recordsPastTheDurablePositionAreNotShown() {
        try (FileJournal journal = journalWith(3, 0)) {
            final long durable = journal.durablePosition();
            final CodeState later = new CodeState();
            later.scanCount = 4;
            journal.appendCodeState(CODE, later, 0, 0, JournalRecord.CAUSE_SCAN, 0); // appended, not forced

            final JournalSearch.Result r = new JournalSearch(dir, () -> durable).newest(codeIs(CODE), 10, Long.MAX_VALUE);

            assertEquals(List.of(3, 2, 1), scanCounts(r));
        }
    }
}
