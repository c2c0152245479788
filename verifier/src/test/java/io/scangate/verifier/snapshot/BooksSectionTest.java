package io.scangate.verifier.snapshot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import io.scangate.verifier.audit.AuditEntry;
import io.scangate.verifier.audit.AuditLog;
import io.scangate.verifier.batch.Batch;
import io.scangate.verifier.batch.BatchMetaParser;
import io.scangate.verifier.batch.BatchRegistry;
import io.scangate.verifier.batch.BatchSpec;
import io.scangate.verifier.campaign.CampaignBook;
import io.scangate.verifier.channel.ActorSpec;
import io.scangate.verifier.channel.ChannelBook;
import io.scangate.verifier.code.KeyRing;
import io.scangate.verifier.consumer.ConsumerBook;
import io.scangate.verifier.consumer.ConsumerTable;
import io.scangate.verifier.consumer.LifecycleRules;
import io.scangate.verifier.journal.Journal;
import io.scangate.verifier.journal.Recovery;
import io.scangate.verifier.ledger.ChronicleLedger;
import io.scangate.verifier.ledger.Hashing;
import io.scangate.verifier.ledger.Regions;
import io.scangate.verifier.link.Anchor;
import io.scangate.verifier.link.Link;
import io.scangate.verifier.link.LinkBook;
import io.scangate.verifier.link.LinkSet;
import io.scangate.verifier.verdict.ScanEvent;
import io.scangate.verifier.verdict.Verifier;
import io.scangate.verifier.verdict.VerifierContext;

/** The in-heap books' section: the compacted records rebuild batches, campaigns with their rewards and refused draws, links, actors and the audit and lifecycle logs. */
class BooksSectionTest {
    @Test
    void theCompactedRecordsRebuildEveryBookAsItWas() throws Exception {
        try (ChronicleLedger ledger = ChronicleLedger.inMemory(10_000)) {
            final BatchRegistry batches = BatchRegistry.inMemory();
            final CampaignBook campaigns = new CampaignBook();
            final ChannelBook channel = new ChannelBook(id -> batches.index().find(id));
            final LinkBook links = new LinkBook();
            final AuditLog audit = new AuditLog();
            final ConsumerBook consumers = new ConsumerBook(ConsumerTable.inMemory(1_000), LifecycleRules.DEFAULTS);
            final Verifier v = new Verifier(new VerifierContext().ledger(ledger).journal(Journal.DISCARD).batches(batches).keys(KeyRing.of(1, 1, 2))
                    .campaigns(campaigns).channel(channel).links(links).audit(audit).consumers(consumers).clock(() -> 1_780_000_000_000L));
            final Batch b = v.createBatch(BatchSpec.of("COLA-330", "6901234567892", "CN", 500L, null, null),
                    BatchMetaParser.parse(new com.fasterxml.jackson.databind.ObjectMapper().readTree("{\"name\":\"Cola 330 ml\"}")));
            v.createBatch(BatchSpec.of("TEA-500", "6901234567892", "CN-31", 50L, null, null));
            v.applyCampaign(("{\"id\":\"summer\",\"start\":\"2026-01-01T00:00:00Z\",\"end\":\"2099-01-01T00:00:00Z\",\"winProbability\":1.0,"
                    + "\"currency\":\"CNY\",\"budget\":{\"count\":100,\"amount\":100000},\"caps\":{\"perDevice\":3},"
                    + "\"prizes\":[{\"id\":\"red\",\"amount\":100,\"weight\":1}]}")
                    .getBytes(StandardCharsets.UTF_8));
            for (int i = 0; i < 10; i++) { // one phone: three rewards, then refused draws (its cap)
                final ScanEvent e = new ScanEvent();
                e.codeId = b.firstCodeId() + i;
                final byte[] d = "phone-1".getBytes(StandardCharsets.UTF_8);
                System.arraycopy(d, 0, e.device, 0, d.length);
                e.deviceLength = d.length;
                e.deviceHash = Hashing.hash(d, 0, d.length);
                e.region = Regions.pack("CN-31");
                final byte[] c = "wx-7".getBytes(StandardCharsets.UTF_8); // one consumer's purchases: REPEAT and LOYAL events
                System.arraycopy(c, 0, e.consumer, 0, c.length);
                e.consumerLength = c.length;
                e.consumerHash = Hashing.hash(c, 0, c.length);
                v.scan(e);
            }
            v.audit(new AuditEntry(0, 1L, "alice", "POST", "/admin/batches", "/admin/batches", 201, 10, "ab"));
            v.audit(new AuditEntry(0, 2L, "admin", "PUT", "/admin/links/{gtin}", "/admin/links/x", 200, 0, null));
            v.setLinks(LinkSet.of(Anchor.gtin("6901234567892"), List.of(new Link("gs1:pip", "https://b.example/p", "P", List.of("en"), null, true))));
            v.createActor(ActorSpec.of("dist-1", "DISTRIBUTOR", "North", "CN-31", null));
            v.disableActor("dist-1");
            assertEquals(3, campaigns.rewards().size());

            final BooksSection.Capture capture = BooksSection.capture(batches, campaigns, links, channel, audit, consumers.events());
            final ByteArrayOutputStream out = new ByteArrayOutputStream();
            final long written = BooksSection.write(capture, campaigns, audit, consumers.events(), out);

            final BatchRegistry batches2 = BatchRegistry.inMemory();
            final CampaignBook campaigns2 = new CampaignBook();
            final ChannelBook channel2 = new ChannelBook(id -> batches2.index().find(id));
            final LinkBook links2 = new LinkBook();
            final AuditLog audit2 = new AuditLog();
            final ConsumerBook consumers2 = new ConsumerBook(ConsumerTable.inMemory(1_000), LifecycleRules.DEFAULTS);
            final byte[] bytes = out.toByteArray();
            final UnsafeBuffer direct = new UnsafeBuffer(java.nio.ByteBuffer.allocateDirect(bytes.length));
            direct.putBytes(0, bytes);
            assertEquals(written, Recovery.replayRecords(direct, bytes.length, batches2, campaigns2, channel2, links2, audit2,
                    consumers2));
            links2.publish();
            assertEquals(batches.index().all(), batches2.index().all());
            assertEquals("Cola 330 ml", batches2.index().all().get(0).meta().name());
            assertEquals(campaigns.runtimes().get(0).campaign(), campaigns2.runtimes().get(0).campaign());
            assertEquals(campaigns.runtimes().get(0).spentAmount(), campaigns2.runtimes().get(0).spentAmount());
            assertEquals(campaigns.rewards().read(0, 100), campaigns2.rewards().read(0, 100));
            assertTrue(campaigns.refusedDraws().length > 0);
            assertArrayEquals(sorted(campaigns.refusedDraws()), sorted(campaigns2.refusedDraws()));
            assertEquals(links.all(), links2.all());
            assertEquals(channel.actors(), channel2.actors());
            assertEquals(2, audit2.size());
            assertEquals(audit.read(0, 10), audit2.read(0, 10));
            assertEquals(2, consumers.events().size(), "REPEAT and LOYAL");
            assertEquals(consumers.events().read(0, 10), consumers2.events().read(0, 10));
            assertEquals(0, consumers2.table().size(), "the profiles are the consumer section's, not the events'");
        }
    }

    private static long[][] sorted(final long[][] pairs) {
        final long[][] copy = Arrays.copyOf(pairs, pairs.length);
        Arrays.sort(copy, Comparator.<long[]>comparingLong(p -> p[0]).thenComparingLong(p -> p[1]));
        return copy;
    }
}
