package io.scangate.verifier.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.scangate.verifier.batch.Batch;
import io.scangate.verifier.batch.BatchSpec;
import io.scangate.verifier.channel.Action;
import io.scangate.verifier.channel.ActorKeys;
import io.scangate.verifier.channel.ActorSpec;
import io.scangate.verifier.channel.ActorStats;
import io.scangate.verifier.channel.UnitPosition;
import io.scangate.verifier.code.KeyRing;
import io.scangate.verifier.consumer.ConsumerTable;
import io.scangate.verifier.journal.JournalPosition;
import io.scangate.verifier.journal.Recovery;
import io.scangate.verifier.ledger.Hashing;
import io.scangate.verifier.ledger.Regions;
import io.scangate.verifier.verdict.ScanEvent;
import io.scangate.verifier.verdict.Verifier;
import io.scangate.verifier.verdict.VerifierContext;

/**
 * Recovery from a snapshot taken while the verifier works (its own thread, as the ring's): after a
 * crash the newest valid snapshot plus the journal after it rebuilds exactly the state a full
 * replay of the journal rebuilds (ledger, request window, consumer profiles, campaigns with spend
 * and rewards, the channel, lifecycle events); a damaged newest snapshot is skipped for the
 * older one; compaction removes what the snapshots cover and says so when asked for it.
 */
class SnapshotRecoveryTest {
    private static final int SEGMENT = 1 << 16;
    private static final int CODES = 3_000;
    private static final String CAMPAIGN = "{\"id\":\"summer\",\"start\":\"2026-01-01T00:00:00Z\",\"end\":\"2099-01-01T00:00:00Z\","
            + "\"winProbability\":0.3,\"currency\":\"CNY\",\"budget\":{\"count\":400,\"amount\":1000000},"
            + "\"prizes\":[{\"id\":\"red\",\"amount\":100,\"weight\":1}]}";

    @TempDir
    Path dir;

    private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> new Thread(r, "verifier"));
    private final AtomicLong applied = new AtomicLong();
    private final AtomicLong clock = new AtomicLong(1_790_000_000_000L);
    private Recovery.State state;
    private Verifier verifier;
    private Batch batch;
    private String distributorKey;
    private long requests;

    @AfterEach
    void tearDown() throws Exception {
        writer.shutdownNow();
        writer.awaitTermination(10, TimeUnit.SECONDS);
        crash();
    }

    @Test
    void aCrashRestoresTheNewestSnapshotPlusTheJournalAfterItToWhatAFullReplayGives() throws Exception {
        open();
        setUp();
        scans(40, 7);
        final Path archive = dir.resolve("archive");
        final Snapshotter snapshotter = new Snapshotter(state, dir, 2, archive);
        final Future<?> during = Executors.newSingleThreadExecutor().submit(() -> {
            scans(60, 8);
            return null;
        });
        final Snapshotter.Result first = snapshotter.take(applied::get, this::onWriter); // while scans go on
        during.get(60, TimeUnit.SECONDS);
        scans(20, 9);
        final long total = state.journal().nextSequence() - 1;
        final List<String> before = onWriter(this::digest);
        assertTrue(first.codes() > 0);
        crash();

        open();
        assertEquals(Recovery.Mode.SNAPSHOT, state.report().mode(), state.report().toString());
        assertTrue(state.report().records() < total, "replayed " + state.report().records() + " of " + total + " records");
        assertEquals(before, digest(), "snapshot + journal after it");
        crash();

        // the same journal replayed whole (the archive put back, the snapshots gone) gives the same state
        try (Stream<Path> s = Files.list(archive)) {
            for (final Path seg : s.toList()) {
                Files.move(seg, dir.resolve(Recovery.JOURNAL_DIR).resolve(seg.getFileName()));
            }
        }
        deleteSnapshots();
        open();
        assertEquals(Recovery.Mode.REBUILT, state.report().mode(), state.report().toString());
        assertEquals(before, digest(), "the whole journal");
    }

    @Test
    void withTheRefillBeforeListeningACrashRestoresTheSameState() throws Exception {
        System.setProperty("scangate.refill.behind", "false"); // as when half the heap cannot hold the refill's indexes
        try {
            aCrashRestoresTheNewestSnapshotPlusTheJournalAfterItToWhatAFullReplayGives();
        } finally {
            System.clearProperty("scangate.refill.behind");
        }
    }

    @Test
    void aDamagedNewestSnapshotIsSkippedForTheOlderOneWithItsReason() throws Exception {
        for (final String damage : new String[] {"flipped byte", "truncated"}) {
            deleteAll();
            open();
            setUp();
            final Snapshotter snapshotter = new Snapshotter(state, dir, 2, null);
            scans(20, 1);
            snapshotter.take(applied::get, this::onWriter);
            scans(20, 2);
            final Path newest = snapshotter.take(applied::get, this::onWriter).file();
            scans(10, 3);
            final List<String> before = onWriter(this::digest);
            crash();
            try (RandomAccessFile f = new RandomAccessFile(newest.toFile(), "rw")) {
                if (damage.equals("truncated")) {
                    f.setLength(f.length() / 2);
                } else {
                    f.seek(f.length() / 3);
                    final int b = f.read();
                    f.seek(f.length() / 3);
                    f.write(b ^ 0x10);
                }
            }
            open();
            assertEquals(Recovery.Mode.SNAPSHOT, state.report().mode(), damage + ": " + state.report());
            assertTrue(state.report().reason().contains("skipped: snapshot " + newest.getFileName()), damage + ": " + state.report().reason());
            assertEquals(before, digest(), damage + ": the older snapshot and the longer journal after it");
        }
    }

    @Test
    void compactionRemovesTheSegmentsTheSnapshotsCoverAndAReplayFromThemSaysSo() throws Exception {
        open();
        setUp();
        final Snapshotter snapshotter = new Snapshotter(state, dir, 1, null);
        scans(80, 4);
        final Snapshotter.Result r = snapshotter.take(applied::get, this::onWriter);
        assertTrue(r.compactedSegments() > 0, r.toString());
        assertEquals(JournalPosition.segment(r.position()), state.journal().firstSegment());
        final IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Recovery.replay(state.journal(), 0, null, null, null, null, null));
        assertTrue(e.getMessage().contains("was compacted away: the oldest kept is " + state.journal().firstSegment() + ":0"), e.getMessage());
        scans(10, 5);
        final List<String> before = onWriter(this::digest);
        crash();
        open();
        assertEquals(Recovery.Mode.SNAPSHOT, state.report().mode());
        assertEquals(before, digest());
        crash();
        deleteSnapshots();
        final IllegalStateException lost = assertThrows(IllegalStateException.class, this::open);
        assertTrue(lost.getMessage().contains("compacted away"), lost.getMessage());
    }

    // ---- the verifier on its own thread, as the ring runs it

    private <T> T onWriter(final Supplier<T> action) {
        try {
            return writer.submit((Callable<T>) () -> {
                final T t = action.get();
                applied.set(state.journal().publishedPosition());
                return t;
            }).get(60, TimeUnit.SECONDS);
        } catch (final ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (final Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private void open() {
        state = Recovery.open(dir, 100_000, SEGMENT);
        verifier = new Verifier(new VerifierContext().ledger(state.ledger()).journal(state.journal()).batches(state.batches())
                .keys(KeyRing.of(1, 1, 2)).clock(clock::get).requestWindow(state.requests()).campaigns(state.campaigns())
                .channel(state.channel()).links(state.links()).consumers(state.consumers()).audit(state.audit()));
        applied.set(state.journal().publishedPosition());
        batch = state.batches().index().all().isEmpty() ? null : state.batches().index().all().get(0);
    }

    private void setUp() {
        onWriter(() -> {
            batch = verifier.createBatch(BatchSpec.of("S", "6901234567892", "CN", (long) CODES, null, null));
            verifier.applyCampaign(CAMPAIGN.getBytes(StandardCharsets.UTF_8));
            distributorKey = verifier.createActor(ActorSpec.of("dist-1", "DISTRIBUTOR", "North", "CN-31", null)).key();
            verifier.createActor(ActorSpec.of("store-1", "STORE", "Shop", "CN-31", "dist-1"));
            return null;
        });
    }

    /** {@code tasks} tasks of 50 scans each on the writer: consumer scans (some with ids: purchases) and role scans. */
    private void scans(final int tasks, final long seed) {
        final Random r = new Random(seed);
        for (int t = 0; t < tasks; t++) {
            onWriter(() -> {
                for (int i = 0; i < 50; i++) {
                    final long code = batch.firstCodeId() + r.nextInt(CODES);
                    if (r.nextInt(10) == 0) {
                        role(code, r.nextBoolean() ? Action.RECEIVE : Action.SHIP);
                    } else {
                        consumerScan(code, r);
                    }
                    clock.addAndGet(r.nextInt(3_600_000));
                }
                return null;
            });
        }
    }

    private void consumerScan(final long code, final Random r) {
        final ScanEvent e = new ScanEvent();
        e.codeId = code;
        final byte[] device = ("phone-" + r.nextInt(300)).getBytes(StandardCharsets.UTF_8);
        System.arraycopy(device, 0, e.device, 0, device.length);
        e.deviceLength = device.length;
        e.deviceHash = Hashing.hash(device, 0, device.length);
        e.region = Regions.pack(r.nextInt(8) == 0 ? "CN-44" : "CN-31");
        if (r.nextBoolean()) {
            final byte[] c = ("wx-" + r.nextInt(80)).getBytes(StandardCharsets.UTF_8);
            System.arraycopy(c, 0, e.consumer, 0, c.length);
            e.consumerLength = c.length;
            e.consumerHash = Hashing.hash(c, 0, c.length);
        }
        e.requestKey = ++requests * 0x9E3779B97F4A7C15L;
        e.clearOutcome();
        verifier.scan(e);
    }

    private void role(final long code, final Action action) {
        final ScanEvent e = new ScanEvent();
        e.type = ScanEvent.TYPE_ROLE_SCAN;
        e.codeId = code;
        ActorKeys.digest(distributorKey, e.keyDigest);
        e.action = action.ordinal();
        if (action == Action.SHIP) {
            final byte[] to = "store-1".getBytes(StandardCharsets.UTF_8);
            System.arraycopy(to, 0, e.to, 0, to.length);
            e.toLength = to.length;
        }
        e.clearOutcome();
        verifier.scan(e);
    }

    /** Everything recovery must bring back, as text. */
    private List<String> digest() {
        final List<String> d = new ArrayList<>();
        final TreeMap<Long, String> ledger = new TreeMap<>();
        state.ledger().forEach((s, id) -> ledger.put(id, s.scanCount + "/" + s.firstScanAt + "/" + s.lastScanAt + "/" + s.firstDeviceHash
                + "/" + s.firstRegion + "/" + s.lastRegion + "/" + s.flags + "/" + s.deviceSketch + "/" + s.suspectAtCount + "/" + s.lastLocation));
        d.add("ledger " + ledger);
        final ConsumerTable t = state.consumers().table();
        final TreeMap<Long, String> profiles = new TreeMap<>();
        for (long i = 0; i < t.slotCount(); i++) {
            if (t.key(i) != 0) {
                profiles.put(t.key(i), t.id(i) + " " + t.purchases(i) + " " + t.firstMillis(i) + " " + t.lastMillis(i) + " " + t.lastBatch(i)
                        + " " + t.stage(i));
            }
        }
        d.add("consumers " + t.size() + " " + profiles);
        d.add("events " + state.consumers().events().read(0, 100_000));
        d.add("rewards " + state.campaigns().rewards().read(0, 100_000));
        state.campaigns().runtimes().forEach(k -> d.add("campaign " + k.campaign().id() + " " + k.spentCount() + " " + k.spentAmount()));
        d.add("batches " + state.batches().index().all());
        d.add("actors " + state.channel().actors());
        for (final String a : List.of("dist-1", "store-1")) {
            final ActorStats s = state.channel().statsOf(a);
            d.add("stats " + a + " " + s.received() + " " + s.shipped() + " " + s.diverted());
        }
        d.add("diversions " + state.channel().diversions().read(0, 100_000));
        final StringBuilder units = new StringBuilder();
        for (int i = 0; i < CODES; i++) {
            final UnitPosition p = state.channel().position(batch.firstCodeId() + i);
            if (p != null) {
                units.append(i).append('=').append(p.holder().id()).append('/').append(p.last()).append('/').append(p.seq()).append(' ');
            }
        }
        d.add("units " + units);
        final java.io.ByteArrayOutputStream window = new java.io.ByteArrayOutputStream();
        try (java.io.DataOutputStream out = new java.io.DataOutputStream(window)) {
            state.requests().copy().writeTo(out); // its entries, oldest first
        } catch (final IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        d.add("window " + state.requests().size() + " " + java.util.HexFormat.of().formatHex(window.toByteArray()));
        return d;
    }

    private void crash() throws IOException {
        if (state != null) {
            // no clean stop: files closed as a kill leaves them, no checkpoint
            state.ledger().close();
            state.journal().close();
            state.consumers().close();
            state = null;
        }
    }

    private void deleteSnapshots() throws IOException {
        try (Stream<Path> s = Files.list(dir.resolve(Snapshotter.DIR))) {
            for (final Path p : s.toList()) {
                Files.delete(p);
            }
        }
    }

    private void deleteAll() throws IOException {
        crash();
        if (Files.exists(dir)) {
            try (Stream<Path> s = Files.walk(dir)) {
                s.sorted(java.util.Comparator.reverseOrder()).filter(p -> !p.equals(dir)).forEach(p -> p.toFile().delete());
            }
        }
        requests = 0;
    }
}
