package io.scangate.server.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.scangate.server.intake.ScanFields;
import io.scangate.server.intake.ScanIntake;
import io.scangate.server.intake.ScanTicket;
import io.scangate.server.intake.TicketOwner;
import io.scangate.server.net.SlowRequestGuard;
import io.scangate.server.reply.LoopInbox;
import io.scangate.verifier.code.CodeFormat;
import io.scangate.verifier.verdict.Verdict;

/**
 * One HTTP/1.1 connection of the scan port. Frames each request on the event loop (route, body,
 * the path of a GET scan), hands the scan's fields to the {@link ScanIntake}, answers errors and
 * forged codes itself, and writes answers strictly in request order through its
 * {@link ReplyQueue} (pipelining), flushing once per read batch or verifier batch.
 *
 * <p>Concurrency: event-loop confined, except the {@link ScanTicket} outcome fields written by
 * the verifier (see there).
 */
final class ScanConnection extends TicketOwner {
    private final ScanHttpContext shared;
    private final SlowRequestGuard slow;
    private final RateCheck rates;
    private final ReplyQueue queue;
    private final ReplyQueue.Writer writer = this::write;
    private final ReadFlow flow = new ReadFlow();
    private final ScanFields fields = new ScanFields();
    private final ScanBodyParser parser = new ScanBodyParser();
    private final CodePath codePath = new CodePath();
    private final byte[] codeText = new byte[CodeFormat.LENGTH];
    private final RoleScanRequest roleRequest = new RoleScanRequest();
    private final Resolver resolver;

    private final BodyBuffer body;
    private ByteBuf scratch;
    private boolean closing;
    /** The channel is gone: answers still coming back from the verifier are dropped. */
    private boolean removed;
    /** The device prefix of GET scans without a device id ({@link GetScanFields#peerPrefix}), made at the first. */
    private String peer;

    private ScanRoute route; // this and the fields below: the request being read
    private boolean keepAlive;
    private boolean head;
    private int replyFormat;
    private String uri;
    private HttpHeaders headers;
    private long startNanos;

    /** With {@code slow} (may be null in tests) told when each request is complete and whether answers are owed. */
    ScanConnection(final ScanHttpContext shared, final LoopInbox<ScanTicket> replies, final SlowRequestGuard slow) {
        super(replies, new ScanIntake(shared.authenticator(), shared.ring(), shared.metrics()));
        this.shared = shared;
        this.queue = new ReplyQueue(() -> new PendingReply(this, shared.links()));
        this.slow = slow;
        this.rates = new RateCheck(shared.perAddress(), shared.perDevice(), shared.metrics());
        this.resolver = new Resolver(shared.links(), shared.https());
        this.body = new BodyBuffer(shared.maxBodyBytes());
        if (slow != null) {
            slow.busyWhen(() -> queue.size() > 0);
        }
    }

    @Override
    public void channelActive(final ChannelHandlerContext ctx) {
        rates.connected(ctx.channel().remoteAddress());
        ctx.fireChannelActive();
    }

    @Override
    public void handlerAdded(final ChannelHandlerContext ctx) {
        super.handlerAdded(ctx);
        this.scratch = ctx.alloc().heapBuffer(1024); // the channel allocator's: copied into answers without an NIO view
        flow.attach(ctx.channel());
    }

    @Override
    public void handlerRemoved(final ChannelHandlerContext ctx) {
        removed = true;
        body.release();
        scratch.release();
        queue.releaseAll();
    }

    @Override
    public void channelRead(final ChannelHandlerContext ctx, final Object msg) {
        try {
            if (closing) {
                return;
            }
            if (msg instanceof FramedScan framed) {
                framed(framed);
            } else if (msg instanceof HttpRequest request) {
                begin(request);
            }
            if (msg instanceof HttpContent content && route != null) {
                if (content.decoderResult().isFailure()) {
                    // a broken chunk: the decoder discards the rest of the stream, so answer and close
                    malformed(content.decoderResult());
                    return;
                }
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
    public void channelWritabilityChanged(final ChannelHandlerContext ctx) {
        flow.writabilityChanged(closing);
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void exceptionCaught(final ChannelHandlerContext ctx, final Throwable cause) {
        ctx.close();
    }

    /** A scan framed by {@link ScanFraming}: a whole request, its form already checked. */
    private void framed(final FramedScan scan) {
        startNanos = System.nanoTime();
        keepAlive = scan.keepAlive();
        head = false;
        if (slow != null) {
            slow.requestDone();
        }
        if (scan instanceof ScanPostRequest post) {
            scanPost(post.body(), post.idempotencyKey());
            return;
        }
        final ScanGetRequest get = (ScanGetRequest) scan;
        replyFormat = ScanRoute.format(get.accept.orNull(), get.acceptLanguage.orNull());
        codePath.code(get.code, get.codeLength);
        peer = peer != null ? peer : GetScanFields.peerPrefix(ctx.channel().remoteAddress());
        scanCode(GetScanFields.read(get, peer, fields));
    }

    private void begin(final HttpRequest request) {
        startNanos = System.nanoTime();
        body.release();
        keepAlive = HttpUtil.isKeepAlive(request);
        head = false;
        if (request.decoderResult().isFailure()) {
            malformed(request.decoderResult());
            return;
        }
        final String refusal = ScanRoute.refusal(request);
        if (refusal != null) {
            route = ScanRoute.DISCARD;
            answerError(Integer.parseInt(refusal.substring(0, 3)), refusal.substring(4), null, true);
            return;
        }
        headers = request.headers();
        uri = request.uri();
        route = ScanRoute.of(request.method(), Uris.path(uri));
        head = request.method() == HttpMethod.HEAD;
        replyFormat = ScanRoute.format(headers);
        if (HttpUtil.getContentLength(request, -1L) > shared.maxBodyBytes()) {
            tooLarge();
            return;
        }
        if (route.keepsBody() && HttpUtil.is100ContinueExpected(request)) {
            ctx.write(Responses.CONTINUE.duplicate());
            wrote();
        }
    }

    /** The decoder could not make sense of the request or a chunk: 400 (or 413/414/431) and close. */
    private void malformed(final DecoderResult result) {
        body.release();
        route = ScanRoute.DISCARD;
        answerError(ScanRoute.statusOf(result.cause()), "malformed HTTP request: " + result.cause().getMessage(), null, true);
    }

    private void append(final ByteBuf chunk) {
        if (route != ScanRoute.DISCARD && chunk.isReadable() && !body.add(ctx.alloc(), chunk, route.keepsBody())) {
            tooLarge();
        }
    }

    /** Answers 413 at once and closes: the rest of an oversized body is never read. */
    private void tooLarge() {
        body.release();
        route = ScanRoute.DISCARD;
        answerError(413, "request body larger than " + shared.maxBodyBytes() + " bytes", null, true);
    }

    private void finish() {
        if (slow != null) {
            slow.requestDone();
        }
        final ScanRoute r = route;
        route = null;
        switch (r) {
            case SCAN_POST -> scanPost(body.body(), headers.get("Idempotency-Key"));
            case SCAN_GET -> scanGet();
            case ROLE_SCAN -> roleScan();
            case DESCRIPTION -> answer(resolver.description(ctx.alloc(), headers, head, keepAlive), 200, false);
            case OPTIONS -> answer(Responses.frame(ctx.alloc(), 204, null, null, keepAlive, false, ScanRoute.optionsHeaders(Uris.path(uri))), 204, false);
            case NOT_FOUND -> answerError(404, "no resource at " + Uris.path(uri), null, false);
            case METHOD_NOT_ALLOWED -> answerError(405, "method not allowed here; allowed: " + ScanRoute.allows(Uris.path(uri)),
                    ScanRoute.allowHeader(Uris.path(uri)), false);
            case DISCARD -> { }
            default -> throw new IllegalStateException(r.name());
        }
        body.release();
    }

    private void scanPost(final ByteBuf json, final CharSequence idempotencyKey) {
        if (refused(PostScanFields.read(parser, json, idempotencyKey, fields))) {
            return;
        }
        final PendingReply reply = queue.take(keepAlive, startNanos, PendingReply.FORMAT_JSON);
        if (codeChecked(intake.checkCode(fields.code, 0, fields.codeLength, reply), reply)) {
            intake.fill(reply, fields);
            publish(reply);
        }
    }

    private void scanGet() {
        final ByteBuf resolved = Uris.path(uri).startsWith("/c/") ? null : resolver.answer(ctx.alloc(), scratch, uri, headers, head, keepAlive);
        if (resolved != null) { // the resolver's own answer (linkset, redirect, 400, 404): no scan
            answer(resolved, resolver.status(), false);
            return;
        }
        if (!codePath.parse(Uris.path(uri))) {
            answerError(codePath.errorStatus, codePath.errorDetail, null, false);
            return;
        }
        scanCode(GetScanFields.read(headers, uri, ctx.channel().remoteAddress(), fields));
    }

    /** A GET scan of the code in {@link #codePath}, with {@link #fields} read ({@code problem}: why they are invalid, or null). */
    private void scanCode(final String problem) {
        if (refused(problem)) {
            return;
        }
        final PendingReply reply = queue.take(keepAlive, startNanos, replyFormat);
        reply.head = head;
        reply.gtin = codePath.gtin;
        if (!codeChecked(intake.checkCode(codePath.code, 0, codePath.codeLength, reply), reply)) {
            return;
        }
        if (head) {
            // HEAD answers like GET would but counts nothing, so it never reaches the ring.
            settle(reply, Responses.scanHead(ctx.alloc(), replyFormat == PendingReply.FORMAT_JSON ? Responses.JSON : Responses.HTML, keepAlive));
            return;
        }
        intake.fill(reply, fields);
        publish(reply);
    }

    /** A channel actor's role scan: key, body and the code's tag checked here, the rest decided by the verifier. */
    private void roleScan() {
        final PendingReply reply = queue.take(keepAlive, startNanos, PendingReply.FORMAT_JSON);
        final String problem = roleRequest.admit(headers, body.body(), reply, intake);
        if (problem == null) {
            publish(reply);
            return;
        }
        queue.recycle(reply);
        final int status = Integer.parseInt(problem.substring(0, 3));
        answerError(status, problem.substring(4), status == 401 ? "WWW-Authenticate: Bearer\r\n" : null, false);
    }

    /**
     * Answers 400 if the scan's fields have a {@code problem}, or 429 with Retry-After if its address
     * or device is past its rate (not for HEAD, which counts nothing); true if it answered.
     */
    private boolean refused(final String problem) {
        if (problem != null) {
            answerError(400, problem, null, false);
            return true;
        }
        final String refusal = head ? null : rates.refusal(fields.device, fields.deviceLength);
        if (refusal != null) {
            answerError(429, refusal, "Retry-After: " + rates.retryAfterSeconds() + "\r\n", false);
        }
        return refusal != null;
    }

    /** Settles malformed and forged codes on the event loop; true if the code is authentic. */
    private boolean codeChecked(final int check, final PendingReply reply) {
        if (check == ScanIntake.AUTHENTIC) {
            return true;
        }
        if (check == ScanIntake.BAD_LENGTH || check == ScanIntake.BAD_CHARACTER) {
            queue.recycle(reply);
            answerError(400, ScanIntake.codeProblem(check), null, false);
            return false;
        }
        // FORGED, and codes under a key id we hold no secret for (see docs/API.md)
        reply.verdict = Verdict.FORGED;
        settle(reply, Responses.scanAnswer(ctx.alloc(), scratch, reply, codeText));
        return false;
    }

    private void publish(final PendingReply reply) {
        queue.add(reply);
        if (!intake.publish(reply)) {
            reply.done = true;
            reply.ready = Responses.problem(ctx.alloc(), scratch, 503, "overloaded: the verifier queue is full, retry shortly",
                    keepAlive, false, "Retry-After: 1\r\n");
            AnswerMeters.answered(shared.metrics(), reply, 503);
            writeReady();
            return;
        }
        flow.owed(queue.size());
    }

    /** Queues {@code reply} answered on the event loop with {@code response} (a 200). */
    private void settle(final PendingReply reply, final ByteBuf response) {
        reply.done = true;
        reply.ready = response;
        AnswerMeters.answered(shared.metrics(), reply, 200);
        queue.add(reply);
        writeReady();
    }

    private void answerError(final int status, final String detail, final String extraHeaders, final boolean close) {
        final boolean alive = keepAlive && !close;
        answer(Responses.problem(ctx.alloc(), scratch, status, detail, alive, head, extraHeaders), status, close);
    }

    /** Queues an answer made on the event loop behind every earlier request, and writes what is in order. */
    private void answer(final ByteBuf response, final int status, final boolean close) {
        final PendingReply reply = queue.take(keepAlive, startNanos, PendingReply.FORMAT_JSON);
        reply.keepAlive = keepAlive && !close;
        reply.closeAfter = close;
        reply.done = true;
        reply.ready = response;
        shared.metrics().httpStatus(status);
        queue.add(reply);
        writeReady();
        if (close) {
            closing = true;
        }
    }

    /** Event loop: a scan is back from the verifier; writes what is now in order. */
    @Override
    public boolean returned(final ScanTicket ticket) {
        ((PendingReply) ticket).done = true;
        return writeReady();
    }

    /** Writes, in order, every answer at the head of the queue that is done; true if it wrote anything. */
    boolean writeReady() {
        final boolean wrote = queue.drain(writer) && !removed;
        if (wrote) {
            wrote();
        }
        if (!closing && !removed) {
            flow.answered(queue.size());
        }
        return wrote;
    }

    /** Writes (or, with the channel gone, releases) one done answer; true if the connection closes after it. */
    private boolean write(final PendingReply r) {
        ByteBuf out = r.ready;
        r.ready = null;
        if (removed) {
            if (out != null) {
                out.release();
            }
            return false;
        }
        if (out == null) {
            out = r.isRoleScan() ? RoleAnswers.answer(ctx.alloc(), scratch, r, codeText) : Responses.scanAnswer(ctx.alloc(), scratch, r, codeText);
            AnswerMeters.fromVerifier(shared.metrics(), r);
        }
        final boolean close = r.closeAfter || !r.keepAlive;
        if (!ctx.channel().isActive()) {
            out.release();
        } else if (close) {
            ctx.writeAndFlush(out).addListener(ChannelFutureListener.CLOSE);
            closing = true;
        } else {
            ctx.write(out, ctx.voidPromise());
        }
        return close;
    }
}
