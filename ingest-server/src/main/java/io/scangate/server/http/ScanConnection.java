package io.scangate.server.http;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;

import com.lmax.disruptor.EventTranslatorOneArg;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import io.scangate.server.ops.RefusalLog;
import io.scangate.verifier.code.CodeAuthenticator;
import io.scangate.verifier.code.CodeFormat;
import io.scangate.verifier.code.ParsedCode;
import io.scangate.verifier.ledger.Hashing;
import io.scangate.verifier.ledger.Regions;
import io.scangate.verifier.verdict.ScanEvent;
import io.scangate.verifier.verdict.Verdict;

/**
 * One HTTP/1.1 connection of the scan port. Decodes and checks each request on the event loop,
 * answers errors and forged codes itself, publishes authentic scans to the ring, and writes
 * answers strictly in request order (pipelining), flushing once per read batch or verifier batch.
 *
 * <p>Concurrency: event-loop confined, except the {@link PendingReply} outcome fields written by
 * the verifier (see there).
 */
final class ScanConnection extends ChannelInboundHandlerAdapter {
    private static final int MAX_IN_FLIGHT = 256;
    private static final int RESUME_IN_FLIGHT = 64;
    /** 64 characters of UTF-8, as the device field allows. */
    private static final int MAX_DEVICE_BYTES = 256;
    private static final ByteBuf CONTINUE = Unpooled.unreleasableBuffer(
            Unpooled.copiedBuffer("HTTP/1.1 100 Continue\r\n\r\n", StandardCharsets.US_ASCII));

    private static final EventTranslatorOneArg<ScanEvent, PendingReply> TO_EVENT = (e, sequence, r) -> {
        e.type = ScanEvent.TYPE_SCAN;
        e.codeId = r.codeId;
        e.tag = r.tag;
        e.deviceHash = r.deviceHash;
        e.consumerHash = r.consumerHash;
        e.region = r.region;
        e.location = r.location;
        e.gtin = r.gtin;
        e.receivedNanos = r.startNanos;
        e.requestKey = r.requestKey;
        System.arraycopy(r.device, 0, e.device, 0, r.deviceLength);
        e.deviceLength = r.deviceLength;
        System.arraycopy(r.consumer, 0, e.consumer, 0, r.consumerLength);
        e.consumerLength = r.consumerLength;
        e.replyTo = r;
        e.admin = null;
    };

    private enum Route { SCAN_POST, SCAN_GET, OPTIONS, NOT_FOUND, METHOD_NOT_ALLOWED, DISCARD }

    private final ScanHttpContext shared;
    final io.scangate.server.reply.LoopInbox<PendingReply> replies;
    private final ArrayDeque<PendingReply> inFlight = new ArrayDeque<>();
    private final ArrayDeque<PendingReply> pool = new ArrayDeque<>();
    private final ScanFields fields = new ScanFields();
    private final ScanBodyParser parser = new ScanBodyParser();
    private final ParsedCode parsed = new ParsedCode();
    private final byte[] scratchBytes = new byte[CodeFormat.MAX_RAW_LENGTH];
    private final byte[] codeText = new byte[CodeFormat.LENGTH];
    private final byte[] keyBytes = new byte[MAX_DEVICE_BYTES + 1 + 64];

    private ChannelHandlerContext ctx;
    private ByteBuf body;
    private ByteBuf scratch;
    boolean flushQueued;
    private boolean writtenSinceFlush;
    private boolean closing;
    private boolean readPaused;
    /** The channel is gone: answers still coming back from the verifier are dropped. */
    private boolean removed;

    // the request being read
    private Route route;
    private boolean keepAlive;
    private boolean head;
    private boolean wantsJson;
    private String allow;
    private String uri;
    private String deviceHeader;
    private String regionHeader;
    private String userAgent;
    private String idempotencyKey;
    private long startNanos;
    private int discarded;

    ScanConnection(final ScanHttpContext shared, final io.scangate.server.reply.LoopInbox<PendingReply> replies) {
        this.shared = shared;
        this.replies = replies;
    }

    @Override
    public void handlerAdded(final ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.scratch = ctx.alloc().heapBuffer(1024);
    }

    @Override
    public void handlerRemoved(final ChannelHandlerContext ctx) {
        removed = true;
        releaseBody();
        if (scratch != null) {
            scratch.release();
            scratch = null;
        }
        for (final PendingReply r : inFlight) {
            if (r.ready != null) {
                r.ready.release();
                r.ready = null;
            }
        }
    }

    @Override
    public void channelRead(final ChannelHandlerContext ctx, final Object msg) {
        try {
            if (closing) {
                return;
            }
            if (msg instanceof HttpRequest request) {
                begin(request);
            }
            if (msg instanceof HttpContent content && route != null) {
                append(content.content());
                if (msg instanceof LastHttpContent) {
                    finish();
                }
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
        ctx.close();
    }

    private void begin(final HttpRequest request) {
        startNanos = System.nanoTime();
        discarded = 0;
        final DecoderResult result = request.decoderResult();
        keepAlive = HttpUtil.isKeepAlive(request);
        head = false;
        if (result.isFailure()) {
            final Throwable cause = result.cause();
            final int status = cause instanceof TooLongHttpHeaderException ? 431
                    : cause instanceof TooLongHttpLineException ? 414
                    : cause instanceof TooLongFrameException ? 413 : 400;
            route = Route.DISCARD;
            answerError(status, "malformed HTTP request: " + cause.getMessage(), null, true);
            return;
        }
        final HttpHeaders headers = request.headers();
        final HttpMethod method = request.method();
        uri = request.uri();
        final String path = pathOf(uri);
        wantsJson = acceptsJson(headers.get(HttpHeaderNames.ACCEPT));
        idempotencyKey = headers.get("Idempotency-Key");
        if ("/v1/scans".equals(path)) {
            route = method == HttpMethod.POST ? Route.SCAN_POST : method == HttpMethod.OPTIONS ? Route.OPTIONS : Route.METHOD_NOT_ALLOWED;
            allow = "POST, OPTIONS";
        } else if (path.startsWith("/c/") || path.startsWith("/01/")) {
            head = method == HttpMethod.HEAD;
            route = method == HttpMethod.GET || head ? Route.SCAN_GET : method == HttpMethod.OPTIONS ? Route.OPTIONS : Route.METHOD_NOT_ALLOWED;
            allow = "GET, HEAD, OPTIONS";
            deviceHeader = headers.get("X-Device-Id");
            regionHeader = headers.get("X-Region");
            userAgent = headers.get(HttpHeaderNames.USER_AGENT);
        } else {
            route = Route.NOT_FOUND;
        }
        final long declared = HttpUtil.getContentLength(request, -1L);
        if (declared > shared.maxBodyBytes()) {
            tooLarge();
            return;
        }
        if (route == Route.SCAN_POST && HttpUtil.is100ContinueExpected(request)) {
            ctx.write(CONTINUE.duplicate());
            writtenSinceFlush = true;
        }
    }

    private void append(final ByteBuf chunk) {
        if (route == Route.DISCARD || !chunk.isReadable()) {
            return;
        }
        // bodies of routes other than POST /v1/scans are dropped, but bounded the same way
        final int have = body == null ? discarded : body.readableBytes();
        if (have + chunk.readableBytes() > shared.maxBodyBytes()) {
            tooLarge();
            return;
        }
        if (route != Route.SCAN_POST) {
            discarded += chunk.readableBytes();
            return;
        }
        if (body == null) {
            body = ctx.alloc().heapBuffer(Math.min(512, shared.maxBodyBytes()), shared.maxBodyBytes());
        }
        body.writeBytes(chunk);
    }

    /** Answers 413 at once and closes: the rest of an oversized body is never read. */
    private void tooLarge() {
        releaseBody();
        route = Route.DISCARD;
        answerError(413, "request body larger than " + shared.maxBodyBytes() + " bytes", null, true);
    }

    private void finish() {
        final Route r = route;
        route = null;
        switch (r) {
            case SCAN_POST -> scanPost();
            case SCAN_GET -> scanGet();
            case OPTIONS -> answer(Responses.frame(ctx.alloc(), 204, null, null, keepAlive, false, "Allow: " + allow + "\r\n"), 204, false);
            case NOT_FOUND -> answerError(404, "no resource at " + pathOf(uri), null, false);
            case METHOD_NOT_ALLOWED -> answerError(405, "method not allowed here; allowed: " + allow, "Allow: " + allow + "\r\n", false);
            case DISCARD -> { }
            default -> throw new IllegalStateException(r.name());
        }
        releaseBody();
    }

    private void scanPost() {
        if (body == null) {
            answerError(400, "empty body: expected a JSON object with 'code' and 'device'", null, false);
            return;
        }
        final String problem = parser.parse(body, fields);
        if (problem != null) {
            answerError(400, problem, null, false);
            return;
        }
        final PendingReply reply = take();
        final int check = shared.authenticator().check(fields.code, 0, fields.codeLength, parsed);
        if (!codeChecked(check, reply)) {
            return;
        }
        reply.deviceHash = Hashing.hash(fields.device, 0, fields.deviceLength);
        reply.consumerHash = fields.consumerLength == 0 ? 0 : Hashing.hash(fields.consumer, 0, fields.consumerLength);
        reply.setDevice(fields.device, fields.deviceLength);
        reply.setConsumer(fields.consumer, fields.consumerLength);
        reply.region = fields.regionLength == 0 ? Regions.NONE : Regions.pack(fields.region, 0, fields.regionLength);
        reply.location = fields.hasLocation ? io.scangate.verifier.ledger.Locations.pack(fields.lat, fields.lon)
                : io.scangate.verifier.ledger.Locations.NONE;
        reply.format = PendingReply.FORMAT_JSON;
        if (fields.requestIdLength > 0) {
            reply.requestKey = requestKey(fields.device, fields.deviceLength, fields.requestId, fields.requestIdLength);
        } else if (idempotencyKey != null) {
            final byte[] id = validRequestId(idempotencyKey);
            if (id == null) {
                recycle(reply);
                answerError(400, "Idempotency-Key must be 1 to 64 printable ASCII characters", null, false);
                return;
            }
            reply.requestKey = requestKey(fields.device, fields.deviceLength, id, id.length);
        }
        publish(reply);
    }

    private void scanGet() {
        final String path = pathOf(uri);
        final String codeText;
        long gtin = 0;
        if (path.startsWith("/c/")) {
            codeText = path.substring(3);
        } else {
            // GS1 Digital Link: /01/{gtin14}[/10/{lot}]/21/{serial}
            final String[] parts = path.substring(1).split("/");
            String gtinText = null;
            String serial = null;
            for (int i = 0; i + 1 < parts.length; i += 2) {
                switch (parts[i]) {
                    case "01" -> gtinText = parts[i + 1];
                    case "21" -> serial = parts[i + 1];
                    default -> { }
                }
            }
            if (parts.length % 2 != 0 || gtinText == null || serial == null) {
                answerError(404, "not a GS1 Digital Link path: expected /01/{gtin14}/21/{code}", null, false);
                return;
            }
            if (gtinText.length() != 14 || !gtinText.chars().allMatch(c -> c >= '0' && c <= '9')) {
                answerError(400, "GTIN must be 14 digits", null, false);
                return;
            }
            gtin = Long.parseLong(gtinText);
            codeText = serial;
        }
        final String decoded = percentDecode(codeText);
        if (decoded == null || decoded.isEmpty() || decoded.length() > scratchBytes.length) {
            answerError(400, "code must be 20 Crockford base32 characters", null, false);
            return;
        }
        final int n = decoded.length();
        for (int i = 0; i < n; i++) {
            final char c = decoded.charAt(i);
            scratchBytes[i] = c < 128 ? (byte) c : (byte) -1;
        }
        final String region = regionHeader != null ? regionHeader : queryParam(uri, "region");
        final long packedRegion;
        if (region == null || region.isEmpty()) {
            packedRegion = Regions.NONE;
        } else if (region.matches("[A-Z]{2}(-[A-Z0-9]{1,3})?")) {
            packedRegion = Regions.pack(region);
        } else {
            answerError(400, "region must be ISO 3166-1 alpha-2 or ISO 3166-2, such as CN or CN-31", null, false);
            return;
        }
        String device = deviceHeader != null ? deviceHeader : queryParam(uri, "device");
        if (device != null && (device.isEmpty() || device.codePointCount(0, device.length()) > 64)) {
            answerError(400, "device must be 1 to 64 characters", null, false);
            return;
        }
        if (device == null) {
            final SocketAddress peer = ctx.channel().remoteAddress();
            device = "peer:" + (peer instanceof InetSocketAddress isa ? isa.getAddress().getHostAddress() : String.valueOf(peer))
                    + "|" + (userAgent == null ? "" : userAgent);
        }
        final PendingReply reply = take();
        reply.format = wantsJson ? PendingReply.FORMAT_JSON : PendingReply.FORMAT_HTML;
        reply.head = head;
        reply.gtin = gtin;
        final int check = shared.authenticator().check(scratchBytes, 0, n, parsed);
        if (!codeChecked(check, reply)) {
            return;
        }
        if (head) {
            // HEAD answers like GET would but counts nothing, so it never reaches the ring.
            reply.ready = Responses.frame(ctx.alloc(), 200, wantsJson ? Responses.JSON : Responses.HTML, null, keepAlive, true, null);
            reply.done = true;
            metricsFor(reply, 200);
            inFlight.add(reply);
            writeReady();
            return;
        }
        final byte[] d = device.getBytes(StandardCharsets.UTF_8);
        reply.deviceHash = Hashing.hash(d, 0, d.length);
        final String requestId = idempotencyKey != null ? idempotencyKey : queryParam(uri, "requestId");
        if (requestId != null) {
            final byte[] id = validRequestId(requestId);
            if (id == null || d.length > MAX_DEVICE_BYTES) {
                recycle(reply);
                answerError(400, "Idempotency-Key / requestId must be 1 to 64 printable ASCII characters", null, false);
                return;
            }
            reply.requestKey = requestKey(d, d.length, id, id.length);
        }
        // a device made of peer address and user agent can be long: the reward log keeps its start
        reply.setDevice(d, Math.min(d.length, MAX_DEVICE_BYTES));
        reply.region = packedRegion;
        publish(reply);
    }

    /** Hash of (device, request id): the idempotency key; never 0 (0 means none). */
    private long requestKey(final byte[] device, final int deviceLength, final byte[] id, final int idLength) {
        System.arraycopy(device, 0, keyBytes, 0, deviceLength);
        keyBytes[deviceLength] = 0;
        System.arraycopy(id, 0, keyBytes, deviceLength + 1, idLength);
        final long key = Hashing.hash(keyBytes, 0, deviceLength + 1 + idLength);
        return key == 0 ? 1 : key;
    }

    private static byte[] validRequestId(final String id) {
        if (id.isEmpty() || id.length() > 64) {
            return null;
        }
        for (int i = 0; i < id.length(); i++) {
            final char c = id.charAt(i);
            if (c < 0x20 || c > 0x7E) {
                return null;
            }
        }
        return id.getBytes(StandardCharsets.US_ASCII);
    }

    /** Settles malformed and forged codes on the event loop; true if the code is authentic. */
    private boolean codeChecked(final int check, final PendingReply reply) {
        reply.keepAlive = keepAlive;
        reply.startNanos = startNanos;
        reply.codeId = parsed.codeId();
        reply.tag = parsed.tag();
        switch (check) {
            case CodeAuthenticator.AUTHENTIC:
                return true;
            case CodeAuthenticator.MALFORMED_LENGTH:
            case CodeAuthenticator.MALFORMED_CHARACTER:
                recycle(reply);
                answerError(400, check == CodeAuthenticator.MALFORMED_LENGTH
                        ? "code must be 20 Crockford base32 characters (after dropping '-' and spaces)"
                        : "code has a character outside Crockford base32 (0-9, A-Z without I, L, O, U)", null, false);
                return false;
            default:
                // FORGED, and codes under a key id we hold no secret for (see docs/API.md)
                reply.verdict = Verdict.FORGED;
                reply.done = true;
                reply.ready = encode(reply);
                metricsFor(reply, 200);
                inFlight.add(reply);
                writeReady();
                return false;
        }
    }

    private void publish(final PendingReply reply) {
        inFlight.add(reply);
        if (!shared.ring().tryPublish(TO_EVENT, reply)) {
            shared.metrics().publishFailure();
            reply.done = true;
            reply.ready = Responses.problem(ctx.alloc(), scratch, 503, "overloaded: the verifier queue is full, retry shortly",
                    keepAlive, false, "Retry-After: 1\r\n");
            metricsFor(reply, 503);
            writeReady();
            return;
        }
        if (inFlight.size() >= MAX_IN_FLIGHT && !readPaused) {
            readPaused = true;
            ctx.channel().config().setAutoRead(false);
        }
    }

    private void answerError(final int status, final String detail, final String extraHeaders, final boolean close) {
        final PendingReply reply = take();
        reply.keepAlive = keepAlive && !close;
        reply.closeAfter = close;
        reply.startNanos = startNanos;
        reply.done = true;
        reply.ready = Responses.problem(ctx.alloc(), scratch, status, detail, reply.keepAlive, head, extraHeaders);
        shared.metrics().httpStatus(status);
        inFlight.add(reply);
        writeReady();
        if (close) {
            closing = true;
        }
    }

    private void answer(final ByteBuf response, final int status, final boolean close) {
        final PendingReply reply = take();
        reply.keepAlive = keepAlive && !close;
        reply.closeAfter = close;
        reply.done = true;
        reply.ready = response;
        shared.metrics().httpStatus(status);
        inFlight.add(reply);
        writeReady();
    }

    /**
     * Writes, in order, every answer at the head of the queue that is done. Returns true if it
     * wrote anything (the caller flushes).
     */
    boolean writeReady() {
        if (removed) {
            PendingReply r;
            while ((r = inFlight.peek()) != null && r.done) {
                inFlight.poll();
                if (r.ready != null) {
                    r.ready.release();
                    r.ready = null;
                }
            }
            return false;
        }
        boolean wrote = false;
        PendingReply r;
        while ((r = inFlight.peek()) != null && r.done) {
            inFlight.poll();
            ByteBuf out = r.ready;
            r.ready = null;
            if (out == null) {
                out = encode(r);
                if (r.status == ScanEvent.STATUS_OK) {
                    metricsFor(r, 200);
                } else {
                    shared.metrics().httpStatus(503);
                    shared.metrics().refused(r.status == ScanEvent.STATUS_LEDGER_FULL
                            ? RefusalLog.Reason.LEDGER_FULL : RefusalLog.Reason.VERIFIER_ERROR);
                }
                shared.metrics().latencyNanos(System.nanoTime() - r.startNanos);
            }
            final boolean close = r.closeAfter || !r.keepAlive;
            if (ctx.channel().isActive()) {
                if (close) {
                    ctx.writeAndFlush(out).addListener(ChannelFutureListener.CLOSE);
                    closing = true;
                } else {
                    ctx.write(out, ctx.voidPromise());
                }
            } else {
                out.release();
            }
            recycle(r);
            wrote = true;
            if (close) {
                break;
            }
        }
        if (wrote) {
            writtenSinceFlush = true;
        }
        if (readPaused && inFlight.size() <= RESUME_IN_FLIGHT && !closing) {
            readPaused = false;
            ctx.channel().config().setAutoRead(true);
        }
        return wrote;
    }

    void flushNow() {
        if (writtenSinceFlush) {
            writtenSinceFlush = false;
            ctx.flush();
        }
    }

    private ByteBuf encode(final PendingReply r) {
        if (r.status == ScanEvent.STATUS_LEDGER_FULL) {
            return Responses.problem(ctx.alloc(), scratch, 503, "ledger full: this server holds its configured maximum of scanned"
                    + " codes and cannot take a new one; nothing was counted", r.keepAlive, r.head, "Retry-After: 60\r\n");
        }
        if (r.status != ScanEvent.STATUS_OK) {
            return Responses.problem(ctx.alloc(), scratch, 503, "the verifier could not process this scan; nothing was counted",
                    r.keepAlive, r.head, "Retry-After: 1\r\n");
        }
        if (r.format == PendingReply.FORMAT_HTML) {
            return Responses.html(ctx.alloc(), r);
        }
        scratch.clear();
        Responses.scanJson(scratch, r, codeText);
        return Responses.frame(ctx.alloc(), 200, Responses.JSON, scratch, r.keepAlive, r.head, null);
    }

    private void metricsFor(final PendingReply r, final int status) {
        shared.metrics().httpStatus(status);
        if (status == 200 && r.verdict != null && !r.head) {
            shared.metrics().scan(r.verdict);
        }
    }

    private PendingReply take() {
        final PendingReply r = pool.poll();
        if (r != null) {
            return r;
        }
        final PendingReply fresh = new PendingReply(this);
        fresh.reset();
        return fresh;
    }

    private void recycle(final PendingReply r) {
        r.reset();
        if (pool.size() < 64) {
            pool.add(r);
        }
    }

    private void releaseBody() {
        if (body != null) {
            body.release();
            body = null;
        }
    }

    private static String pathOf(final String uri) {
        final int q = uri.indexOf('?');
        return q < 0 ? uri : uri.substring(0, q);
    }

    private static boolean acceptsJson(final String accept) {
        return accept != null && (accept.contains("application/json") || accept.contains("+json"));
    }

    private static String queryParam(final String uri, final String name) {
        final int q = uri.indexOf('?');
        if (q < 0) {
            return null;
        }
        for (final String pair : uri.substring(q + 1).split("&")) {
            final int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals(name)) {
                return percentDecode(pair.substring(eq + 1));
            }
        }
        return null;
    }

    private static String percentDecode(final String s) {
        if (s.indexOf('%') < 0 && s.indexOf('+') < 0) {
            return s;
        }
        try {
            return java.net.URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (final IllegalArgumentException e) {
            return null;
        }
    }

}
