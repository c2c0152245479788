package io.scangate.verifier.campaign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.scangate.verifier.consumer.ConsumerFiles;
import io.scangate.verifier.batch.Batch;
import io.scangate.verifier.batch.BatchSpec;
import io.scangate.verifier.code.KeyRing;
import io.scangate.verifier.journal.Checkpoint;
import io.scangate.verifier.journal.Recovery;
import io.scangate.verifier.ledger.Hashing;
import io.scangate.verifier.ledger.Regions;
import io.scangate.verifier.verdict.ScanEvent;
import io.scangate.verifier.verdict.Verifier;
import io.scangate.verifier.verdict.VerifierContext;

/** Campaigns, rewards and refused draws come back from the real journal after clean and unclean stops. */
class CampaignRecoveryTest {
    private static final int SEGMENT = 1 << 20;
    private final AtomicLong clock = new AtomicLong(CampaignFixture.JUNE_15);

    @TempDir
    Path dir;

    private Verifier verifier(final Recovery.State s) {
        return new Verifier(new VerifierContext().ledger(s.ledger()).journal(s.journal()).batches(s.batches()).keys(KeyRing.of(1, 1, 2))
                .clock(clock::get).requestWindow(s.requests()).campaigns(s.campaigns()));
    }

    private static ScanEvent scan(final Verifier v, final long codeId, final String device) {
        final ScanEvent e = new ScanEvent();
        e.codeId = codeId;
        final byte[] d = device.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(d, 0, e.device, 0, d.length);
        e.deviceLength = d.length;
        e.deviceHash = Hashing.hash(d, 0, d.length);
        e.region = Regions.pack("CN-31");
        v.scan(e);
        return e;
    }

    private void cleanStop(final Recovery.State s) {
        s.journal().force();
        final long end = s.journal().endPosition();
        s.ledger().close();
        s.journal().close();
        ConsumerFiles.closeAndSeal(dir, s.consumers().table(), end);
        new Checkpoint(end, true, Checkpoint.currentBootId(), Checkpoint.fileCrc(dir.resolve(Recovery.LEDGER_FILE))).write(dir);
    }

    private static void crash(final Recovery.State s) {
        // kill -9: no clean checkpoint; closing only releases the files for the next open
        s.ledger().close();
        s.journal().close();
    }

    @Test
    void shouldRestoreCampaignsRewardsAndDrawsAfterACleanStopAndAfterACrash() {
        final Recovery.State first = Recovery.open(dir, 10_000, SEGMENT);
        Verifier v = verifier(first);
        final Batch batch = v.createBatch(BatchSpec.of("COLA-330", "6901234567892", "CN", 100L, null, null));
        v.applyCampaign(CampaignFixture.campaign("summer", 1.0, 5, 10_000, "[{\"id\":\"red\",\"amount\":100,\"weight\":1}]",
                ",\"caps\":{\"perDevice\":2}").getBytes(StandardCharsets.UTF_8));
        final long rewardOfCode0 = scan(v, batch.firstCodeId(), "a").rewardId;
        scan(v, batch.firstCodeId() + 1, "a");
        assertEquals(0, scan(v, batch.firstCodeId() + 2, "a").rewardId, "capped: a refused win");
        scan(v, batch.firstCodeId() + 3, "b");
        final List<Reward> three = first.campaigns().rewards().read(0, 100);
        assertEquals(3, three.size());
        cleanStop(first);

        final Recovery.State second = Recovery.open(dir, 10_000, SEGMENT);
        assertEquals(Recovery.Mode.OPENED, second.report().mode());
        assertEquals(three, second.campaigns().rewards().read(0, 100));
        v = verifier(second);
        assertRestored(v, batch, rewardOfCode0, second.campaigns().find("summer"), 3);
        assertNotEquals(0, scan(v, batch.firstCodeId() + 5, "d").rewardId);
        final List<Reward> four = second.campaigns().rewards().read(0, 100);
        crash(second);

        final Recovery.State third = Recovery.open(dir, 10_000, SEGMENT);
        assertEquals(Recovery.Mode.REBUILT, third.report().mode());
        assertEquals(four, third.campaigns().rewards().read(0, 100));
        assertRestored(verifier(third), batch, rewardOfCode0, third.campaigns().find("summer"), 4);
        crash(third);
    }

    private static void assertRestored(final Verifier v, final Batch batch, final long rewardOfCode0, final CampaignRuntime r,
                                       final long spent) {
        assertEquals(spent, r.spentCount());
        assertEquals(100 * spent, r.spentAmount());
        assertEquals(2, r.campaign().caps().perDevice());
        assertEquals(rewardOfCode0, scan(v, batch.firstCodeId(), "a").rewardId, "the winner sees the same reward");
        assertEquals(0, scan(v, batch.firstCodeId() + 2, "c").rewardId, "a refused win stays refused");
        assertEquals(0, scan(v, batch.firstCodeId() + 4, "a").rewardId, "device a's cap holds across the restart");
    }
}
