package io.scangate.server.ops;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpChunkedInput;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.stream.ChunkedInput;
import io.scangate.verifier.ring.VerifierRing;
import io.scangate.verifier.verdict.AdminCommand;
import io.scangate.verifier.verdict.Verifier;

/**
 * One admin request, as its route's handler sees it: the path captures and body it brings, and
 * the three ways to answer (now, after an action on the verifier thread, or streamed). A handler
 * refuses by throwing {@link AdminException}. The request (and so its body) is released when the
 * handler returns: read what an answer needs before going to the ring or waiting.
 *
 * <p>Concurrency: created and answered on the connection's event loop; {@link #viaRing} runs its
 * action on the verifier thread and answers back on that event loop.
 */
final class AdminExchange {
    private final ChannelHandlerContext ctx;
    private final FullHttpRequest request;
    private final boolean keepAlive;
    private final Map<String, String> captures;
    private final VerifierRing ring;
    /** The route's pattern, for the audit log. */
    private final String route;

    AdminExchange(final ChannelHandlerContext ctx, final FullHttpRequest request, final boolean keepAlive,
                  final Map<String, String> captures, final VerifierRing ring, final String route) {
        this.route = route;
        this.ctx = ctx;
        this.request = request;
        this.keepAlive = keepAlive;
        this.captures = captures;
        this.ring = ring;
    }

    /** The path segment the route captured as {@code {name}}, percent-decoded. */
    String capture(final String name) {
        final String raw = captures.get(name);
        if (raw == null) {
            throw new IllegalStateException("the route has no capture {" + name + "}");
        }
        try {
            return URLDecoder.decode(raw, StandardCharsets.UTF_8);
        } catch (final IllegalArgumentException e) {
            throw AdminException.badRequest(e.getMessage());
        }
    }

    boolean hasCapture(final String name) {
        return captures.containsKey(name);
    }

    /**
     * As {@link #capture}, with {@code +} kept as itself: a path segment carrying a GS1 lot or
     * serial ({@code +} is one of its characters and means no space in a path).
     */
    String segment(final String name) {
        final String raw = captures.get(name);
        if (raw == null) {
            throw new IllegalStateException("the route has no capture {" + name + "}");
        }
        try {
            return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (final IllegalArgumentException e) {
            throw AdminException.badRequest(e.getMessage());
        }
    }

    /** The body as a JSON object; an empty body is {@code {}}. */
    JsonNode jsonBody() {
        final String text = request.content().toString(StandardCharsets.UTF_8);
        final JsonNode node;
        try {
            node = OpsResponses.JSON.readTree(text.isEmpty() ? "{}" : text);
        } catch (final JsonProcessingException e) {
            throw AdminException.badRequest("malformed JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw AdminException.badRequest("body must be a JSON object");
        }
        return node;
    }

    byte[] bodyBytes() {
        return ByteBufUtil.getBytes(request.content());
    }

    Map<String, List<String>> query() {
        return new QueryStringDecoder(request.uri()).parameters();
    }

    /** The connection, for an answer that waits (a long poll). */
    ChannelHandlerContext ctx() {
        return ctx;
    }

    void json(final HttpResponseStatus status, final Object body) {
        OpsResponses.json(ctx, keepAlive, status, body);
    }

    /**
     * Runs {@code action} on the verifier thread (the single writer) and answers its result as
     * JSON with {@code ok}, or what it threw as a problem; 503 with {@code Retry-After} if the
     * ring is full.
     */
    void viaRing(final HttpResponseStatus ok, final Function<Verifier, Object> action) {
        viaRing(ok, action, Function.identity());
    }

    /**
     * As {@link #viaRing(HttpResponseStatus, Function)}, then {@code then} on the event loop turns
     * the action's result into the answer: work that needs no verifier state (a scan of a durable
     * log, say) stays off the verifier thread.
     */
    <T> void viaRing(final HttpResponseStatus ok, final Function<Verifier, T> action, final Function<T, Object> then) {
        final AdminAudit.Draft audit = AdminAudit.draft(ctx, request, route, ok.code());
        final AdminCommand command = AdminCommand.of(v -> {
            final T value = action.apply(v);
            if (audit != null) {
                io.scangate.verifier.audit.AuditLog.logAction(v.audit(audit.entry(v)));
            }
            return then(value, then);
        });
        if (audit == null && io.netty.handler.codec.http.HttpMethod.GET.equals(request.method())) {
            command.readOnly(); // reads only: in cluster mode this member's replica answers it
        }
        publishAndAnswer(command, ok, result -> ((Deferred<?>) result).finish());
    }

    /** Publishes {@code command} (503 if the ring is full) and answers what {@code finish} makes of its result on the event loop. */
    private void publishAndAnswer(final AdminCommand command, final HttpResponseStatus ok, final Function<Object, Object> finish) {
        if (!ring.tryPublishAdmin(command)) {
            throw AdminException.overloaded();
        }
        command.result().whenCompleteAsync((result, error) -> {
            if (error != null) {
                OpsResponses.problem(ctx, keepAlive, AdminException.of(error));
                return;
            }
            try {
                OpsResponses.json(ctx, keepAlive, ok, finish.apply(result));
            } catch (final RuntimeException e) {
                OpsResponses.problem(ctx, keepAlive, AdminException.of(e));
            }
        }, ctx.executor());
    }

    /**
     * As {@link #viaRing(HttpResponseStatus, Function, Function)} for a change the cluster's log
     * can carry (docs/CLUSTER.md): {@code operation} and its {@code json} travel to the leader in
     * cluster mode, {@code local} runs on this node's verifier otherwise; both give the same text,
     * which {@code then} turns into the answer on the event loop.
     */
    void viaLog(final HttpResponseStatus ok, final int operation, final byte[] json, final Function<Verifier, String> local,
                final Function<String, Object> then) {
        final AdminAudit.Draft audit = AdminAudit.draft(ctx, request, route, ok.code());
        final AdminCommand command = new io.scangate.verifier.cluster.ClusterAdmin(operation, json, v -> {
            final String value = local.apply(v);
            if (audit != null) {
                io.scangate.verifier.audit.AuditLog.logAction(v.audit(audit.entry(v)));
            }
            return value;
        }, audit == null ? null : audit.untimed()); // in cluster mode every member records it, timed by the cluster
        publishAndAnswer(command, ok, result -> then.apply((String) result));
    }

    /**
     * Starts {@code work} (maintenance that runs beside the verifier, not on it) and answers its
     * result as JSON with {@code ok}, or what it threw as a problem; an audited request is
     * recorded by the verifier once the work succeeded.
     */
    void offRing(final HttpResponseStatus ok, final java.util.function.Supplier<java.util.concurrent.CompletableFuture<Object>> work) {
        final AdminAudit.Draft audit = AdminAudit.draft(ctx, request, route, ok.code());
        work.get().thenCompose(result -> {
            if (audit == null) {
                return java.util.concurrent.CompletableFuture.completedFuture(result);
            }
            final AdminCommand command = AdminCommand.of(v -> {
                io.scangate.verifier.audit.AuditLog.logAction(v.audit(audit.entry(v)));
                return result;
            });
            if (!ring.tryPublishAdmin(command)) {
                throw AdminException.overloaded();
            }
            return command.result();
        }).whenCompleteAsync((result, error) -> {
            if (error != null) {
                OpsResponses.problem(ctx, keepAlive, AdminException.of(error));
            } else {
                OpsResponses.json(ctx, keepAlive, ok, result);
            }
        }, ctx.executor());
    }

    private static <T> Deferred<T> then(final T value, final Function<T, Object> then) {
        return new Deferred<>(value, then);
    }

    /** What the verifier thread found, and what the event loop makes of it. */
    private record Deferred<T>(T value, Function<T, Object> then) {
        Object finish() {
            return then.apply(value);
        }
    }

    /** Streams {@code body} in chunks as the socket takes them: a 200 of unknown length. */
    void stream(final String contentType, final ChunkedInput<ByteBuf> body) {
        final HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        head.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        head.headers().set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
        head.headers().set(HttpHeaderNames.CONNECTION, keepAlive ? HttpHeaderValues.KEEP_ALIVE : HttpHeaderValues.CLOSE);
        ctx.write(head);
        final ChannelFuture done = ctx.writeAndFlush(new HttpChunkedInput(body));
        if (!keepAlive) {
            done.addListener(ChannelFutureListener.CLOSE);
        }
    }
}
