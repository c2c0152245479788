package io.scangate.server.ops;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletionException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpChunkedInput;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.scangate.verifier.batch.Batch;
import io.scangate.verifier.batch.BatchSpec;
import io.scangate.verifier.batch.BatchState;
import io.scangate.verifier.code.CodeAuthenticator;
import io.scangate.verifier.code.ParsedCode;
import io.scangate.verifier.ledger.CodeState;
import io.scangate.verifier.ledger.Regions;
import io.scangate.verifier.verdict.AdminCommand;
import io.scangate.verifier.verdict.Verifier;

/**
 * Routes the ops port: {@code /metrics}, {@code /health/*} and the bearer-protected
 * {@code /admin/*} API. Admin writes, and reads of the ledger, run on the verifier thread through
 * the ring; answers come back to this channel's event loop.
 *
 * <p>Concurrency: one instance per connection, on its event loop; admin results are completed on
 * the verifier thread and continued on the event loop.
 */
final class OpsHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final OpsContext ops;
    private final CampaignAdmin campaigns;

    OpsHandler(final OpsContext ops) {
        this.ops = ops;
        this.campaigns = new CampaignAdmin(this, ops.campaigns());
    }

    @Override
    protected void channelRead0(final ChannelHandlerContext ctx, final FullHttpRequest request) {
        final boolean keepAlive = HttpUtil.isKeepAlive(request);
        if (!request.decoderResult().isSuccess()) {
            problem(ctx, false, HttpResponseStatus.BAD_REQUEST, "malformed HTTP request");
            return;
        }
        final String uri = request.uri();
        final int q = uri.indexOf('?');
        final String path = q < 0 ? uri : uri.substring(0, q);
        final HttpMethod method = request.method();
        try {
            switch (path) {
                case "/metrics" -> {
                    if (method != HttpMethod.GET) {
                        methodNotAllowed(ctx, keepAlive, "GET");
                        return;
                    }
                    send(ctx, keepAlive, HttpResponseStatus.OK, "text/plain; version=0.0.4; charset=utf-8", ops.metrics().scrape());
                }
                case "/health/live" -> send(ctx, keepAlive, HttpResponseStatus.OK, "application/json", "{\"status\":\"UP\"}");
                case "/health/ready" -> {
                    final Map<String, Object> m = new LinkedHashMap<>();
                    final boolean ready;
                    if (ops.ready() instanceof Readiness readiness) {
                        final Map<String, Boolean> checks = readiness.results();
                        ready = !checks.containsValue(Boolean.FALSE);
                        m.put("status", ready ? "READY" : "NOT_READY");
                        m.put("checks", checks);
                    } else {
                        ready = ops.ready().getAsBoolean();
                        m.put("status", ready ? "READY" : "NOT_READY");
                    }
                    sendJson(ctx, keepAlive, ready ? HttpResponseStatus.OK : HttpResponseStatus.SERVICE_UNAVAILABLE, m);
                }
                default -> {
                    if (path.equals("/admin") || path.startsWith("/admin/")) {
                        if (!authorised(request)) {
                            final FullHttpResponse r = problemResponse(HttpResponseStatus.UNAUTHORIZED, "missing or wrong bearer token");
                            r.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer realm=\"scangate-admin\"");
                            write(ctx, keepAlive, r);
                            return;
                        }
                        admin(ctx, keepAlive, method, path, request);
                    } else {
                        problem(ctx, keepAlive, HttpResponseStatus.NOT_FOUND, "no resource at " + path);
                    }
                }
            }
        } catch (final IllegalArgumentException e) {
            problem(ctx, keepAlive, HttpResponseStatus.BAD_REQUEST, e.getMessage());
        }
    }

    private boolean authorised(final FullHttpRequest request) {
        final String header = request.headers().get(HttpHeaderNames.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        final byte[] given = header.substring(7).trim().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(given, ops.adminToken().getBytes(StandardCharsets.UTF_8));
    }

    private void admin(final ChannelHandlerContext ctx, final boolean keepAlive, final HttpMethod method, final String path,
                       final FullHttpRequest request) {
        final String[] p = path.substring(1).split("/");
        // p[0] == "admin"
        if (p.length == 3 && p[1].equals("ledger") && p[2].equals("verify")) {
            if (method != HttpMethod.POST) {
                methodNotAllowed(ctx, keepAlive, "POST");
                return;
            }
            viaRing(ctx, keepAlive, HttpResponseStatus.OK, ops.verifyLedger());
            return;
        }
        if (p.length == 2 && p[1].equals("batches")) {
            if (method == HttpMethod.GET) {
                final List<Object> list = ops.batches().index().all().stream().map(OpsHandler::batchJson).map(Object.class::cast).toList();
                sendJson(ctx, keepAlive, HttpResponseStatus.OK, Map.of("batches", list));
            } else if (method == HttpMethod.POST) {
                final JsonNode body = body(request);
                final BatchSpec spec = BatchSpec.of(text(body, "sku"), text(body, "gtin"), text(body, "region"),
                        body.hasNonNull("count") ? countOf(body.get("count")) : null, text(body, "state"), text(body, "campaign"));
                viaRing(ctx, keepAlive, HttpResponseStatus.CREATED, v -> batchJson(v.createBatch(spec)));
            } else {
                methodNotAllowed(ctx, keepAlive, "GET, POST");
            }
            return;
        }
        if (p.length >= 3 && p[1].equals("batches")) {
            final long id = batchId(p[2]);
            final Batch batch = ops.batches().index().byId(id);
            if (batch == null) {
                problem(ctx, keepAlive, HttpResponseStatus.NOT_FOUND, "no batch " + p[2]);
                return;
            }
            if (p.length == 3) {
                if (method != HttpMethod.GET) {
                    methodNotAllowed(ctx, keepAlive, "GET");
                    return;
                }
                sendJson(ctx, keepAlive, HttpResponseStatus.OK, batchJson(batch));
            } else if (p.length == 4 && p[3].equals("codes")) {
                if (method != HttpMethod.GET) {
                    methodNotAllowed(ctx, keepAlive, "GET");
                    return;
                }
                streamCodes(ctx, keepAlive, batch);
            } else if (p.length == 4 && p[3].equals("void")) {
                if (method != HttpMethod.POST) {
                    methodNotAllowed(ctx, keepAlive, "POST");
                    return;
                }
                viaRing(ctx, keepAlive, HttpResponseStatus.OK, v -> batchJson(v.changeBatchState(id, BatchState.VOIDED)));
            } else if (p.length == 4 && p[3].equals("state")) {
                if (method != HttpMethod.POST) {
                    methodNotAllowed(ctx, keepAlive, "POST");
                    return;
                }
                final String state = text(body(request), "state");
                final BatchState target;
                try {
                    target = BatchState.valueOf(state == null ? "" : state);
                } catch (final IllegalArgumentException e) {
                    throw new IllegalArgumentException("'state' must be ACTIVE, INACTIVE or VOIDED");
                }
                viaRing(ctx, keepAlive, HttpResponseStatus.OK, v -> batchJson(v.changeBatchState(id, target)));
            } else {
                problem(ctx, keepAlive, HttpResponseStatus.NOT_FOUND, "no resource at " + path);
            }
            return;
        }
        if ((p.length == 3 || p.length == 4) && p[1].equals("codes")) {
            final ParsedCode code = new ParsedCode();
            final String text = java.net.URLDecoder.decode(p[2], StandardCharsets.UTF_8);
            final int check = ops.authenticator().check(text.getBytes(StandardCharsets.UTF_8), 0,
                    text.getBytes(StandardCharsets.UTF_8).length, code);
            if (check == CodeAuthenticator.MALFORMED_LENGTH || check == CodeAuthenticator.MALFORMED_CHARACTER) {
                throw new IllegalArgumentException("code must be 20 Crockford base32 characters");
            }
            if (check != CodeAuthenticator.AUTHENTIC) {
                throw new IllegalArgumentException("code " + code.text() + " is not an issued code (FORGED)");
            }
            final long codeId = code.codeId();
            final String normalised = code.text();
            if (p.length == 3) {
                if (method != HttpMethod.GET) {
                    methodNotAllowed(ctx, keepAlive, "GET");
                    return;
                }
                viaRing(ctx, keepAlive, HttpResponseStatus.OK, v -> codeJson(v, codeId, normalised));
            } else if (p[3].equals("void")) {
                changeCode(ctx, keepAlive, method, codeId, normalised, "voided", true, v -> v.voidCode(codeId));
            } else if (p[3].equals("clear-suspect")) {
                changeCode(ctx, keepAlive, method, codeId, normalised, "suspect", false, v -> v.clearSuspicion(codeId));
            } else {
                problem(ctx, keepAlive, HttpResponseStatus.NOT_FOUND, "no resource at " + path);
            }
            return;
        }
        if (p[1].equals("campaigns") || p[1].equals("rewards")) {
            campaigns.route(ctx, keepAlive, method, p, request);
            return;
        }
        problem(ctx, keepAlive, HttpResponseStatus.NOT_FOUND, "no resource at " + path);
    }

    /**
     * {@code POST /admin/codes/{code}/ACTION}: runs {@code change} on the verifier thread and answers
     * {@code {"code", field: value, "changed"}}; 404 for a code in no batch.
     */
    private void changeCode(final ChannelHandlerContext ctx, final boolean keepAlive, final HttpMethod method, final long codeId,
                            final String normalised, final String field, final boolean value,
                            final java.util.function.Predicate<Verifier> change) {
        if (method != HttpMethod.POST) {
            methodNotAllowed(ctx, keepAlive, "POST");
            return;
        }
        if (ops.batches().index().find(codeId) == null) {
            problem(ctx, keepAlive, HttpResponseStatus.NOT_FOUND, "code " + normalised + " belongs to no batch");
            return;
        }
        viaRing(ctx, keepAlive, HttpResponseStatus.OK, v -> {
            final boolean changed = change.test(v);
            final Map<String, Object> m = new LinkedHashMap<>();
            m.put("code", normalised);
            m.put(field, value);
            m.put("changed", changed);
            return m;
        });
    }

    /** Runs {@code action} on the verifier thread and answers with its result on this event loop. */
    void viaRing(final ChannelHandlerContext ctx, final boolean keepAlive, final HttpResponseStatus ok,
                         final java.util.function.Function<Verifier, Object> action) {
        final AdminCommand command = AdminCommand.of(action);
        if (!ops.ring().tryPublishAdmin(command)) {
            final FullHttpResponse r = problemResponse(HttpResponseStatus.SERVICE_UNAVAILABLE, "overloaded: the verifier queue is full, retry shortly");
            r.headers().set(HttpHeaderNames.RETRY_AFTER, "1");
            write(ctx, keepAlive, r);
            return;
        }
        command.result().whenCompleteAsync((result, error) -> {
            if (error == null) {
                sendJson(ctx, keepAlive, ok, result);
                return;
            }
            final Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            if (cause instanceof io.scangate.verifier.campaign.CampaignRejectedException rejected) {
                final List<Map<String, String>> errors = rejected.problems().stream()
                        .map(x -> Map.of("path", x.path(), "reason", x.reason())).toList();
                write(ctx, keepAlive, problemResponse(HttpResponseStatus.BAD_REQUEST,
                        "campaign refused, nothing changed: " + rejected.problems().size() + " problem(s)", Map.of("errors", errors)));
            } else if (cause instanceof io.scangate.verifier.ledger.LedgerFullException) {
                problem(ctx, keepAlive, HttpResponseStatus.SERVICE_UNAVAILABLE, cause.getMessage());
            } else if (cause instanceof NoSuchElementException) {
                problem(ctx, keepAlive, HttpResponseStatus.NOT_FOUND, cause.getMessage());
            } else if (cause instanceof IllegalArgumentException) {
                problem(ctx, keepAlive, HttpResponseStatus.BAD_REQUEST, cause.getMessage());
            } else if (cause instanceof IllegalStateException) {
                problem(ctx, keepAlive, HttpResponseStatus.CONFLICT, cause.getMessage());
            } else {
                problem(ctx, keepAlive, HttpResponseStatus.INTERNAL_SERVER_ERROR, "admin action failed: " + cause);
            }
        }, ctx.executor());
    }

    private void streamCodes(final ChannelHandlerContext ctx, final boolean keepAlive, final Batch batch) {
        final HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        head.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=us-ascii");
        head.headers().set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
        head.headers().set(HttpHeaderNames.CONNECTION, keepAlive ? HttpHeaderValues.KEEP_ALIVE : HttpHeaderValues.CLOSE);
        ctx.write(head);
        final var done = ctx.writeAndFlush(new HttpChunkedInput(new CodeStream(ops.authenticator(), batch)));
        if (!keepAlive) {
            done.addListener(ChannelFutureListener.CLOSE);
        }
    }

    static Map<String, Object> batchJson(final Batch b) {
        final Map<String, Object> m = new LinkedHashMap<>();
        m.put("batchId", b.batchId());
        m.put("keyId", b.keyId());
        m.put("firstSerial", b.firstSerial());
        m.put("count", b.count());
        m.put("sku", b.sku());
        m.put("gtin", b.gtin());
        m.put("plannedRegion", b.plannedRegion());
        m.put("campaign", b.campaign());
        m.put("state", b.state().name());
        m.put("createdAt", Instant.ofEpochMilli(b.createdAtMillis()).toString());
        return m;
    }

    private static Map<String, Object> codeJson(final Verifier v, final long codeId, final String code) {
        final Batch batch = v.batches().index().find(codeId);
        final CodeState s = v.codeState(codeId);
        final Map<String, Object> m = new LinkedHashMap<>();
        m.put("code", code);
        m.put("keyId", io.scangate.verifier.code.CodeFormat.keyIdOf(codeId));
        m.put("serial", io.scangate.verifier.code.CodeFormat.serialOf(codeId));
        m.put("batch", batch == null ? null : batchJson(batch));
        m.put("voided", s != null && s.voided() || batch != null && batch.state() == BatchState.VOIDED);
        m.put("scanCount", s == null ? 0 : s.scanCount);
        if (s != null && s.scanCount > 0) {
            m.put("firstScanAt", Instant.ofEpochMilli(s.firstScanAt).toString());
            m.put("lastScanAt", Instant.ofEpochMilli(s.lastScanAt).toString());
            m.put("firstScanRegion", Regions.toString(s.firstRegion));
            m.put("lastScanRegion", Regions.toString(s.lastRegion));
            m.put("devicesSeen", io.scangate.verifier.verdict.CloneRules.devicesSeen(s.deviceSketch));
        }
        m.put("suspect", s == null || s.suspectAtCount == 0 ? null : suspectJson(s));
        return m;
    }

    /** Why and since when a code answers SUSPECT (docs/API.md#suspect). */
    private static Map<String, Object> suspectJson(final CodeState s) {
        final Map<String, Object> m = new LinkedHashMap<>();
        m.put("sinceScan", s.suspectAtCount);
        m.put("reasons", io.scangate.verifier.verdict.Alert.of(io.scangate.verifier.verdict.CloneRules.reasons(s)).stream().map(Enum::name).toList());
        return m;
    }

    private static JsonNode body(final FullHttpRequest request) {
        final String text = request.content().toString(StandardCharsets.UTF_8);
        try {
            final JsonNode node = JSON.readTree(text.isEmpty() ? "{}" : text);
            if (node == null || !node.isObject()) {
                throw new IllegalArgumentException("body must be a JSON object");
            }
            return node;
        } catch (final JsonProcessingException e) {
            throw new IllegalArgumentException("malformed JSON: " + e.getOriginalMessage());
        }
    }

    private static String text(final JsonNode body, final String field) {
        final JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isTextual()) {
            throw new IllegalArgumentException("'" + field + "' must be a string");
        }
        return n.asText();
    }

    private static Long countOf(final JsonNode n) {
        if (!n.isIntegralNumber() || !n.canConvertToLong()) {
            throw new IllegalArgumentException("'count' must be an integer between 1 and " + BatchSpec.MAX_COUNT);
        }
        return n.asLong();
    }

    private static long batchId(final String text) {
        try {
            return Long.parseLong(text);
        } catch (final NumberFormatException e) {
            throw new IllegalArgumentException("batch id must be a number, was '" + text + "'");
        }
    }

    void sendJson(final ChannelHandlerContext ctx, final boolean keepAlive, final HttpResponseStatus status, final Object body) {
        try {
            send(ctx, keepAlive, status, "application/json", JSON.writeValueAsString(body));
        } catch (final JsonProcessingException e) {
            problem(ctx, keepAlive, HttpResponseStatus.INTERNAL_SERVER_ERROR, "cannot render answer");
        }
    }

    static void methodNotAllowed(final ChannelHandlerContext ctx, final boolean keepAlive, final String allow) {
        final FullHttpResponse r = problemResponse(HttpResponseStatus.METHOD_NOT_ALLOWED, "method not allowed; allowed: " + allow);
        r.headers().set(HttpHeaderNames.ALLOW, allow);
        write(ctx, keepAlive, r);
    }

    static void problem(final ChannelHandlerContext ctx, final boolean keepAlive, final HttpResponseStatus status, final String detail) {
        write(ctx, keepAlive, problemResponse(status, detail));
    }

    static FullHttpResponse problemResponse(final HttpResponseStatus status, final String detail) {
        return problemResponse(status, detail, Map.of());
    }

    static FullHttpResponse problemResponse(final HttpResponseStatus status, final String detail, final Map<String, Object> extra) {
        final Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "about:blank");
        m.put("title", status.reasonPhrase());
        m.put("status", status.code());
        m.put("detail", detail);
        m.putAll(extra);
        String text;
        try {
            text = JSON.writeValueAsString(m);
        } catch (final JsonProcessingException e) {
            text = "{\"status\":" + status.code() + "}";
        }
        return response(status, "application/problem+json", text);
    }

    private static void send(final ChannelHandlerContext ctx, final boolean keepAlive, final HttpResponseStatus status,
                             final String contentType, final String body) {
        write(ctx, keepAlive, response(status, contentType, body));
    }

    private static FullHttpResponse response(final HttpResponseStatus status, final String contentType, final String body) {
        final ByteBuf content = Unpooled.copiedBuffer(body, StandardCharsets.UTF_8);
        final FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, content);
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, content.readableBytes());
        r.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        return r;
    }

    static void write(final ChannelHandlerContext ctx, final boolean keepAlive, final FullHttpResponse r) {
        if (keepAlive) {
            r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            ctx.writeAndFlush(r);
        } else {
            r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(r).addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void exceptionCaught(final ChannelHandlerContext ctx, final Throwable cause) {
        ctx.close();
    }
}
