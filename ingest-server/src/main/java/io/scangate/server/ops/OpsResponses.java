package io.scangate.server.ops;

import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.scangate.server.http.ProblemJson;

/**
 * Builds and writes the ops port's answers: JSON, text, and problems, whose body is written by
 * {@link ProblemJson} as on the scan port so that both ports answer an error byte for byte alike.
 *
 * <p>Concurrency: stateless (Jackson's mapper is thread-safe once configured); used on ops event loops.
 */
final class OpsResponses {
    /** The ops port's one Jackson mapper: admin bodies in, JSON answers out. */
    static final ObjectMapper JSON = new ObjectMapper();

    /** {@code value} as JSON bytes. */
    static byte[] bytes(final Object value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (final com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    private OpsResponses() {
    }

    /** The problem+json answer to {@code e}: the one place an ops error becomes a response. */
    static FullHttpResponse problem(final AdminException e) {
        final String detail = e.detail();
        final ByteBuf content = Unpooled.buffer(128 + detail.length() + (e.members() == null ? 0 : e.members().length()));
        ProblemJson.write(content, e.status().code(), detail, e.members());
        final FullHttpResponse r = response(e.status(), ProblemJson.CONTENT_TYPE, content);
        if (e.header() != null) {
            r.headers().set(e.header(), e.headerValue());
        }
        return r;
    }

    static void problem(final ChannelHandlerContext ctx, final boolean keepAlive, final AdminException e) {
        write(ctx, keepAlive, problem(e));
    }

    /** {@code body} as JSON; a 500 problem if Jackson cannot render it. */
    static void json(final ChannelHandlerContext ctx, final boolean keepAlive, final HttpResponseStatus status, final Object body) {
        final String text;
        try {
            text = JSON.writeValueAsString(body);
        } catch (final JsonProcessingException e) {
            problem(ctx, keepAlive, new AdminException(HttpResponseStatus.INTERNAL_SERVER_ERROR, "cannot render answer"));
            return;
        }
        send(ctx, keepAlive, status, "application/json", text);
    }

    static void send(final ChannelHandlerContext ctx, final boolean keepAlive, final HttpResponseStatus status,
                     final String contentType, final String body) {
        write(ctx, keepAlive, response(status, contentType, Unpooled.copiedBuffer(body, StandardCharsets.UTF_8)));
    }

    private static FullHttpResponse response(final HttpResponseStatus status, final String contentType, final ByteBuf content) {
        final FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, content);
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, content.readableBytes());
        r.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        return r;
    }

    /** Writes and flushes {@code r}, closing the connection after it unless {@code keepAlive}. */
    static void write(final ChannelHandlerContext ctx, final boolean keepAlive, final FullHttpResponse r) {
        if (keepAlive) {
            r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            ctx.writeAndFlush(r);
        } else {
            r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(r).addListener(ChannelFutureListener.CLOSE);
        }
    }
}
