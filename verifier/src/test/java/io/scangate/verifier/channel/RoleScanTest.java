package io.scangate.verifier.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.scangate.verifier.consumer.ConsumerFiles;
import io.scangate.verifier.batch.Batch;
import io.scangate.verifier.batch.BatchSpec;
import io.scangate.verifier.code.KeyRing;
import io.scangate.verifier.journal.Checkpoint;
import io.scangate.verifier.journal.Recovery;
import io.scangate.verifier.ledger.Regions;
import io.scangate.verifier.verdict.Alert;
import io.scangate.verifier.verdict.ScanEvent;
import io.scangate.verifier.verdict.Verdict;
import io.scangate.verifier.verdict.Verifier;
import io.scangate.verifier.verdict.VerifierContext;

/** Actors, role scans, installs and diversion on the verifier, and their return from the real journal. */
class RoleScanTest {
    private static final int SEGMENT = 1 << 20;
    private final AtomicLong clock = new AtomicLong(1_800_000_000_000L);

    @TempDir
    Path dir;

    private Verifier verifier(final Recovery.State s) {
        return new Verifier(new VerifierContext().ledger(s.ledger()).journal(s.journal()).batches(s.batches()).keys(KeyRing.of(1, 1, 2))
                .clock(clock::get).requestWindow(s.requests()).campaigns(s.campaigns()).channel(s.channel()));
    }

    private static ScanEvent role(final Verifier v, final String key, final long code, final Action action, final String to,
                                  final String order, final long requestKey) {
        final ScanEvent e = new ScanEvent();
        e.type = ScanEvent.TYPE_ROLE_SCAN;
        e.codeId = code;
        ActorKeys.digest(key, e.keyDigest);
        e.action = action.ordinal();
        e.toLength = copy(to, e.to);
        e.orderLength = copy(order, e.order);
        e.requestKey = requestKey;
        e.clearOutcome();
        v.scan(e);
        return e;
    }

    private static int copy(final String text, final byte[] dst) {
        if (text == null) {
            return 0;
        }
        final byte[] b = text.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(b, 0, dst, 0, b.length);
        return b.length;
    }

    private static ScanEvent consumer(final Verifier v, final long code, final String region) {
        final ScanEvent e = new ScanEvent();
        e.codeId = code;
        e.deviceHash = 7;
        e.region = Regions.pack(region);
        v.scan(e);
        return e;
    }

    private static ActorSpec spec(final String id, final String role, final String region, final String parent) {
        return ActorSpec.of(id, role, null, region, parent);
    }

    @Test
    void shouldFollowAUnitFromDistributorToStoreToInstallAndFlagAConsumerScanOutsideItsHoldersTerritory() {
        final Recovery.State s = Recovery.open(dir, 10_000, SEGMENT);
        final Verifier v = verifier(s);
        final Batch batch = v.createBatch(BatchSpec.of("TYRE-18", "4006381333931", "CN", 100L, null, null));
        final String d = v.createActor(spec("dist-sh", "DISTRIBUTOR", "CN-31", null)).key();
        final String st = v.createActor(spec("store-pd", "STORE", "CN-31", "dist-sh")).key();
        final String inst = v.createActor(spec("mech-1", "INSTALLER", "CN-31", "store-pd")).key();
        final long unit = batch.firstCodeId() + 4;

        final ScanEvent received = role(v, d, unit, Action.RECEIVE, null, null, 0);
        assertEquals(RoleOutcome.APPLIED, received.roleOutcome);
        assertEquals("dist-sh", received.holder.id());
        assertEquals(RoleOutcome.APPLIED, role(v, d, unit, Action.SHIP, "store-pd", null, 0).roleOutcome);
        final ScanEvent installed = role(v, inst, unit, Action.INSTALL, null, "ORDER-1", 0);
        assertEquals(RoleOutcome.APPLIED, installed.roleOutcome);
        assertEquals("store-pd", installed.installStore.id(), "an installer's install counts for its store");
        assertEquals("dist-sh", installed.distributor.id());
        assertEquals("store-pd", installed.store.id());

        final ScanEvent inside = consumer(v, unit, "CN-31");
        assertEquals(Verdict.GENUINE, inside.verdict);
        assertFalse(Alert.DIVERTED.in(inside.alerts));
        assertEquals("mech-1", inside.installer.id(), "the consumer sees who installed it");
        assertFalse(Alert.DIVERTED.in(consumer(v, unit, "CN").alerts), "a country-only region is not outside a province");
        final ScanEvent outside = consumer(v, unit, "CN-44");
        assertTrue(Alert.DIVERTED.in(outside.alerts));
        assertEquals("store-pd", outside.holder.id(), "DIVERTED names the actor holding the unit");
        assertFalse(Alert.DIVERTED.in(consumer(v, batch.firstCodeId() + 5, "CN-44").alerts), "a unit the channel never saw");
        assertTrue(st.startsWith(ActorKeys.PREFIX));
        assertTrue(Alert.DIVERTED.in(consumer(v, unit, "CN-11").alerts));
        final java.util.List<Diversion> log = s.channel().diversions().read(0, 10);
        assertEquals(1, log.size(), "logged once per unit and holder, however often it is scanned outside: " + log);
        assertEquals("store-pd", log.get(0).actor());
        assertEquals("CN-44", log.get(0).scannedRegion());
        assertEquals("CN-31", log.get(0).territory());
        assertEquals(1, s.channel().statsOf("store-pd").diverted());
        assertEquals(1, s.channel().statsOf("dist-sh").received());
        assertEquals(1, s.channel().statsOf("dist-sh").shipped());
        assertEquals(1, s.channel().statsOf("mech-1").installed());
    }

    @Test
    void shouldRefuseWrongKeysRolesCodesAndSecondInstallsWithoutChangingAnything() {
        final Recovery.State s = Recovery.open(dir, 10_000, SEGMENT);
        final Verifier v = verifier(s);
        final Batch batch = v.createBatch(BatchSpec.of("TYRE-18", "4006381333931", "CN", 100L, null, null));
        final String st = v.createActor(spec("store-pd", "STORE", "CN-31", null)).key();
        final String guide = v.createActor(spec("guide-1", "GUIDE", "CN-31", "store-pd")).key();
        final long unit = batch.firstCodeId();

        assertEquals(RoleOutcome.UNAUTHORIZED, role(v, ActorKeys.generate(), unit, Action.RECEIVE, null, null, 0).roleOutcome);
        assertEquals(RoleOutcome.FORBIDDEN, role(v, guide, unit, Action.INSTALL, null, "O-1", 0).roleOutcome);
        final ScanEvent unknown = role(v, st, batch.firstCodeId() + 100, Action.RECEIVE, null, null, 0);
        assertEquals(RoleOutcome.NOT_GENUINE, unknown.roleOutcome);
        assertEquals(Verdict.UNKNOWN, unknown.verdict);
        assertEquals(RoleOutcome.UNKNOWN_TARGET, role(v, st, unit, Action.SHIP, "nobody", null, 0).roleOutcome);
        assertNull(s.channel().position(unit), "nothing refused left a trace");

        assertEquals(RoleOutcome.APPLIED, role(v, st, unit, Action.INSTALL, null, "O-1", 77).roleOutcome);
        assertEquals(RoleOutcome.APPLIED, role(v, st, unit, Action.INSTALL, null, "O-1", 77).roleOutcome, "a retry is answered as applied");
        final ScanEvent again = role(v, st, unit, Action.INSTALL, null, "O-2", 0);
        assertEquals(RoleOutcome.ALREADY_INSTALLED, again.roleOutcome);
        assertEquals("store-pd", again.installStore.id());
        assertEquals("O-1", again.installOrder);
        final ScanEvent sameOrder = role(v, st, unit + 1, Action.INSTALL, null, "O-1", 0);
        assertEquals(RoleOutcome.ALREADY_INSTALLED, sameOrder.roleOutcome, "an order installs one unit");
        assertNull(s.channel().position(unit + 1));

        v.disableActor("store-pd");
        assertEquals(RoleOutcome.UNAUTHORIZED, role(v, st, unit + 2, Action.RECEIVE, null, null, 0).roleOutcome, "disabled at once");
        v.voidCode(unit + 3);
        assertEquals(Verdict.VOIDED, role(v, guide, unit + 3, Action.SELL, null, null, 0).verdict);
    }

    @Test
    void shouldRebuildActorsPositionsAndInstallsFromTheJournalAfterACrashAndACleanStop() {
        final Recovery.State first = Recovery.open(dir, 10_000, SEGMENT);
        Verifier v = verifier(first);
        final Batch batch = v.createBatch(BatchSpec.of("TYRE-18", "4006381333931", "CN", 100L, null, null));
        final String d = v.createActor(spec("dist-sh", "DISTRIBUTOR", "CN-31", null)).key();
        final String st = v.createActor(spec("store-gz", "STORE", "CN-44", "dist-sh")).key();
        v.createActor(spec("old", "GUIDE", "CN", null));
        v.disableActor("old");
        role(v, d, batch.firstCodeId(), Action.SHIP, "store-gz", null, 0);
        role(v, st, batch.firstCodeId(), Action.INSTALL, null, "O-9", 0);
        assertTrue(Alert.DIVERTED.in(consumer(v, batch.firstCodeId(), "CN-11").alerts));
        first.journal().force();
        first.ledger().close();
        first.journal().close(); // kill -9: no clean checkpoint

        final Recovery.State second = Recovery.open(dir, 10_000, SEGMENT);
        assertEquals(Recovery.Mode.REBUILT, second.report().mode());
        check(second.channel(), batch, st);
        v = verifier(second);
        assertEquals(RoleOutcome.ALREADY_INSTALLED, role(v, st, batch.firstCodeId() + 1, Action.INSTALL, null, "O-9", 0).roleOutcome);
        second.journal().force();
        final long end = second.journal().endPosition();
        second.ledger().close();
        second.journal().close();
        ConsumerFiles.closeAndSeal(dir, second.consumers().table(), end);
        new Checkpoint(end, true, Checkpoint.currentBootId(), Checkpoint.fileCrc(dir.resolve(Recovery.LEDGER_FILE))).write(dir);

        final Recovery.State third = Recovery.open(dir, 10_000, SEGMENT);
        assertEquals(Recovery.Mode.OPENED, third.report().mode());
        check(third.channel(), batch, st);
        third.ledger().close();
        third.journal().close();
    }

    private static void check(final ChannelBook book, final Batch batch, final String storeKey) {
        assertEquals(3, book.actorCount());
        assertTrue(book.actor("old").disabled());
        final byte[] digest = new byte[ActorKeys.DIGEST_BYTES];
        ActorKeys.digest(storeKey, digest);
        assertEquals("store-gz", book.byKey(digest).id(), "keys work after a restart");
        final UnitPosition p = book.position(batch.firstCodeId());
        assertEquals("store-gz", p.holder().id());
        assertEquals("dist-sh", p.distributor().id(), "the distributor that shipped it");
        assertEquals("O-9", p.order());
        assertEquals(1, book.diversions().size(), "the diversion log comes back");
        assertEquals(1, book.statsOf("store-gz").diverted());
        assertEquals(1, book.statsOf("store-gz").installed());
        assertEquals(1, book.statsOf("dist-sh").shipped());
    }

    @Test
    void shouldNameEveryBadActorFieldAndRefuseATakenIdOrUnknownParent() {
        final IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> ActorSpec.of("a b", "BOSS", "\u0001", "china", "a b"));
        assertTrue(bad.getMessage().contains("'id'") && bad.getMessage().contains("'role'") && bad.getMessage().contains("'name'")
                && bad.getMessage().contains("'region'"), bad.getMessage());
        final ChannelBook book = new ChannelBook();
        assertThrows(IllegalArgumentException.class, () -> book.plan(spec("s", "STORE", "CN", "nobody"), "00", 1));
        book.apply(book.plan(spec("s", "STORE", "CN", null), ActorKeys.hash(ActorKeys.generate()), 1));
        assertThrows(IllegalStateException.class, () -> book.plan(spec("s", "STORE", "CN", null), "00", 1));
    }

    private static String bEnd(final String id, final long budget, final String channel, final String caps) {
        return "{\"id\":\"" + id + "\",\"start\":\"2027-01-01T00:00:00Z\",\"end\":\"2027-12-31T00:00:00Z\",\"winProbability\":1.0,"
                + "\"currency\":\"CNY\",\"budget\":{\"count\":" + budget + ",\"amount\":100000},\"prizes\":[{\"id\":\"fee\",\"amount\":500,\"weight\":1}]"
                + (channel == null ? "" : ",\"channel\":" + channel) + caps + "}";
    }

    @Test
    void shouldRewardAnInstallerOncePerUnitWithinBudgetAndCapsAndNeverAConsumerFromABEndCampaign() {
        final Recovery.State s = Recovery.open(dir, 10_000, SEGMENT);
        final Verifier v = verifier(s);
        final Batch batch = v.createBatch(BatchSpec.of("TYRE-18", "4006381333931", "CN", 100L, null, null));
        v.applyCampaign(bEnd("install-fee", 3, "{\"role\":\"INSTALLER\",\"action\":\"INSTALL\"}", ",\"caps\":{\"perDevice\":2}")
                .getBytes(StandardCharsets.UTF_8));
        final String a = v.createActor(spec("mech-a", "INSTALLER", "CN-31", null)).key();
        final String b = v.createActor(spec("mech-b", "INSTALLER", "CN-31", null)).key();
        final long u = batch.firstCodeId();

        final ScanEvent first = role(v, a, u, Action.INSTALL, null, "O-1", 5);
        assertEquals(500, first.rewardAmount);
        assertEquals("mech-a", first.reward.actor(), "the reward log names the actor");
        assertEquals(first.rewardId, role(v, a, u, Action.INSTALL, null, "O-1", 5).rewardId, "a retry shows the same reward");
        assertEquals(500, role(v, a, u + 1, Action.INSTALL, null, "O-2", 0).rewardAmount);
        assertEquals(0, role(v, a, u + 2, Action.INSTALL, null, "O-3", 0).rewardId, "capped at 2 per installer");
        assertEquals(500, role(v, b, u + 3, Action.INSTALL, null, "O-4", 0).rewardAmount);
        assertEquals(0, role(v, b, u + 4, Action.INSTALL, null, "O-5", 0).rewardId, "budget of 3 spent");
        assertEquals(3, s.campaigns().rewards().read(0, 100).size());
        final ScanEvent consumer = consumer(v, u + 5, "CN-31");
        assertEquals(0, consumer.rewardId, "a B-end campaign never rewards a consumer");
        assertEquals(0, consumer(v, u, "CN-31").rewardId, "nor shows the installer's reward to one");
    }
}
