package io.scangate.verifier.journal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.scangate.verifier.consumer.ConsumerFiles;
import io.scangate.verifier.batch.BatchRegistry;
import io.scangate.verifier.ledger.ChronicleLedger;
import io.scangate.verifier.ledger.CodeState;
import io.scangate.verifier.ledger.RequestWindow;

/**
 * A journal record of a type this version does not know (written by a newer version, or a type
 * added without its replay) stops recovery with the record's position named, on every path:
 * skipping it would silently lose its effect.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class UnknownRecordTypeTest {
    private static final long ENTRIES = 10_000;
    private static final int SEGMENT = 4096;
    /** The next type a newer version would add. */
    private static final int UNKNOWN_TYPE = JournalRecord.TYPE_AUDIT + 1;

    @TempDir
    Path dataDir;

    /** Journals a few scans, a record of an unknown type and a scan after it; returns the unknown record's position. */
    private static long journalWithAnUnknownRecord(final Recovery.State s) {
        for (int i = 1; i <= 3; i++) {
            scan(s, i);
        }
        final long at = s.journal().endPosition();
        s.journal().appendJson(UNKNOWN_TYPE, "{\"written\":\"by a newer version\"}".getBytes(StandardCharsets.UTF_8));
        scan(s, 4);
        return at;
    }

    private static void scan(final Recovery.State s, final long codeId) {
        final CodeState state = new CodeState();
        state.countScan(1_000 + codeId, 77, 0);
        s.journal().appendCodeState(codeId, state, 77, 0, JournalRecord.CAUSE_SCAN, codeId * 31);
        s.ledger().put(codeId, state);
    }

    private static void assertNamesTheRecord(final IllegalStateException e, final long at) {
        final String message = e.getMessage();
        assertTrue(message.contains("unknown type " + UNKNOWN_TYPE), message);
        assertTrue(message.contains("position " + JournalPosition.toString(at)), message);
        assertTrue(message.contains("sequence 4"), message);
    }

    private static Set<Thread> preparerThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().equals("scangate-journal-prepare")).collect(Collectors.toSet());
    }

    @Test
    void shouldRefuseAnUnknownRecordTypeOnAStartAfterACleanStop() throws InterruptedException {
        final Recovery.State first = Recovery.open(dataDir, ENTRIES, SEGMENT);
        final long at = journalWithAnUnknownRecord(first);
        final long end = first.journal().endPosition();
        first.ledger().close();
        first.journal().close();
        ConsumerFiles.closeAndSeal(dataDir, first.consumers().table(), end);
        new Checkpoint(end, true, Checkpoint.currentBootId(), Checkpoint.fileCrc(dataDir.resolve(Recovery.LEDGER_FILE))).write(dataDir);
        final Set<Thread> threadsBefore = preparerThreads();

        final IllegalStateException e = assertThrows(IllegalStateException.class, () -> Recovery.open(dataDir, ENTRIES, SEGMENT));

        assertNamesTheRecord(e, at);
        for (final Thread t : preparerThreads()) {
            if (!threadsBefore.contains(t)) {
                t.join(5_000); // its last instructions may still run after close() returned
                assertFalse(t.isAlive(), "the refused recovery closed the journal it opened");
            }
        }
    }

    @Test
    void shouldRefuseAnUnknownRecordTypeWhenRebuildingAfterACrash() {
        final Recovery.State first = Recovery.open(dataDir, ENTRIES, SEGMENT);
        final long at = journalWithAnUnknownRecord(first);
        first.ledger().close();
        first.journal().close(); // no clean checkpoint: the ledger is rebuilt from the whole journal

        final IllegalStateException e = assertThrows(IllegalStateException.class, () -> Recovery.open(dataDir, ENTRIES, SEGMENT));

        assertNamesTheRecord(e, at);
    }

    @Test
    void shouldRefuseAnUnknownRecordTypeInAReplayWithoutCampaigns() {
        final Recovery.State first = Recovery.open(dataDir, ENTRIES, SEGMENT);
        final long at = journalWithAnUnknownRecord(first);
        try (ChronicleLedger fresh = ChronicleLedger.inMemory(ENTRIES)) {
            final IllegalStateException e = assertThrows(IllegalStateException.class, () -> Recovery.replay(first.journal(),
                    JournalPosition.of(0, 0), fresh, BatchRegistry.inMemory(), new RequestWindow(16), null, null));
            assertNamesTheRecord(e, at);
        } finally {
            first.ledger().close();
            first.journal().close();
        }
    }

    @Test
    void shouldRefuseAnUnknownRecordTypeWhenVerifyingTheLedger() {
        final Recovery.State first = Recovery.open(dataDir, ENTRIES, SEGMENT);
        final long at = journalWithAnUnknownRecord(first);
        try {
            final IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> LedgerCheck.wholeJournal(first.journal(), first.ledger(), ENTRIES, line -> { }));
            assertNamesTheRecord(e, at);
        } finally {
            first.ledger().close();
            first.journal().close();
        }
    }
}
