package io.scangate.server.udp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.netty.channel.EventLoop;
import io.netty.channel.embedded.EmbeddedChannel;
import io.scangate.client.protocol.UdpProtocol;
import io.scangate.server.intake.ScanReplies;
import io.scangate.verifier.verdict.ScanEvent;
import io.scangate.verifier.verdict.Verdict;

/** The way back from the verifier: answers reach the datagram's loop, and in sync mode only once durable. */
class UdpRepliesTest {
    private final EmbeddedChannel channel = new EmbeddedChannel();
    private final EventLoop loop = channel.eventLoop();

    /** A datagram of two scans whose first comes back from the verifier (so it is not answered yet). */
    private static UdpRequest twoScanRequest(final ScanReplies router, final EventLoop loop) {
        final UdpRequest r = new UdpRequest(new UdpScanHandler(new UdpContext(null, null, router, new io.scangate.server.ops.ScanMetrics(), null), router.forLoop(loop)));
        r.count = 2;
        r.pending = 2;
        return r;
    }

    private static void complete(final ScanReplies router, final UdpScan scan, final int status) {
        final ScanEvent e = new ScanEvent();
        e.replyTo = scan;
        e.status = status;
        e.verdict = Verdict.SUSPECT;
        e.firstScan = true;
        e.scanCount = 7;
        e.alerts = 0b110;
        e.rewardId = 42;
        e.rewardAmount = 500;
        router.complete(e);
    }

    @Test
    void shouldHoldAnswersUntilTheJournalIsDurableThatFar() {
        final ScanReplies router = new ScanReplies(loop, true, null);
        final UdpRequest r = twoScanRequest(router, loop);
        complete(router, r.scans[0], ScanEvent.STATUS_OK);
        router.endOfBatch(100);
        channel.runPendingTasks();
        assertEquals(2, r.pending, "held: not yet on disk");
        router.onDurable(99);
        channel.runPendingTasks();
        assertEquals(2, r.pending, "still held below its position");
        router.onDurable(100);
        channel.runPendingTasks();
        assertEquals(1, r.pending, "released once durable");
        final UdpScan s = r.scans[0];
        assertEquals(UdpProtocol.STATUS_OK, s.wireStatus());
        assertSame(Verdict.SUSPECT, s.verdict);
        assertEquals(UdpProtocol.VERDICT_SUSPECT, UdpScan.wireVerdict(s.verdict));
        assertTrue(s.firstScan);
        assertEquals(7, s.scanCount);
        assertEquals(0b110, s.alerts);
        assertEquals(42, s.rewardId);
        assertEquals(500, s.rewardAmount);
    }

    @Test
    void shouldDeliverAtTheEndOfTheBatchWhenNotHolding() {
        final ScanReplies router = new ScanReplies(loop, false, null);
        final UdpRequest r = twoScanRequest(router, loop);
        complete(router, r.scans[0], ScanEvent.STATUS_LEDGER_FULL);
        channel.runPendingTasks();
        assertEquals(2, r.pending, "nothing before the batch ends");
        router.endOfBatch(5);
        channel.runPendingTasks();
        assertEquals(1, r.pending);
        assertEquals(UdpProtocol.STATUS_LEDGER_FULL, r.scans[0].wireStatus());
    }

    @Test
    void shouldMapEveryVerdictToItsWireCodeAndReturnToItsChannel() {
        for (final Verdict v : Verdict.values()) {
            assertEquals(v.name(), UdpProtocol.verdictName(UdpScan.wireVerdict(v)));
        }
        assertEquals(UdpProtocol.VERDICT_NONE, UdpScan.wireVerdict(null));
        final ScanReplies router = new ScanReplies(loop, false, null);
        final UdpRequest r = twoScanRequest(router, loop);
        assertSame(r.handler, r.scans[1].owner(), "a scan goes back to the channel handler of its datagram");
    }
}
