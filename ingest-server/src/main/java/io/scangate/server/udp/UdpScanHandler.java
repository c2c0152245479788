package io.scangate.server.udp;

import java.net.InetSocketAddress;
import java.util.ArrayDeque;

import org.agrona.concurrent.UnsafeBuffer;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.ReferenceCountUtil;
import io.scangate.client.protocol.ScanRequestDecoder;
import io.scangate.client.protocol.ScanResponseEncoder;
import io.scangate.client.protocol.UdpProtocol;
import io.scangate.server.intake.ScanFieldRules;
import io.scangate.server.intake.ScanIntake;
import io.scangate.server.intake.ScanTicket;
import io.scangate.server.intake.TicketOwner;
import io.scangate.server.reply.LoopInbox;
import io.scangate.verifier.ledger.Regions;
import io.scangate.verifier.verdict.Verdict;

/**
 * One datagram channel of the UDP scan port. Each datagram is checked whole before any of its
 * scans is used; a bad one is answered with an error datagram (or counted and dropped when it
 * cannot be answered) and the channel stays open. Each scan's tag is checked here on the event
 * loop, authentic scans go to the ring with their own idempotency key derived from (device,
 * requestId, scan index), and the datagram is answered, in scan order, when its last scan is
 * back from the verifier.
 *
 * <p>Concurrency: event-loop confined, except the {@link UdpScan} outcomes written by the
 * verifier (see there).
 */
final class UdpScanHandler extends TicketOwner {
    /** Datagrams in flight per channel; beyond it a datagram is refused as OVERLOADED. */
    static final int MAX_IN_FLIGHT = 8192;
    private static final int POOL = 1024;

    private final UdpContext shared;
    /** scangate_scans_total{transport="udp"}, scangate_requests_total{transport="udp"} and the request latency. */
    private final io.scangate.server.ops.ScanMetrics.TransportMeters udpMeters;
    private final byte[] inBytes = new byte[2048];
    private final UnsafeBuffer in = new UnsafeBuffer(inBytes);
    private final byte[] outBytes = new byte[UdpProtocol.MAX_DATAGRAM];
    private final UnsafeBuffer out = new UnsafeBuffer(outBytes);
    private final ScanRequestDecoder decoder = new ScanRequestDecoder();
    private final ScanResponseEncoder encoder = new ScanResponseEncoder();
    private final ArrayDeque<UdpRequest> pool = new ArrayDeque<>();
    private int inFlight;

    UdpScanHandler(final UdpContext shared, final LoopInbox<ScanTicket> replies) {
        super(replies, new ScanIntake(shared.authenticator(), shared.ring(), shared.metrics()));
        this.shared = shared;
        this.udpMeters = shared.metrics().transport(io.scangate.server.ops.ScanMetrics.UDP);
    }

    @Override
    public void channelRead(final ChannelHandlerContext ctx, final Object msg) {
        try {
            if (msg instanceof DatagramPacket packet) {
                onDatagram(packet.content(), packet.sender());
            } else {
                shared.udpMetrics().dropped();
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void exceptionCaught(final ChannelHandlerContext ctx, final Throwable cause) {
        // a datagram socket has no peer to close on: count and keep serving
        shared.udpMetrics().dropped();
    }

    private void onDatagram(final ByteBuf content, final InetSocketAddress sender) {
        final long start = System.nanoTime();
        final int length = content.readableBytes();
        content.getBytes(content.readerIndex(), inBytes, 0, Math.min(length, inBytes.length));
        decoder.wrap(in, 0, length);
        final int error = decoder.decode();
        if (sender == null || sender.getPort() == 0 || !scangateDatagram(length)) {
            // not ours: no answer, or anyone could make this port send datagrams to a forged source (reflection)
            shared.udpMetrics().dropped();
            return;
        }
        if (error != 0) {
            if (decoder.type() == UdpProtocol.TYPE_SCAN_RESPONSE || decoder.type() == UdpProtocol.TYPE_ERROR) {
                shared.udpMetrics().dropped(); // never answer an answer: two servers would echo forever
                return;
            }
            answerError(sender, length, decoder.requestId(), error, decoder.detail());
            return;
        }
        if (inFlight >= MAX_IN_FLIGHT) {
            answerError(sender, length, decoder.requestId(), UdpProtocol.ERROR_OVERLOADED,
                    "too many datagrams in flight; retry with the same requestId");
            return;
        }
        final int regionOffset = decoder.regionOffset();
        final int regionLength = decoder.regionLength();
        final String problem = fieldProblem(regionOffset, regionLength);
        if (problem != null) {
            answerError(sender, length, decoder.requestId(), UdpProtocol.ERROR_MALFORMED, problem);
            return;
        }
        final UdpRequest r = take();
        r.sender = sender;
        r.requestId = decoder.requestId();
        r.count = decoder.scanCount();
        r.startNanos = start;
        inFlight++;
        final long region = regionLength == 0 ? Regions.NONE : Regions.pack(inBytes, regionOffset, regionLength);
        final long deviceHash = ScanIntake.hash(inBytes, decoder.deviceOffset(), decoder.deviceLength());
        for (int i = 0; i < r.count; i++) {
            submit(r, r.scans[i], i, region, deviceHash);
        }
        if (r.pending == 0) {
            answer(r);
        }
    }

    /** One scan of the datagram through the intake: settled here (bad code, forged, ring full) or published. */
    private void submit(final UdpRequest r, final UdpScan s, final int index, final long region, final long deviceHash) {
        s.reset();
        s.startNanos = r.startNanos;
        final int check = intake.checkCode(inBytes, decoder.codeOffset(index), decoder.codeLength(index), s);
        if (check == ScanIntake.BAD_LENGTH || check == ScanIntake.BAD_CHARACTER) {
            s.loopStatus = UdpProtocol.STATUS_BAD_CODE;
            return;
        }
        if (check == ScanIntake.FORGED) {
            s.verdict = Verdict.FORGED; // and codes under a key id we hold no secret for (docs/API.md)
            return;
        }
        ScanIntake.device(s, inBytes, decoder.deviceOffset(), decoder.deviceLength(), deviceHash);
        ScanIntake.consumer(s, inBytes, decoder.consumerOffset(index), decoder.consumerLength(index));
        s.region = region;
        s.requestKey = intake.requestKey(inBytes, decoder.deviceOffset(), decoder.deviceLength(), r.requestId, index);
        if (intake.publish(s)) {
            r.pending++;
        } else {
            s.loopStatus = UdpProtocol.STATUS_OVERLOADED;
        }
    }

    /** Event loop: one of the datagram's scans is back; returns true if its answer was written. */
    @Override
    public boolean returned(final ScanTicket ticket) {
        final UdpRequest r = ((UdpScan) ticket).request;
        if (--r.pending == 0) {
            answer(r);
            return true;
        }
        return false;
    }

    private void answer(final UdpRequest r) {
        encoder.wrap(out, 0);
        final int length = encoder.scanResponse(r.requestId, r.count);
        for (int i = 0; i < r.count; i++) {
            final UdpScan s = r.scans[i];
            encoder.entry(i, s.wireStatus(), s.wireStatus() == UdpProtocol.STATUS_OK ? UdpScan.wireVerdict(s.verdict) : UdpProtocol.VERDICT_NONE,
                    s.firstScan, s.scanCount, s.alerts, s.rewardId, s.rewardAmount);
            if (s.wireStatus() == UdpProtocol.STATUS_OK && s.verdict != null) {
                udpMeters.scan(s.verdict);
            }
        }
        if (send(r.sender, length)) {
            final long nanos = System.nanoTime() - r.startNanos;
            shared.udpMetrics().answered(nanos);
            udpMeters.latencyNanos(nanos);
            for (int i = 0; i < r.count; i++) {
                udpMeters.status(UdpScan.requestStatus(r.scans[i].wireStatus()));
            }
        }
        inFlight--;
        recycle(r);
    }

    /** What is wrong with the decoded datagram's fields (region, device, consumers), by the intake's rules; null if nothing. */
    private String fieldProblem(final int regionOffset, final int regionLength) {
        if (regionLength > 0 && !ScanFieldRules.region(inBytes, regionOffset, regionLength)) {
            return ScanFieldRules.BAD_REGION;
        }
        if (ScanFieldRules.hasControl(inBytes, decoder.deviceOffset(), decoder.deviceLength())) {
            return ScanFieldRules.BAD_DEVICE;
        }
        for (int i = 0; i < decoder.scanCount(); i++) {
            if (ScanFieldRules.hasControl(inBytes, decoder.consumerOffset(i), decoder.consumerLength(i))) {
                return "scan " + i + ": " + ScanFieldRules.BAD_CONSUMER;
            }
        }
        return null;
    }

    /** Whether the datagram starts with scangate's magic: only those are ever answered. */
    private boolean scangateDatagram(final int length) {
        return length >= 2 && in.getShort(0, java.nio.ByteOrder.LITTLE_ENDIAN) == UdpProtocol.MAGIC;
    }

    /**
     * Answers a refused datagram with an error datagram no larger than the request (its detail
     * cut to fit), so the port cannot amplify traffic sent from a forged source; dropped if even
     * the bare error would be larger.
     */
    private void answerError(final InetSocketAddress to, final int requestLength, final long requestId, final int code,
                             final String detail) {
        encoder.wrap(out, 0);
        int length = encoder.error(requestId, code, detail);
        if (length > requestLength) {
            final int bare = encoder.error(requestId, code, null);
            if (bare > requestLength) {
                shared.udpMetrics().dropped();
                return;
            }
            final int room = requestLength - bare; // the details are ASCII: one byte a character
            length = encoder.error(requestId, code, detail.substring(0, Math.min(room, detail.length())));
        }
        if (send(to, length)) {
            shared.udpMetrics().error(code);
            udpMeters.status(code == UdpProtocol.ERROR_OVERLOADED ? 503 : 400);
        }
    }

    /** Writes {@code length} bytes of the out buffer to {@code to}; false (counted as dropped) if the channel cannot take it. */
    private boolean send(final InetSocketAddress to, final int length) {
        if (ctx.channel().isActive() && !ctx.channel().isWritable()) {
            flushNow(); // a burst of answers (one fsync's worth): hand what is queued to the socket first
            if (!ctx.channel().isWritable()) {
                ctx.flush();
            }
        }
        if (!ctx.channel().isActive() || !ctx.channel().isWritable()) {
            shared.udpMetrics().dropped(); // the socket cannot take more: the client's retry gets the same answer
            return false;
        }
        final ByteBuf buf = ctx.alloc().directBuffer(length);
        buf.writeBytes(outBytes, 0, length);
        ctx.write(new DatagramPacket(buf, to), ctx.voidPromise());
        wrote();
        return true;
    }

    private UdpRequest take() {
        final UdpRequest r = pool.poll();
        return r != null ? r : new UdpRequest(this);
    }

    private void recycle(final UdpRequest r) {
        r.reset();
        if (pool.size() < POOL) {
            pool.add(r);
        }
    }
}
