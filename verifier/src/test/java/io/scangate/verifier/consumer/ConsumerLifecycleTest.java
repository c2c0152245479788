package io.scangate.verifier.consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.scangate.verifier.batch.Batch;
import io.scangate.verifier.batch.BatchSpec;
import io.scangate.verifier.code.KeyRing;
import io.scangate.verifier.journal.Recovery;
import io.scangate.verifier.ledger.Hashing;
import io.scangate.verifier.ledger.Regions;
import io.scangate.verifier.verdict.ScanEvent;
import io.scangate.verifier.verdict.Verdict;
import io.scangate.verifier.verdict.Verifier;
import io.scangate.verifier.verdict.VerifierContext;

/** A consumer's lifecycle through the verifier with an injected clock: stages, events, the sweep, targeted campaigns, replay. */
class ConsumerLifecycleTest {
    static final long DAY = LifecycleRules.DAY_MILLIS;
    static final long START = java.time.Instant.parse("2026-06-15T00:00:00Z").toEpochMilli();
    /** Lapse 30 days before a second purchase, twice the rhythm (at least 7 days) after; churn after 90 days. */
    static final LifecycleRules RULES = new LifecycleRules(2.0, 30 * DAY, 7 * DAY, 90 * DAY);

    @TempDir
    Path dir;
    private final AtomicLong clock = new AtomicLong(START);
    private Recovery.State state;
    private Verifier v;
    private Batch batch;
    private int nextCode;

    @BeforeEach
    void open() {
        state = Recovery.open(new io.scangate.verifier.journal.RecoveryContext().dataDir(dir).ledgerEntries(100_000).segmentBytes(1 << 20)
                .consumers(10_000).lifecycle(RULES));
        v = verifier(state);
        batch = v.createBatch(BatchSpec.of("COLA-330", "6901234567892", "CN", 10_000L, null, null));
    }

    @AfterEach
    void close() {
        if (state != null) {
            state.ledger().close();
            state.journal().close();
            state.consumers().close();
        }
    }

    private Verifier verifier(final Recovery.State s) {
        return new Verifier(new VerifierContext().ledger(s.ledger()).journal(s.journal()).batches(s.batches()).keys(KeyRing.of(1, 1, 2))
                .clock(clock::get).requestWindow(s.requests()).campaigns(s.campaigns()).consumers(s.consumers()));
    }

    /** A scan of code {@code index} by {@code consumer} (null: none) from device d-{index}. */
    private ScanEvent scan(final int index, final String consumer) {
        final ScanEvent e = new ScanEvent();
        e.codeId = batch.firstCodeId() + index;
        final byte[] d = ("d-" + index).getBytes(StandardCharsets.UTF_8);
        System.arraycopy(d, 0, e.device, 0, d.length);
        e.deviceLength = d.length;
        e.deviceHash = Hashing.hash(d, 0, d.length);
        if (consumer != null) {
            final byte[] c = consumer.getBytes(StandardCharsets.UTF_8);
            System.arraycopy(c, 0, e.consumer, 0, c.length);
            e.consumerLength = c.length;
            e.consumerHash = Hashing.hash(c, 0, c.length);
        }
        e.region = Regions.pack("CN-31");
        v.scan(e);
        assertEquals(Verdict.GENUINE, e.verdict);
        return e;
    }

    /** A purchase: a new code scanned first by {@code consumer}. */
    private ScanEvent buy(final String consumer) {
        return scan(nextCode++, consumer);
    }

    private List<LifecycleEvent> events() {
        return state.consumers().events().read(0, 1000);
    }

    private static List<String> types(final List<LifecycleEvent> events) {
        return events.stream().map(e -> e.type().name() + ":" + e.consumer()).toList();
    }

    @Test
    void firstThreePurchasesGiveNewRepeatLoyalAndTwoEvents() {
        final ScanEvent first = buy("alice");
        assertEquals(1, first.consumerPurchases);
        assertEquals(Stage.NEW, first.consumerStage);
        clock.addAndGet(5 * DAY);
        assertEquals(Stage.REPEAT, buy("alice").consumerStage);
        clock.addAndGet(5 * DAY);
        final ScanEvent third = buy("alice");
        assertEquals(Stage.LOYAL, third.consumerStage);
        assertEquals(3, third.consumerPurchases);
        assertEquals(3, third.purchase);
        assertEquals(List.of("REPEAT:alice", "LOYAL:alice"), types(events()));
        assertEquals(START + 10 * DAY, events().get(1).atMillis());
        assertEquals(List.of(1L, 2L), events().stream().map(LifecycleEvent::eventId).toList());
    }

    @Test
    void aRepeatScanIsNoPurchaseButShowsTheProfile() {
        buy("alice");
        final ScanEvent again = scan(0, "alice");
        assertEquals(0, again.purchase);
        assertEquals(1, again.consumerPurchases);
        assertEquals(Stage.NEW, again.consumerStage);
        final ScanEvent other = scan(0, "bob");
        assertEquals(0, other.consumerPurchases, "bob scanned a code somebody had bought: no purchase, no profile");
        assertNull(other.consumerStage);
        assertEquals(-1, state.consumers().table().find(Hashing.hash("bob".getBytes(StandardCharsets.UTF_8), 0, 3)));
    }

    @Test
    void aScanWithoutAConsumerIdChangesNoProfile() {
        buy("alice");
        final ScanEvent anonymous = buy(null);
        assertEquals(0, anonymous.consumerPurchases);
        assertEquals(1, state.consumers().table().size());
        assertEquals(1, state.consumers().buyers());
        assertEquals(List.of(), events());
    }

    @Test
    void silencePastTheLimitGivesLapsingThenChurnedWithoutAScanAndAPurchaseWinsTheConsumerBack() {
        buy("alice");
        buy("bob");
        clock.addAndGet(29 * DAY);
        buy("bob"); // bob keeps buying: REPEAT, his rhythm 29 days
        assertEquals(0, v.sweepConsumers(1_000_000), "nobody silent past a limit yet");
        clock.addAndGet(2 * DAY); // alice: 31 days since her only purchase
        assertEquals(1, v.sweepConsumers(1_000_000));
        assertEquals(List.of("REPEAT:bob", "LAPSING:alice"), types(events()));
        assertEquals(Stage.LAPSING, profileStage("alice"));
        assertEquals(1, state.consumers().consumers(Stage.LAPSING));
        clock.addAndGet(60 * DAY); // alice 91 days; bob 62 days, past twice his 29-day rhythm, not past 90
        assertEquals(2, v.sweepConsumers(1_000_000));
        assertEquals(List.of("REPEAT:bob", "LAPSING:alice", "CHURNED:alice", "LAPSING:bob"), types(events()));
        assertEquals(0, v.sweepConsumers(1_000_000), "judged once");
        final ScanEvent back = buy("alice");
        assertEquals(Stage.CHURNED, back.priorStage);
        assertEquals(Stage.REPEAT, back.consumerStage);
        assertEquals(List.of("WON_BACK:alice", "REPEAT:alice"), types(events()).subList(4, 6));
        assertEquals(1, state.consumers().consumers(Stage.LAPSING));
        assertEquals(0, state.consumers().consumers(Stage.CHURNED));
    }

    @Test
    void aLongSilenceBeforeAnySweepStillGivesLapsingBeforeChurned() {
        buy("alice");
        clock.addAndGet(200 * DAY);
        assertEquals(2, v.sweepConsumers(1_000_000));
        assertEquals(List.of("LAPSING:alice", "CHURNED:alice"), types(events()));
    }

    @Test
    void theSweepIsBoundedPerTickAndCoversEveryConsumerInTurn() {
        for (int i = 0; i < 50; i++) {
            buy("c" + i);
        }
        clock.addAndGet(31 * DAY);
        final long slots = state.consumers().table().slotCount();
        int events = 0;
        for (long done = 0; done < slots; done += 100) {
            final int n = v.sweepConsumers(100);
            assertTrue(n <= 100, "at most one event per slot looked at");
            events += n;
        }
        assertEquals(50, events);
    }

    @Test
    void aWinBackCampaignRewardsOnlyTheChurnedConsumer() {
        buy("alice");
        buy("bob");
        clock.addAndGet(91 * DAY);
        v.sweepConsumers(1_000_000);
        v.applyCampaign(campaign("winback", "\"consumers\":{\"stages\":[\"CHURNED\"]}"));
        buy("carol"); // new: not churned
        final ScanEvent alice = buy("alice");
        assertNotEquals(0, alice.rewardId, "the churned consumer's purchase draws and wins");
        final ScanEvent anonymous = buy(null);
        assertEquals(0, anonymous.rewardId);
        final ScanEvent aliceAgain = buy("alice");
        assertEquals(0, aliceAgain.rewardId, "alice is REPEAT now, no longer churned");
        assertEquals(1, state.campaigns().rewards().read(0, 10).size());
        assertEquals("alice", state.campaigns().rewards().read(0, 10).get(0).consumer());
    }

    @Test
    void aThirdPurchaseCampaignRewardsExactlyTheThirdPurchase() {
        v.applyCampaign(campaign("third", "\"consumers\":{\"purchase\":3}"));
        for (int i = 1; i <= 5; i++) {
            final ScanEvent e = buy("alice");
            assertEquals(i == 3, e.rewardId != 0, "purchase " + i);
            final ScanEvent bob = buy("bob");
            assertEquals(i == 3, bob.rewardId != 0, "bob's purchase " + i);
        }
        assertEquals(2, state.campaigns().rewards().read(0, 10).size());
    }

    @Test
    void replayAfterACrashGivesTheSameProfilesAndEvents() {
        buy("alice");
        clock.addAndGet(10 * DAY);
        buy("alice");
        buy("bob");
        clock.addAndGet(100 * DAY);
        v.sweepConsumers(1_000_000);
        buy("bob");
        final List<LifecycleEvent> before = events();
        final String[] profiles = {profile("alice"), profile("bob")};
        state.ledger().close();
        state.journal().close(); // kill -9: the table's files are not sealed
        state.consumers().close();
        state = Recovery.open(new io.scangate.verifier.journal.RecoveryContext().dataDir(dir).ledgerEntries(100_000).segmentBytes(1 << 20)
                .consumers(10_000).lifecycle(RULES));
        assertEquals(Recovery.Mode.REBUILT, state.report().mode());
        assertEquals(before, events());
        assertEquals(profiles[0], profile("alice"));
        assertEquals(profiles[1], profile("bob"));
        state.closeCleanly(dir);
        state = Recovery.open(new io.scangate.verifier.journal.RecoveryContext().dataDir(dir).ledgerEntries(100_000).segmentBytes(1 << 20)
                .consumers(10_000).lifecycle(RULES));
        assertEquals(Recovery.Mode.OPENED, state.report().mode(), state.report().toString());
        assertEquals(before, events());
        assertEquals(profiles[1], profile("bob"));
    }

    private byte[] campaign(final String id, final String audience) {
        return ("{\"id\":\"" + id + "\",\"start\":\"2026-01-01T00:00:00Z\",\"end\":\"2028-01-01T00:00:00Z\",\"winProbability\":1.0,"
                + "\"currency\":\"CNY\",\"budget\":{\"count\":100,\"amount\":100000},\"prizes\":[{\"id\":\"red\",\"amount\":100,\"weight\":1}],"
                + audience + "}").getBytes(StandardCharsets.UTF_8);
    }

    private Stage profileStage(final String consumer) {
        final ConsumerTable t = state.consumers().table();
        return t.stage(t.find(Hashing.hash(consumer.getBytes(StandardCharsets.UTF_8), 0, consumer.length())));
    }

    private String profile(final String consumer) {
        final ConsumerTable t = state.consumers().table();
        final long slot = t.find(Hashing.hash(consumer.getBytes(StandardCharsets.UTF_8), 0, consumer.length()));
        return t.id(slot) + " " + t.purchases(slot) + " " + t.firstMillis(slot) + " " + t.lastMillis(slot) + " " + t.stage(slot) + " "
                + t.lastBatch(slot);
    }
}
