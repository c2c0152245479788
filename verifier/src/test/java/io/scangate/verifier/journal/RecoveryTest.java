package io.scangate.verifier.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.scangate.verifier.consumer.ConsumerFiles;
import io.scangate.verifier.batch.Batch;
import io.scangate.verifier.batch.BatchRegistry;
import io.scangate.verifier.batch.BatchSpec;
import io.scangate.verifier.batch.BatchState;
import io.scangate.verifier.code.KeyRing;
import io.scangate.verifier.ledger.ChronicleLedger;
import io.scangate.verifier.ledger.CodeState;
import io.scangate.verifier.ledger.Ledger;
import io.scangate.verifier.ledger.Regions;
import io.scangate.verifier.ledger.RequestWindow;
import io.scangate.verifier.verdict.ScanEvent;
import io.scangate.verifier.verdict.Verdict;
import io.scangate.verifier.verdict.Verifier;
import io.scangate.verifier.verdict.VerifierContext;

/**
 * Recovery of a data directory after clean stops, simulated crashes and damaged files. The
 * invariant checked everywhere: afterwards the ledger equals a fresh replay of the journal.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RecoveryTest {
    private static final long ENTRIES = 10_000;
    private static final int SEGMENT = 4096;
    private static final String OTHER_BOOT = "00000000-0000-0000-0000-000000000000";

    @TempDir
    Path dataDir;

    private final AtomicLong clock = new AtomicLong(1_700_000_000_000L);
    /** Everything opened, closed after each test (in reverse) if the test left it open. */
    private final List<Recovery.State> opened = new ArrayList<>();

    @AfterEach
    void closeLeftovers() {
        for (int i = opened.size() - 1; i >= 0; i--) {
            closeQuietly(opened.get(i));
        }
    }

    private static void closeQuietly(final Recovery.State s) {
        try {
            s.ledger().close();
        } catch (final RuntimeException ignored) {
            // already closed
        }
        try {
            s.journal().close();
        } catch (final RuntimeException ignored) {
            // already closed
        }
    }

    private Recovery.State open() {
        final Recovery.State s = Recovery.open(dataDir, ENTRIES, SEGMENT);
        opened.add(s);
        return s;
    }

    private Verifier verifier(final Recovery.State s) {
        return new Verifier(new VerifierContext().ledger(s.ledger()).journal(s.journal()).batches(s.batches()).keys(KeyRing.of(1, 1, 2))
                .clock(clock::get).requestWindow(s.requests()).consumers(s.consumers()));
    }

    private Batch createBatch(final Verifier verifier) {
        return verifier.createBatch(BatchSpec.of("S", "12345670", "CN", 100L, null, null));
    }

    private void scan(final Verifier verifier, final Batch batch, final int i) {
        clock.addAndGet(1_000);
        final ScanEvent e = new ScanEvent();
        e.codeId = batch.firstCodeId() + i;
        e.deviceHash = 1_000 + i;
        e.consumerHash = 7;
        e.region = Regions.pack("CN");
        verifier.scan(e);
        assertEquals(Verdict.GENUINE, e.verdict, "scan of code " + i);
    }

    /** {@code n} scans spread over codes 0..codes-1 of {@code batch}, some codes several times. */
    private void scans(final Verifier verifier, final Batch batch, final int n, final int codes) {
        for (int k = 0; k < n; k++) {
            scan(verifier, batch, (k * 7) % codes);
        }
    }

    private static Map<Long, CodeState> snapshot(final Ledger ledger) {
        final Map<Long, CodeState> m = new HashMap<>();
        ledger.forEach((s, codeId) -> {
            final CodeState copy = new CodeState();
            copy.copyFrom(s);
            assertNull(m.put(codeId, copy), "code id " + codeId + " visited twice");
        });
        return m;
    }

    /** The state a fresh replay of the whole journal gives, into an in-memory ledger. */
    private static Map<Long, CodeState> freshReplay(final FileJournal journal) {
        try (ChronicleLedger fresh = ChronicleLedger.inMemory(ENTRIES)) {
            Recovery.replay(journal, JournalPosition.of(0, 0), fresh, BatchRegistry.inMemory(), new RequestWindow(16), null, null);
            return snapshot(fresh);
        }
    }

    private static long journalRecords(final FileJournal journal) {
        final long[] n = {0};
        journal.replay(JournalPosition.of(0, 0), (buffer, offset, type, sequence, end) -> n[0]++);
        return n[0];
    }

    private static void assertEqualsFreshReplay(final Recovery.State s) {
        final Map<Long, CodeState> actual = snapshot(s.ledger());
        final Map<Long, CodeState> expected = freshReplay(s.journal());
        assertEquals(expected, actual, "ledger equals a fresh replay of the journal");
        final List<String> diffs = new ArrayList<>();
        assertEquals(0, LedgerCheck.wholeJournal(s.journal(), s.ledger(), ENTRIES, diffs::add), () -> String.join("\n", diffs));
    }

    private void cleanStop(final Recovery.State s) {
        final long end = s.journal().endPosition();
        s.ledger().close();
        s.journal().close();
        ConsumerFiles.closeAndSeal(dataDir, s.consumers().table(), end);
        new Checkpoint(end, true, Checkpoint.currentBootId(), Checkpoint.fileCrc(dataDir.resolve(Recovery.LEDGER_FILE))).write(dataDir);
    }

    /** Closes everything but leaves the checkpoint unclean (as the server writes it at start). */
    private static void uncleanStop(final Recovery.State s) {
        s.ledger().close();
        s.journal().close();
    }

    private static int count(final Map<Long, CodeState> m) {
        return m.values().stream().mapToInt(c -> c.scanCount).sum();
    }

    @Test
    void shouldRebuildAFreshDirectoryAndOpenItUnchangedAfterACleanStop() {
        final Recovery.State first = open();
        assertEquals(Recovery.Mode.REBUILT, first.report().mode());
        assertEquals("no ledger file", first.report().reason());
        assertEquals(0, first.report().records());
        final Verifier v = verifier(first);
        final Batch batch = createBatch(v);
        scans(v, batch, 60, 25);
        final Map<Long, CodeState> before = snapshot(first.ledger());
        assertEquals(25, before.size());
        assertEquals(60, count(before));
        final List<Batch> batchesBefore = first.batches().index().all();
        final long end = first.journal().endPosition();
        cleanStop(first);

        final Recovery.State second = open();
        assertEquals(Recovery.Mode.OPENED, second.report().mode(), second.report().toString());
        assertEquals(64, second.report().records(), "without a snapshot the books are read from the journal's start; the ledger takes none of it");
        assertEquals(0, second.report().fromPosition(), "the books' replay starts there");
        assertEquals(end, second.report().endPosition());
        assertEquals(65, second.report().nextSequence(), "1 batch + 60 scans + consumer 7's creation and 2 events were journaled");
        assertNull(second.report().tornTail());
        assertEquals(before, snapshot(second.ledger()));
        assertEquals(batchesBefore, second.batches().index().all());
        assertEqualsFreshReplay(second);

        scans(verifier(second), batch, 10, 25);
        assertEquals(70, count(snapshot(second.ledger())));
    }

    /** Scans code {@code i} from device {@code device} (a real device hash) in {@code region}; returns the verdict. */
    private Verdict scanFrom(final Verifier verifier, final Batch batch, final int i, final String device, final String region) {
        clock.addAndGet(1_000);
        final ScanEvent e = new ScanEvent();
        e.codeId = batch.firstCodeId() + i;
        final byte[] d = device.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        e.deviceHash = io.scangate.verifier.ledger.Hashing.hash(d, 0, d.length);
        e.region = Regions.pack(region);
        verifier.scan(e);
        return e.verdict;
    }

    /** A verifier with every clone rule on: more than 10 devices, another country within an hour, over 1,000 km/h. */
    private Verifier cloneWatchingVerifier(final Recovery.State s) {
        return new Verifier(new VerifierContext().ledger(s.ledger()).journal(s.journal()).batches(s.batches()).keys(KeyRing.of(1, 1, 2))
                .clock(clock::get).requestWindow(s.requests()).campaigns(new io.scangate.verifier.campaign.CampaignBook())
                .rules(io.scangate.verifier.verdict.VerdictRules.standard(new io.scangate.verifier.verdict.CloneRules(10, 3_600_000L, 1000))));
    }

    @Test
    void shouldKeepACodesCloneHistoryAcrossACrashAndACleanStop() {
        final Recovery.State first = open();
        final Verifier v = cloneWatchingVerifier(first);
        final Batch batch = createBatch(v);
        for (int d = 0; d < 25; d++) {
            scanFrom(v, batch, 0, "phone-" + d, "CN-31");
        }
        scanFrom(v, batch, 1, "phone-a", "CN-31");
        assertEquals(Verdict.SUSPECT, scanFrom(v, batch, 1, "phone-b", "JP"), "CN, then JP a second later");
        for (int d = 0; d < 6; d++) {
            assertEquals(Verdict.GENUINE, scanFrom(v, batch, 2, "phone-" + d, "CN"), "six devices are fine");
        }
        final CodeState many = copy(first.ledger(), batch.firstCodeId());
        assertEquals(Verdict.SUSPECT, scanFrom(v, batch, 0, "phone-0", "CN-31"));
        assertTrue(many.suspectAtCount > 10 && many.suspectAtCount <= 25, many.toString());
        assertTrue((many.flags & CodeState.FLAG_MANY_DEVICES) != 0);
        assertFalse(v.clearSuspicion(batch.firstCodeId() + 2), "code 2 was never suspected");
        final ScanEvent shanghai = new ScanEvent();
        shanghai.codeId = batch.firstCodeId() + 3;
        shanghai.deviceHash = 1;
        shanghai.location = io.scangate.verifier.ledger.Locations.pack(31.2304, 121.4737);
        v.scan(shanghai);
        assertEquals(Verdict.GENUINE, shanghai.verdict);
        final Batch other = createBatch(v);
        for (int d = 0; d < 25; d++) {
            scanFrom(v, other, 0, "phone-" + d, "CN-31");
        }
        assertTrue(v.clearSuspicion(other.firstCodeId()), "an operator's clearing, journaled");
        final Map<Long, CodeState> acknowledged = snapshot(first.ledger());
        uncleanStop(first);

        final Recovery.State second = open();
        assertEquals(Recovery.Mode.REBUILT, second.report().mode());
        assertEquals(acknowledged, snapshot(second.ledger()), "sketches, reasons and suspect counts rebuilt from the journal");
        assertEquals(0, copy(second.ledger(), other.firstCodeId()).suspectAtCount, "the clearing survives the crash");
        final Verifier v2 = cloneWatchingVerifier(second);
        assertEquals(Verdict.SUSPECT, scanFrom(v2, batch, 1, "phone-a", "JP"), "a clone stays a clone after a crash");
        assertEquals(Verdict.GENUINE, scanFrom(v2, batch, 2, "phone-0", "CN"));
        assertEquals(Verdict.GENUINE, scanFrom(v2, other, 0, "phone-0", "CN-31"), "cleared before the crash");
        final ScanEvent beijing = new ScanEvent();
        beijing.codeId = batch.firstCodeId() + 3;
        beijing.deviceHash = 2;
        beijing.location = io.scangate.verifier.ledger.Locations.pack(39.9042, 116.4074);
        v2.scan(beijing);
        assertEquals(Verdict.SUSPECT, beijing.verdict, "the Shanghai position survived the crash");
        final Map<Long, CodeState> beforeCleanStop = snapshot(second.ledger());
        cleanStop(second);

        final Recovery.State third = open();
        assertEquals(Recovery.Mode.OPENED, third.report().mode(), third.report().toString());
        assertEquals(beforeCleanStop, snapshot(third.ledger()));
        assertEqualsFreshReplay(third);
    }

    @Test
    void shouldRebuildALedgerWrittenInAnotherFormat() {
        final Recovery.State first = open();
        scans(verifier(first), createBatch(verifier(first)), 10, 5);
        final Map<Long, CodeState> before = snapshot(first.ledger());
        final long end = first.journal().endPosition();
        first.ledger().close();
        first.journal().close();
        new Checkpoint(end, true, Checkpoint.currentBootId(), Checkpoint.fileCrc(dataDir.resolve(Recovery.LEDGER_FILE)), 1).write(dataDir);

        final Recovery.State second = open();
        assertEquals(Recovery.Mode.REBUILT, second.report().mode());
        assertTrue(second.report().reason().contains("ledger format 1"), second.report().reason());
        assertEquals(before, snapshot(second.ledger()));
    }

    private static CodeState copy(final Ledger ledger, final long codeId) {
        final CodeState s = new CodeState();
        assertTrue(ledger.read(codeId, s));
        return s;
    }

    @Test
    void shouldRebuildAfterACrashToTheStateOfAFreshReplayOfTheWholeJournal() {
        final Recovery.State first = open();
        final Verifier v = verifier(first);
        final Batch batch = createBatch(v);
        scans(v, batch, 40, 30);
        // the checkpoint the server keeps: unclean, at a position mid-way
        final long p = first.journal().endPosition();
        new Checkpoint(p, false, Checkpoint.currentBootId()).write(dataDir);
        scans(v, batch, 50, 30);
        final Map<Long, CodeState> acknowledged = snapshot(first.ledger());
        assertEquals(90, count(acknowledged));
        final long records = journalRecords(first.journal());
        // kill -9: nothing is closed, no clean checkpoint is written

        final Recovery.State second = open();
        // Recovery rebuilds after ANY unclean stop (see its comment on recoverPersistedTo); there is no
        // "replay from the checkpoint" mode, so the whole journal is replayed, not only what follows p
        assertEquals(Recovery.Mode.REBUILT, second.report().mode(), second.report().toString());
        assertEquals("unclean stop (process killed)", second.report().reason());
        assertEquals(JournalPosition.of(0, 0), second.report().fromPosition());
        assertEquals(records, second.report().records());
        assertEquals(94, records); // 90 scans, the batch, and consumer 7's creation, REPEAT and LOYAL events
        assertTrue(JournalPosition.segment(second.report().endPosition()) >= 2, "the journal spans several segments");
        assertEquals(acknowledged, snapshot(second.ledger()), "every acknowledged scan survives, none doubled");
        assertEqualsFreshReplay(second);
        assertEquals(1, second.batches().index().size());
    }

    @Test
    void shouldRefuseARebuildOverADamagedSegmentAndRebuildOnceItIsMended() throws IOException {
        final Recovery.State first = open();
        final Verifier v = verifier(first);
        scans(v, createBatch(v), 40, 30);
        final Map<Long, CodeState> acknowledged = snapshot(first.ledger());
        uncleanStop(first);
        // a damaged first segment: the rebuild must refuse
        final Path segment0 = FileJournal.segmentFile(dataDir.resolve(Recovery.JOURNAL_DIR), 0);
        final byte[] intact = Files.readAllBytes(segment0);
        final byte[] damaged = intact.clone();
        damaged[16] ^= 0x01;
        Files.write(segment0, damaged);
        assertThrows(RuntimeException.class, () -> Recovery.open(dataDir, ENTRIES, SEGMENT));
        Files.write(segment0, intact);
        final Recovery.State second = open();
        assertTrue(Files.exists(dataDir.resolve(Recovery.LEDGER_FILE)), "the rebuilt ledger is a file in the data dir");
        assertEquals(Recovery.Mode.REBUILT, second.report().mode(), second.report().toString());
        assertEquals(acknowledged, snapshot(second.ledger()));
        assertEqualsFreshReplay(second);
    }

    @Test
    void shouldNeverDoubleCountWhenRecordsAlreadyInTheLedgerAreReplayed() {
        final Recovery.State first = open();
        final Verifier v = verifier(first);
        final Batch batch = createBatch(v);
        scans(v, batch, 80, 20);
        final Map<Long, CodeState> before = snapshot(first.ledger());
        assertEquals(80, count(before));
        first.ledger().close();
        first.journal().close();
        ConsumerFiles.closeAndSeal(dataDir, first.consumers().table(), JournalPosition.of(0, 0));

        // a clean checkpoint at position 0 makes OPENED replay every record over a ledger that has them all
        new Checkpoint(JournalPosition.of(0, 0), true, Checkpoint.currentBootId(),
                Checkpoint.fileCrc(dataDir.resolve(Recovery.LEDGER_FILE))).write(dataDir);
        final Recovery.State second = open();
        assertEquals(Recovery.Mode.OPENED, second.report().mode());
        assertEquals(84, second.report().records());
        assertEquals(before, snapshot(second.ledger()));
        // (the consumer table is sealed at 0 here while holding every purchase, a state no stop makes: the profiles
        // count each record past their own position, ConsumerLifecycleTest and SnapshotRecoveryTest check they never count twice)
        // and once more, by hand, into the same ledger
        assertEquals(84, Recovery.replay(second.journal(), JournalPosition.of(0, 0), second.ledger(), second.batches(),
                second.requests(), null, null));
        assertEquals(before, snapshot(second.ledger()));
        assertEquals(1, second.batches().index().size());
        assertEqualsFreshReplay(second);
        second.ledger().close();
        second.journal().close();

        // an unclean checkpoint at position 0: rebuilt, same counts
        new Checkpoint(JournalPosition.of(0, 0), false, Checkpoint.currentBootId()).write(dataDir);
        final Recovery.State third = open();
        assertEquals(Recovery.Mode.REBUILT, third.report().mode());
        assertEquals(84, third.report().records());
        assertEquals(before, snapshot(third.ledger()));
        assertEquals(20, third.consumers().table().purchases(third.consumers().table().find(7)));
        assertEqualsFreshReplay(third);
    }

    @Test
    void shouldRebuildWhenTheLedgerFileIsMissing() throws IOException {
        final Recovery.State first = open();
        final Verifier v = verifier(first);
        scans(v, createBatch(v), 30, 30);
        final Map<Long, CodeState> before = snapshot(first.ledger());
        cleanStop(first);
        Files.delete(dataDir.resolve(Recovery.LEDGER_FILE));

        final Recovery.State second = open();
        assertEquals(Recovery.Mode.REBUILT, second.report().mode());
        assertEquals("no ledger file", second.report().reason());
        assertEquals(34, second.report().records()); // 30 scans, the batch, consumer 7's creation and two events
        assertEquals(before, snapshot(second.ledger()));
        assertEqualsFreshReplay(second);
    }

    /** Scans 30 codes, stops cleanly, then lets {@code damage} spoil the ledger file; returns the state before. */
    private Map<Long, CodeState> cleanStopThenDamageLedger(final LedgerDamage damage) throws IOException {
        final Recovery.State first = open();
        final Verifier v = verifier(first);
        scans(v, createBatch(v), 30, 30);
        final Map<Long, CodeState> before = snapshot(first.ledger());
        cleanStop(first);
        try (RandomAccessFile f = new RandomAccessFile(dataDir.resolve(Recovery.LEDGER_FILE).toFile(), "rw")) {
            damage.apply(f);
        }
        return before;
    }

    @FunctionalInterface
    private interface LedgerDamage {
        void apply(RandomAccessFile file) throws IOException;
    }

    private static byte[] garbage(final int length, final long seed) {
        final byte[] g = new byte[length];
        new Random(seed).nextBytes(g);
        return g;
    }

    @Test
    void shouldRebuildWhenTheLedgerFileHeaderIsGarbage() throws IOException {
        // the first 12 bytes (Chronicle's size-prefixed header word with its "ready" bit) kept, the rest of 4 KiB garbage
        final Map<Long, CodeState> before = cleanStopThenDamageLedger(f -> {
            f.seek(12);
            f.write(garbage(4096 - 12, 7));
        });

        final Recovery.State second = open();
        assertEquals(Recovery.Mode.REBUILT, second.report().mode(), "a ledger with a garbage header was opened as it is: " + second.report());
        assertTrue(second.report().reason().contains("checksum"), second.report().reason());
        assertEquals(before, snapshot(second.ledger()));
        assertEqualsFreshReplay(second);
    }

    @Test
    void shouldRebuildWhenTheLedgerFileIsTruncated() throws IOException {
        final Map<Long, CodeState> before = cleanStopThenDamageLedger(f -> f.setLength(100));

        final Recovery.State second = open();
        assertEquals(Recovery.Mode.REBUILT, second.report().mode(),
                "a ledger file truncated to 100 bytes was opened as it is: " + second.report());
        assertEquals(before, snapshot(second.ledger()));
        assertEqualsFreshReplay(second);
    }

    @Test
    void shouldRebuildAfterAnUncleanStopOnAnEarlierBoot() {
        final Recovery.State first = open();
        final Verifier v = verifier(first);
        scans(v, createBatch(v), 30, 10);
        final Map<Long, CodeState> before = snapshot(first.ledger());
        final long end = first.journal().endPosition();
        uncleanStop(first);
        new Checkpoint(end, false, OTHER_BOOT).write(dataDir);

        final Recovery.State second = open();
        assertEquals(Recovery.Mode.REBUILT, second.report().mode());
        assertEquals("unclean stop on an earlier boot (power loss or OS crash)", second.report().reason());
        assertEquals(34, second.report().records()); // 30 scans, the batch, consumer 7's creation and two events
        assertEquals(before, snapshot(second.ledger()));
        assertEqualsFreshReplay(second);
    }

    @Test
    void shouldRebuildWhenTheCheckpointIsMissingOrUnreadable() throws IOException {
        final Recovery.State first = open();
        final Verifier v = verifier(first);
        scans(v, createBatch(v), 20, 10);
        final Map<Long, CodeState> before = snapshot(first.ledger());
        uncleanStop(first);
        Files.writeString(dataDir.resolve(Checkpoint.FILE_NAME), "position=not-a-number\nclean=true\n");

        final Recovery.State second = open();
        assertEquals(Recovery.Mode.REBUILT, second.report().mode());
        assertEquals("no checkpoint", second.report().reason());
        assertEquals(before, snapshot(second.ledger()));
        assertEqualsFreshReplay(second);
    }

    @Test
    void shouldDropAnEffectThatReachedTheLedgerButNotTheJournal() {
        final Recovery.State first = open();
        final Verifier v = verifier(first);
        final Batch batch = createBatch(v);
        scans(v, batch, 20, 10);
        final Map<Long, CodeState> journaled = snapshot(first.ledger());
        // a crash between a ledger write and its journal append, were the order ever reversed
        final long ghost = batch.firstCodeId() + 50;
        final CodeState effect = new CodeState();
        effect.countScan(clock.get(), 99, Regions.pack("CN"));
        first.ledger().put(ghost, effect);
        assertEquals(11, snapshot(first.ledger()).size());
        final long end = first.journal().endPosition();
        uncleanStop(first);
        new Checkpoint(end, false, OTHER_BOOT).write(dataDir);

        final Recovery.State second = open();
        assertEquals(Recovery.Mode.REBUILT, second.report().mode());
        final CodeState s = new CodeState();
        assertFalse(second.ledger().read(ghost, s), "the unjournaled effect is gone");
        assertEquals(journaled, snapshot(second.ledger()));
        assertEqualsFreshReplay(second);
        second.ledger().put(ghost, effect);
        final long end2 = second.journal().endPosition();
        uncleanStop(second);

        // the same on this boot (process killed): also rebuilt, also gone
        new Checkpoint(end2, false, Checkpoint.currentBootId()).write(dataDir);
        final Recovery.State third = open();
        assertEquals(Recovery.Mode.REBUILT, third.report().mode());
        assertFalse(third.ledger().read(ghost, s));
        assertEquals(journaled, snapshot(third.ledger()));
    }

    @Test
    void shouldRestoreBatchesAndTheirStatesFromTheJournalAloneAfterARebuild() throws IOException {
        final Recovery.State first = open();
        final Verifier v = verifier(first);
        final Batch a = createBatch(v);
        final Batch b = verifier(first).createBatch(BatchSpec.of("T", "12345670", "CN-31", 50L, "INACTIVE", "spring"));
        scans(v, a, 10, 5);
        v.changeBatchState(a.batchId(), BatchState.INACTIVE);
        v.changeBatchState(b.batchId(), BatchState.ACTIVE);
        v.changeBatchState(a.batchId(), BatchState.VOIDED);
        assertTrue(v.voidCode(b.firstCodeId() + 3));
        final List<Batch> before = first.batches().index().all();
        assertEquals(BatchState.VOIDED, first.batches().index().byId(a.batchId()).state());
        final Map<Long, CodeState> ledgerBefore = snapshot(first.ledger());
        final long end = first.journal().endPosition();
        uncleanStop(first);
        new Checkpoint(end, false, Checkpoint.currentBootId()).write(dataDir);
        Files.delete(dataDir.resolve(BatchRegistry.FILE_NAME));

        final Recovery.State second = open();
        assertEquals(Recovery.Mode.REBUILT, second.report().mode());
        assertEquals(before, second.batches().index().all());
        assertEquals(BatchState.VOIDED, second.batches().index().byId(a.batchId()).state());
        assertEquals(BatchState.ACTIVE, second.batches().index().byId(b.batchId()).state());
        assertEquals(ledgerBefore, snapshot(second.ledger()));
        assertTrue(second.ledger().read(b.firstCodeId() + 3, new CodeState()));
        assertEqualsFreshReplay(second);
        assertTrue(Files.exists(dataDir.resolve(BatchRegistry.FILE_NAME)), "the rebuild writes batches.json again");
        // new batches continue after the restored ones
        final Batch c = verifier(second).createBatch(BatchSpec.of("U", "12345670", "CN", 10L, null, null));
        assertEquals(3, c.batchId());
        assertEquals(b.firstSerial() + b.count(), c.firstSerial());
    }

    @Test
    void shouldRecoverFromATornJournalTailToTheLastWholeRecord() throws IOException {
        final Recovery.State first = open();
        final Verifier v = verifier(first);
        final Batch batch = createBatch(v);
        scans(v, batch, 30, 30);
        final Map<Long, CodeState> before = snapshot(first.ledger());
        final long end = first.journal().endPosition();
        uncleanStop(first);
        // the last scan record (k = 29, code (29 * 7) % 30 = 23, its only scan) is torn; the ledger had it
        final Path segment = FileJournal.segmentFile(dataDir.resolve(Recovery.JOURNAL_DIR), JournalPosition.segment(end));
        try (RandomAccessFile f = new RandomAccessFile(segment.toFile(), "rw")) {
            f.seek(JournalPosition.offset(end) - 20);
            f.write(new byte[] {9, 9, 9, 9});
        }

        final Recovery.State second = open();
        assertEquals(Recovery.Mode.REBUILT, second.report().mode());
        assertNotNull(second.report().tornTail());
        assertEquals(JournalPosition.offset(end) - JournalRecord.CODE_STATE_LENGTH, second.report().tornTail().offset());
        assertEquals(33, second.report().records()); // the torn scan lost, consumer 7's creation and two events kept
        final Map<Long, CodeState> after = snapshot(second.ledger());
        assertEquals(29, count(after));
        final long lastCode = batch.firstCodeId() + (29 * 7) % 30;
        assertFalse(after.containsKey(lastCode), "the torn record's first scan is not in the rebuilt ledger");
        before.remove(lastCode);
        assertEquals(before, after);
        assertEqualsFreshReplay(second);
    }

    @Test
    void shouldAnswerARetriedRequestWithTheOriginalCountAfterACrash() {
        final Recovery.State first = open();
        final Verifier v = verifier(first);
        final Batch batch = createBatch(v);
        final long key = 0x5EED_CAFE_F00DL;
        final ScanEvent original = requestScan(v, batch.firstCodeId(), key);
        assertEquals(1, original.scanCount);
        scan(v, batch, 0);
        assertEquals(2, v.codeState(batch.firstCodeId()).scanCount);
        // kill -9

        final Recovery.State second = open();
        assertEquals(Recovery.Mode.REBUILT, second.report().mode());
        final Verifier v2 = verifier(second);
        final ScanEvent retry = requestScan(v2, batch.firstCodeId(), key);
        assertEquals(Verdict.GENUINE, retry.verdict);
        assertEquals(1, retry.scanCount, "the retry gets the original answer");
        assertTrue(retry.firstScan);
        assertEquals(2, v2.codeState(batch.firstCodeId()).scanCount, "the retry counts nothing");
        assertEqualsFreshReplay(second);
    }

    @Test
    void shouldKeepTheRebuiltRequestWindowAcrossACleanCloseOfARecoveredState() {
        final Recovery.State first = open();
        final Verifier v = verifier(first);
        final Batch batch = createBatch(v);
        final long key = 0x5EED_CAFE_F00DL;
        assertEquals(1, requestScan(v, batch.firstCodeId(), key).scanCount);
        scan(v, batch, 0);
        uncleanStop(first); // kill -9
        final Recovery.State recovered = open(); // scangate recover: rebuilt, window refilled from the journal
        assertEquals(Recovery.Mode.REBUILT, recovered.report().mode());

        recovered.closeCleanly(dataDir);

        final Recovery.State second = open();
        assertEquals(Recovery.Mode.OPENED, second.report().mode(), second.report().toString());
        final Verifier v2 = verifier(second);
        assertEquals(1, requestScan(v2, batch.firstCodeId(), key).scanCount, "the retry gets the original answer");
        assertEquals(2, v2.codeState(batch.firstCodeId()).scanCount, "the retry counts nothing");
        assertEqualsFreshReplay(second);
    }

    private ScanEvent requestScan(final Verifier verifier, final long codeId, final long requestKey) {
        clock.addAndGet(1_000);
        final ScanEvent e = new ScanEvent();
        e.codeId = codeId;
        e.deviceHash = 42;
        e.requestKey = requestKey;
        e.region = Regions.pack("CN");
        verifier.scan(e);
        assertEquals(Verdict.GENUINE, e.verdict);
        return e;
    }

    // ---- found while testing: these fail against the current Recovery (see the report) ----

    /**
     * {@link Recovery.Mode#OPENED} is documented as "clean stop on this boot", but a clean
     * checkpoint is trusted whatever its boot id. The ledger is never msynced (ChronicleLedger.close
     * only unmaps), while the clean checkpoint is fsynced: a power loss soon after a clean stop can
     * leave a stale ledger under a durable "clean" checkpoint.
     */
    @Test
    void shouldNotTrustACleanCheckpointWrittenOnAnEarlierBoot() {
        final Recovery.State first = open();
        final Verifier v = verifier(first);
        scans(v, createBatch(v), 20, 10);
        final long end = first.journal().endPosition();
        first.ledger().close();
        first.journal().close();
        new Checkpoint(end, true, OTHER_BOOT).write(dataDir);

        final Recovery.State second = open();
        assertEquals(Recovery.Mode.REBUILT, second.report().mode(), second.report().toString());
    }

    /**
     * The first 4 KiB of the ledger overwritten with garbage: Chronicle's
     * {@code ChronicleMapBuilder.waitUntilReady} finds no "ready" bit in the header and polls
     * 600 x 100 ms, as if another process were still creating the file, before it throws
     * "Unable to wait until the file ... is ready". Recovery then rebuilds, but the start stalls
     * a full minute first. Bounded here at 30 s: half the stall, with room for a slow shared CI box.
     */
    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void shouldRebuildWithoutStallingWhenTheFirst4KiBOfTheLedgerFileAreGarbage() throws IOException {
        final Map<Long, CodeState> before = cleanStopThenDamageLedger(f -> f.write(garbage(4096, 7)));

        final Recovery.State second = open();
        assertEquals(Recovery.Mode.REBUILT, second.report().mode(), second.report().toString());
        assertEquals(before, snapshot(second.ledger()));
    }

    /**
     * Damage past the header (4 KiB of garbage at offset 16 KiB, inside the entry space) is not
     * noticed when Chronicle opens the file: after a clean checkpoint Recovery opens it as it is
     * (OPENED) and serves a state that differs from the journal (entries silently missing, or
     * exceptions on first access, depending on where the damage falls).
     */
    @Test
    void shouldNotServeALedgerWhoseEntrySpaceIsCorrupt() throws IOException {
        final Map<Long, CodeState> before = cleanStopThenDamageLedger(f -> {
            f.seek(16 * 1024);
            f.write(garbage(4096, 11));
        });

        final Recovery.State second = open();
        final Map<Long, CodeState> after = snapshot(second.ledger());
        final List<String> diffs = new ArrayList<>();
        before.forEach((codeId, want) -> {
            if (!want.equals(after.get(codeId))) {
                diffs.add("code id " + codeId + ": journal " + want + ", ledger " + after.get(codeId));
            }
        });
        after.keySet().stream().filter(codeId -> !before.containsKey(codeId)).forEach(codeId -> diffs.add("code id " + codeId + ": not journaled"));
        assertTrue(diffs.isEmpty(), "mode " + second.report().mode() + ", ledger holds " + after.size() + " of " + before.size() + " codes: " + diffs);
    }

    /**
     * Batches are journaled like code states, but after a clean stop batches.json is trusted as it
     * is: if it is missing, every batch is silently gone (and every scan answers UNKNOWN), although
     * the journal could restore them.
     */
    @Test
    void shouldRestoreBatchesFromTheJournalWhenBatchesJsonIsMissingAfterACleanStop() throws IOException {
        final Recovery.State first = open();
        final Verifier v = verifier(first);
        final Batch batch = createBatch(v);
        scans(v, batch, 5, 5);
        cleanStop(first);
        Files.delete(dataDir.resolve(BatchRegistry.FILE_NAME));

        final Recovery.State second = open();
        assertEquals(List.of(batch), second.batches().index().all(), "mode " + second.report());
    }
}
