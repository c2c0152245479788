package io.scangate.verifier.consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import io.scangate.verifier.batch.Batch;
import io.scangate.verifier.batch.BatchSpec;
import io.scangate.verifier.code.KeyRing;
import io.scangate.verifier.journal.Recovery;
import io.scangate.verifier.journal.RecoveryContext;
import io.scangate.verifier.ledger.Hashing;
import io.scangate.verifier.ledger.Regions;
import io.scangate.verifier.verdict.ScanEvent;
import io.scangate.verifier.verdict.Verifier;
import io.scangate.verifier.verdict.VerifierContext;

/**
 * For random histories of scans (first scans and repeats, with and without a consumer id) and
 * sweeps over random stretches of time: every profile equals the one recomputed from the history
 * alone, and a replay of the journal after a crash gives the same profiles and the same events.
 */
class ConsumerPropertiesTest {
    private static final long DAY = LifecycleRules.DAY_MILLIS;
    private static final LifecycleRules RULES = new LifecycleRules(2.0, 30 * DAY, 7 * DAY, 90 * DAY);

    /** One step: scan {@code code} by {@code consumer} (-1: none) {@code days} later, or a sweep when {@code sweep}. */
    record Step(boolean sweep, int code, int consumer, int days) {
    }

    @Provide
    Arbitrary<List<Step>> histories() {
        return Combinators.combine(Arbitraries.of(false, false, false, true), Arbitraries.integers().between(0, 59),
                Arbitraries.integers().between(-1, 5), Arbitraries.integers().between(0, 50)).as(Step::new).list().ofMinSize(1).ofMaxSize(120);
    }

    @Property(tries = 60)
    void profilesEqualTheHistorysAndSurviveAReplay(@ForAll("histories") final List<Step> steps) throws IOException {
        final Path dir = Files.createTempDirectory("consumer-props");
        try {
            check(dir, steps);
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void check(final Path dir, final List<Step> steps) {
        final AtomicLong clock = new AtomicLong(java.time.Instant.parse("2026-06-15T00:00:00Z").toEpochMilli());
        Recovery.State state = open(dir);
        final Verifier v = new Verifier(new VerifierContext().ledger(state.ledger()).journal(state.journal()).batches(state.batches())
                .keys(KeyRing.of(1, 1, 2)).clock(clock::get).requestWindow(state.requests()).campaigns(state.campaigns())
                .consumers(state.consumers()));
        final Batch batch = v.createBatch(BatchSpec.of("COLA-330", "6901234567892", "CN", 100L, null, null));
        final Set<Integer> scanned = new HashSet<>();
        final Map<Integer, List<Long>> bought = new HashMap<>();
        final Map<Integer, Long> lastSweep = new HashMap<>();
        for (final Step s : steps) {
            clock.addAndGet(s.days() * DAY);
            if (s.sweep()) {
                v.sweepConsumers(Long.MAX_VALUE);
                bought.keySet().forEach(c -> lastSweep.put(c, clock.get()));
                continue;
            }
            final ScanEvent e = new ScanEvent();
            e.codeId = batch.firstCodeId() + s.code();
            final byte[] d = ("d-" + s.code()).getBytes(StandardCharsets.UTF_8); // one device per code: no clone rule fires
            System.arraycopy(d, 0, e.device, 0, d.length);
            e.deviceLength = d.length;
            e.deviceHash = Hashing.hash(d, 0, d.length);
            if (s.consumer() >= 0) {
                final byte[] c = ("consumer-" + s.consumer()).getBytes(StandardCharsets.UTF_8);
                System.arraycopy(c, 0, e.consumer, 0, c.length);
                e.consumerLength = c.length;
                e.consumerHash = Hashing.hash(c, 0, c.length);
            }
            e.region = Regions.pack("CN-31");
            v.scan(e);
            if (scanned.add(s.code()) && s.consumer() >= 0) {
                bought.computeIfAbsent(s.consumer(), k -> new ArrayList<>()).add(clock.get());
                lastSweep.remove(s.consumer());
            }
        }
        final Map<Integer, String> expected = new HashMap<>();
        bought.forEach((c, times) -> expected.put(c, model(times, lastSweep.get(c), batch.batchId())));
        assertEquals(expected, profiles(state, bought.keySet()), "profiles recomputed from the history");
        final List<LifecycleEvent> events = state.consumers().events().read(0, 100_000);
        state.ledger().close();
        state.journal().close(); // kill -9
        state.consumers().close();
        state = open(dir);
        try {
            assertEquals(Recovery.Mode.REBUILT, state.report().mode());
            assertEquals(expected, profiles(state, bought.keySet()), "profiles after a replay");
            assertEquals(events, state.consumers().events().read(0, 100_000), "events after a replay");
        } finally {
            state.ledger().close();
            state.journal().close();
            state.consumers().close();
        }
    }

    /** A profile from the purchase times alone: count, first, last (to the second), batch, and the stage the rules give at the last sweep after the last purchase. */
    private static String model(final List<Long> times, final Long sweptAt, final long batch) {
        final int n = times.size();
        final long first = times.get(0) / 1000 * 1000;
        final long last = times.get(n - 1) / 1000 * 1000;
        Stage stage = Stage.byPurchases(n);
        if (sweptAt != null) {
            final Stage silent = RULES.silenceStage(n, first, last, sweptAt);
            stage = silent != null ? silent : stage;
        }
        return n + " " + first + " " + last + " " + stage + " " + batch;
    }

    private static Map<Integer, String> profiles(final Recovery.State state, final Set<Integer> consumers) {
        final Map<Integer, String> out = new HashMap<>();
        final ConsumerTable t = state.consumers().table();
        for (final int c : consumers) {
            final byte[] id = ("consumer-" + c).getBytes(StandardCharsets.UTF_8);
            final long slot = t.find(Hashing.hash(id, 0, id.length));
            out.put(c, slot < 0 ? "none" : t.purchases(slot) + " " + t.firstMillis(slot) + " " + t.lastMillis(slot) + " " + t.stage(slot)
                    + " " + t.lastBatch(slot));
        }
        return out;
    }

    private static Recovery.State open(final Path dir) {
        return Recovery.open(new RecoveryContext().dataDir(dir).ledgerEntries(10_000).segmentBytes(1 << 20).consumers(1_000).lifecycle(RULES));
    }
}
