package io.scangate.server.udp;

import java.net.InetSocketAddress;
import java.util.ArrayDeque;

import org.agrona.concurrent.UnsafeBuffer;

import com.lmax.disruptor.EventTranslatorOneArg;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.ReferenceCountUtil;
import io.scangate.client.protocol.ScanRequestDecoder;
import io.scangate.client.protocol.ScanResponseEncoder;
import io.scangate.client.protocol.UdpProtocol;
import io.scangate.verifier.code.CodeAuthenticator;
import io.scangate.verifier.code.ParsedCode;
import io.scangate.verifier.ledger.Hashing;
import io.scangate.verifier.ledger.Regions;
import io.scangate.verifier.verdict.ScanEvent;
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
final class UdpScanHandler extends ChannelInboundHandlerAdapter {
    /** Datagrams in flight per channel; beyond it a datagram is refused as OVERLOADED. */
    static final int MAX_IN_FLIGHT = 8192;
    private static final int POOL = 1024;

    private static final EventTranslatorOneArg<ScanEvent, UdpScan> TO_EVENT = (e, sequence, s) -> {
        e.type = ScanEvent.TYPE_SCAN;
        e.codeId = s.codeId;
        e.tag = s.tag;
        e.deviceHash = s.deviceHash;
        e.consumerHash = s.consumerHash;
        e.region = s.region;
        e.location = 0; // the UDP protocol carries no position
        e.gtin = 0;
        e.receivedNanos = s.request.startNanos;
        e.requestKey = s.requestKey;
        System.arraycopy(s.request.device, 0, e.device, 0, s.request.deviceLength);
        e.deviceLength = s.request.deviceLength;
        System.arraycopy(s.consumer, 0, e.consumer, 0, s.consumerLength);
        e.consumerLength = s.consumerLength;
        e.replyTo = s;
        e.admin = null;
    };

    private final UdpContext shared;
    /** scangate_scans_total{transport="udp"} and friends. */
    private io.scangate.server.ops.ScanMetrics.TransportMeters udpMeters;
    final io.scangate.server.reply.LoopInbox<UdpScan> replies;
    private final byte[] inBytes = new byte[2048];
    private final UnsafeBuffer in = new UnsafeBuffer(inBytes);
    private final byte[] outBytes = new byte[UdpProtocol.MAX_DATAGRAM];
    private final UnsafeBuffer out = new UnsafeBuffer(outBytes);
    private final ScanRequestDecoder decoder = new ScanRequestDecoder();
    private final ScanResponseEncoder encoder = new ScanResponseEncoder();
    private final ParsedCode parsed = new ParsedCode();
    private final byte[] keyBytes = new byte[UdpProtocol.MAX_DEVICE_BYTES + 11];
    private final ArrayDeque<UdpRequest> pool = new ArrayDeque<>();
    private ChannelHandlerContext ctx;
    private int inFlight;
    private boolean writtenSinceFlush;
    boolean flushQueued;

    UdpScanHandler(final UdpContext shared, final io.scangate.server.reply.LoopInbox<UdpScan> replies) {
        this.shared = shared;
        this.replies = replies;
    }

    @Override
    public void handlerAdded(final ChannelHandlerContext ctx) {
        this.ctx = ctx;
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
    public void channelReadComplete(final ChannelHandlerContext ctx) {
        flushNow();
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
        if (sender == null || sender.getPort() == 0) {
            shared.udpMetrics().dropped();
            return;
        }
        if (error != 0) {
            if (decoder.type() == UdpProtocol.TYPE_SCAN_RESPONSE || decoder.type() == UdpProtocol.TYPE_ERROR) {
                shared.udpMetrics().dropped(); // never answer an answer: two servers would echo forever
                return;
            }
            answerError(sender, decoder.requestId(), error, decoder.detail());
            return;
        }
        if (inFlight >= MAX_IN_FLIGHT) {
            answerError(sender, decoder.requestId(), UdpProtocol.ERROR_OVERLOADED, "too many datagrams in flight; retry with the same requestId");
            return;
        }
        final UdpRequest r = take();
        r.sender = sender;
        r.requestId = decoder.requestId();
        r.count = decoder.scanCount();
        r.startNanos = start;
        inFlight++;
        final long deviceHash = Hashing.hash(inBytes, decoder.deviceOffset(), decoder.deviceLength());
        System.arraycopy(inBytes, decoder.deviceOffset(), r.device, 0, decoder.deviceLength());
        r.deviceLength = decoder.deviceLength();
        final long region = decoder.regionLength() == 0 ? Regions.NONE
                : Regions.pack(inBytes, decoder.regionOffset(), decoder.regionLength());
        for (int i = 0; i < r.count; i++) {
            final UdpScan s = r.scans[i];
            s.reset();
            final int check = shared.authenticator().check(inBytes, decoder.codeOffset(i), decoder.codeLength(i), parsed);
            if (check == CodeAuthenticator.MALFORMED_LENGTH || check == CodeAuthenticator.MALFORMED_CHARACTER) {
                s.status = UdpProtocol.STATUS_BAD_CODE;
                continue;
            }
            s.codeId = parsed.codeId();
            s.tag = parsed.tag();
            if (check != CodeAuthenticator.AUTHENTIC) {
                // FORGED, and codes under a key id we hold no secret for (docs/API.md): settled here
                s.verdict = Verdict.FORGED;
                continue;
            }
            s.deviceHash = deviceHash;
            s.consumerHash = decoder.consumerLength(i) == 0 ? 0 : Hashing.hash(inBytes, decoder.consumerOffset(i), decoder.consumerLength(i));
            System.arraycopy(inBytes, decoder.consumerOffset(i), s.consumer, 0, decoder.consumerLength(i));
            s.consumerLength = decoder.consumerLength(i);
            s.region = region;
            s.requestKey = requestKey(r.requestId, i);
            if (shared.ring().tryPublish(TO_EVENT, s)) {
                r.pending++;
            } else {
                shared.metrics().publishFailure();
                s.status = UdpProtocol.STATUS_OVERLOADED;
            }
        }
        if (r.pending == 0) {
            answer(r);
        }
    }

    /**
     * Hash of (device, 0x00, 0xFF, requestId, scan index): the scan's idempotency key, never 0.
     * The 0xFF byte keeps it apart from HTTP's keys (device, 0x00, printable ASCII id).
     */
    private long requestKey(final long requestId, final int index) {
        final int n = decoder.deviceLength();
        System.arraycopy(inBytes, decoder.deviceOffset(), keyBytes, 0, n);
        keyBytes[n] = 0;
        keyBytes[n + 1] = (byte) 0xFF;
        for (int b = 0; b < 8; b++) {
            keyBytes[n + 2 + b] = (byte) (requestId >>> (8 * b));
        }
        keyBytes[n + 10] = (byte) index;
        final long key = Hashing.hash(keyBytes, 0, n + 11);
        return key == 0 ? 1 : key;
    }

    /** Event loop: one of the datagram's scans is back; returns true if its answer was written. */
    boolean scanDone(final UdpScan s) {
        final UdpRequest r = s.request;
        if (--r.pending == 0) {
            answer(r);
            return true;
        }
        return false;
    }

    private void answer(final UdpRequest r) {
        if (udpMeters == null) {
            udpMeters = shared.metrics().transport(io.scangate.server.ops.ScanMetrics.UDP);
        }
        encoder.wrap(out, 0);
        final int length = encoder.scanResponse(r.requestId, r.count);
        for (int i = 0; i < r.count; i++) {
            final UdpScan s = r.scans[i];
            encoder.entry(i, s.status, s.status == UdpProtocol.STATUS_OK ? UdpScan.wireVerdict(s.verdict) : UdpProtocol.VERDICT_NONE,
                    s.firstScan, s.scanCount, s.alerts, s.rewardId, s.rewardAmount);
            if (s.status == UdpProtocol.STATUS_OK && s.verdict != null) {
                udpMeters.scan(s.verdict);
            }
        }
        if (send(r.sender, length)) {
            final long nanos = System.nanoTime() - r.startNanos;
            shared.udpMetrics().answered(nanos);
            udpMeters.latencyNanos(nanos);
        }
        inFlight--;
        recycle(r);
    }

    private void answerError(final InetSocketAddress to, final long requestId, final int code, final String detail) {
        encoder.wrap(out, 0);
        final int length = encoder.error(requestId, code, detail);
        if (send(to, length)) {
            shared.udpMetrics().error(code);
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
        writtenSinceFlush = true;
        return true;
    }

    void flushNow() {
        if (writtenSinceFlush) {
            writtenSinceFlush = false;
            ctx.flush();
        }
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
