package io.scangate.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.scangate.server.ops.ScanMetrics;
import io.scangate.verifier.batch.BatchRegistry;
import io.scangate.verifier.code.CodeAuthenticator;
import io.scangate.verifier.code.KeyRing;
import io.scangate.verifier.ledger.ChronicleLedger;
import io.scangate.verifier.verdict.AdminCommand;
import io.scangate.verifier.ring.ReplyRouter;
import io.scangate.verifier.verdict.ScanEvent;
import io.scangate.verifier.verdict.Verifier;
import io.scangate.verifier.verdict.VerifierContext;
import io.scangate.verifier.ring.VerifierRing;

/** A full ring answers 503 with Retry-After at once, counts it, and changes no state. */
class RingFullTest {
    @Test
    void shouldAnswer503WithRetryAfterWhenTheRingIsFull() throws Exception {
        final KeyRing keys = KeyRing.of(1, 3, 4);
        final CodeAuthenticator auth = new CodeAuthenticator(keys);
        try (ChronicleLedger ledger = ChronicleLedger.inMemory(1_000)) {
            final Verifier verifier = new Verifier(new VerifierContext().ledger(ledger).journal(io.scangate.verifier.journal.Journal.DISCARD)
                    .batches(BatchRegistry.inMemory()).keys(keys));
            final VerifierRing ring = new VerifierRing(new VerifierRing.Context().size(64).verifier(verifier).router(new ReplyRouter() {
                @Override
                public void complete(final ScanEvent event) {
                }

                @Override
                public void endOfBatch(final long journalPosition) {
                }
            }));
            ring.start();
            final CountDownLatch hold = new CountDownLatch(1);
            final AdminCommand blocker = AdminCommand.of(v -> {
                try {
                    hold.await(30, TimeUnit.SECONDS);
                } catch (final InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return null;
            });
            assertTrue(ring.tryPublishAdmin(blocker));
            int filled = 0;
            while (ring.tryPublishAdmin(AdminCommand.of(v -> null)) && filled < 1_000) {
                filled++;
            }
            final ScanMetrics metrics = new ScanMetrics();
            final EmbeddedChannel channel = new EmbeddedChannel();
            channel.pipeline().addLast(new ScanHttpRequestDecoder(4096),
                    new ScanConnection(new ScanHttpContext(auth, ring, null, metrics, 4096), io.scangate.server.intake.ScanReplies.inbox(channel.eventLoop()), null));
            final String body = "{\"code\":\"" + auth.issue(1, 5) + "\",\"device\":\"d\"}";
            channel.writeInbound(Unpooled.copiedBuffer("POST /v1/scans HTTP/1.1\r\nHost: x\r\nContent-Length: " + body.length()
                    + "\r\n\r\n" + body, StandardCharsets.US_ASCII));
            final ByteBuf out = channel.readOutbound();
            final String answer = out.toString(StandardCharsets.US_ASCII);
            out.release();
            assertTrue(answer.startsWith("HTTP/1.1 503"), answer);
            assertTrue(answer.contains("Retry-After: 1"), answer);
            assertTrue(answer.contains("application/problem+json"), answer);
            assertTrue(channel.isOpen(), "the connection stays usable");
            assertTrue(metrics.scrape().contains("scangate_ring_publish_failures_total 1.0"), metrics.scrape());
            assertTrue(metrics.scrape().contains("scangate_shed_duration_seconds_count 1"), "the shed decision is timed: " + metrics.scrape());
            hold.countDown();
            ring.drainAndStop(10, TimeUnit.SECONDS);
            assertEquals(0, ledger.size(), "nothing counted");
            channel.finishAndReleaseAll();
        }
    }
}
