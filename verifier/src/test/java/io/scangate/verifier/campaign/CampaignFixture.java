package io.scangate.verifier.campaign;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

import io.scangate.verifier.batch.Batch;
import io.scangate.verifier.batch.BatchRegistry;
import io.scangate.verifier.batch.BatchSpec;
import io.scangate.verifier.code.KeyRing;
import io.scangate.verifier.journal.Journal;
import io.scangate.verifier.ledger.ChronicleLedger;
import io.scangate.verifier.ledger.Hashing;
import io.scangate.verifier.ledger.Regions;
import io.scangate.verifier.verdict.ScanEvent;
import io.scangate.verifier.verdict.VerdictRules;
import io.scangate.verifier.verdict.Verifier;
import io.scangate.verifier.verdict.VerifierContext;

/** A verifier over an in-memory ledger with one batch, and scans by device name: for campaign tests. */
final class CampaignFixture implements AutoCloseable {
    static final long JUNE_15 = Instant.parse("2026-06-15T00:00:00Z").toEpochMilli();

    final AtomicLong clock = new AtomicLong(JUNE_15);
    final ChronicleLedger ledger;
    final Verifier verifier;
    final Batch batch;

    CampaignFixture(final long codes) {
        this(codes, Journal.DISCARD);
    }

    CampaignFixture(final long codes, final Journal journal) {
        this(codes, journal, VerdictRules.DEFAULT);
    }

    /** With {@code rules} instead of the default ones (e.g. anti-farming on). */
    CampaignFixture(final long codes, final VerdictRules rules) {
        this(codes, Journal.DISCARD, rules);
    }

    private CampaignFixture(final long codes, final Journal journal, final VerdictRules rules) {
        ledger = ChronicleLedger.inMemory(Math.max(1000, codes * 2));
        verifier = new Verifier(new VerifierContext().ledger(ledger).journal(journal).batches(BatchRegistry.inMemory())
                .keys(KeyRing.of(1, 11, 22)).clock(clock::get).requestWindow(new io.scangate.verifier.ledger.RequestWindow(1024))
                .campaigns(new CampaignBook()).rules(rules));
        batch = verifier.createBatch(BatchSpec.of("COLA-330", "6901234567892", "CN", codes, null, null));
    }

    /** The classic summer campaign, with {@code extra} JSON members appended (e.g. {@code ,"caps":{...}}). */
    static String campaign(final String id, final double p, final long count, final long amount, final String prizes, final String extra) {
        return "{\"id\":\"" + id + "\",\"start\":\"2026-06-01T00:00:00Z\",\"end\":\"2026-09-01T00:00:00Z\","
                + "\"winProbability\":" + p + ",\"currency\":\"CNY\",\"budget\":{\"count\":" + count + ",\"amount\":" + amount + "},"
                + "\"prizes\":" + prizes + extra + "}";
    }

    Campaign apply(final String json) {
        return verifier.applyCampaign(json.getBytes(StandardCharsets.UTF_8));
    }

    ScanEvent scan(final int index, final String device) {
        return scan(index, device, null, "CN-31", 0);
    }

    ScanEvent scan(final int index, final String device, final String consumer, final String region, final long requestKey) {
        final ScanEvent e = new ScanEvent();
        e.codeId = batch.firstCodeId() + index;
        e.tag = 42;
        final byte[] d = device.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(d, 0, e.device, 0, d.length);
        e.deviceLength = d.length;
        e.deviceHash = Hashing.hash(d, 0, d.length);
        if (consumer != null) {
            final byte[] c = consumer.getBytes(StandardCharsets.UTF_8);
            System.arraycopy(c, 0, e.consumer, 0, c.length);
            e.consumerLength = c.length;
            e.consumerHash = Hashing.hash(c, 0, c.length);
        }
        e.region = Regions.pack(region);
        e.requestKey = requestKey;
        verifier.scan(e);
        return e;
    }

    CampaignBook book() {
        return verifier.campaigns();
    }

    @Override
    public void close() {
        ledger.close();
    }
}
