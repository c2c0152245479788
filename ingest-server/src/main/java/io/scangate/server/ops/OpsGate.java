package io.scangate.server.ops;


import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.LastHttpContent;
import io.scangate.server.net.SlowRequestGuard;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.util.ReferenceCountUtil;

/**
 * Decides on a request's head, before any of its body is read or buffered: an {@code /admin}
 * request without the bearer token is answered 401 and the connection closed, and a request
 * elsewhere (metrics, health) may carry no body. Without it the aggregator behind would buffer up
 * to a megabyte per unauthenticated connection (issue 13: 1,500 such connections took 1.75 GB of
 * direct memory).
 *
 * <p>Concurrency: one instance per connection, on its event loop.
 */
final class OpsGate extends ChannelDuplexHandler {
    private final AdminTokens tokens;
    private final SlowRequestGuard slow;
    /** The current request was refused: drop the rest of it. */
    private boolean discarding;
    /** Requests read whose answers are not written yet (an admin command may take a while). */
    private int owed;

    /** {@code slow} (may be null in tests) is told when a request is complete and whether answers are owed. */
    OpsGate(final AdminTokens tokens, final SlowRequestGuard slow) {
        this.tokens = tokens;
        this.slow = slow;
        if (slow != null) {
            slow.busyWhen(() -> owed > 0);
        }
    }

    /** Whether {@code path} (without query) is under the admin API. */
    static boolean isAdmin(final String path) {
        return path.equals("/admin") || path.startsWith("/admin/");
    }

    @Override
    public void channelRead(final ChannelHandlerContext ctx, final Object msg) {
        if (msg instanceof HttpRequest request) {
            discarding = false;
            final AdminException refusal = refusal(ctx, request);
            if (refusal != null) {
                discarding = true;
                ReferenceCountUtil.release(msg);
                OpsResponses.problem(ctx, false, refusal);
                return;
            }
        }
        if (msg instanceof LastHttpContent && slow != null) {
            slow.requestDone();
        }
        if (discarding) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof LastHttpContent) {
            owed++;
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(final ChannelHandlerContext ctx, final Object msg, final ChannelPromise promise) {
        if (msg instanceof LastHttpContent && owed > 0) {
            owed--; // a whole answer (FullHttpResponse, or the end of a streamed one)
        }
        ctx.write(msg, promise);
    }

    private AdminException refusal(final ChannelHandlerContext ctx, final HttpRequest request) {
        if (!request.decoderResult().isSuccess()) {
            return null; // the handler answers malformed requests
        }
        final String uri = request.uri();
        final int q = uri.indexOf('?');
        final String path = q < 0 ? uri : uri.substring(0, q);
        if (isAdmin(path)) {
            final String actor = tokens.nameOf(request.headers());
            ctx.channel().attr(AdminAudit.ACTOR).set(actor); // who, for the audit log
            return actor != null ? null : AdminException.unauthorized();
        }
        if (HttpUtil.getContentLength(request, 0L) > 0 || HttpUtil.isTransferEncodingChunked(request)) {
            return new AdminException(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "no body is accepted outside /admin");
        }
        return null;
    }
}
