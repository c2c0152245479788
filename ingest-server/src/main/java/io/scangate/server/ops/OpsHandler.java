package io.scangate.server.ops;

import java.util.LinkedHashMap;
import java.util.Map;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;

/**
 * Routes the ops port: {@code /metrics}, {@code /health/*}, and the bearer-protected
 * {@code /admin/*} API, which {@link AdminApi} answers. Every refusal, whoever throws it, is
 * answered here as problem+json.
 *
 * <p>Concurrency: one instance per connection, on its event loop; admin results are completed on
 * the verifier thread and continued on the event loop.
 */
final class OpsHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private final OpsContext ops;
    private final AdminApi admin;

    OpsHandler(final OpsContext ops, final AdminApi admin) {
        this.ops = ops;
        this.admin = admin;
    }

    @Override
    protected void channelRead0(final ChannelHandlerContext ctx, final FullHttpRequest request) {
        final boolean keepAlive = HttpUtil.isKeepAlive(request);
        if (!request.decoderResult().isSuccess()) {
            OpsResponses.problem(ctx, false, AdminException.badRequest("malformed HTTP request"));
            return;
        }
        final String uri = request.uri();
        final int q = uri.indexOf('?');
        final String path = q < 0 ? uri : uri.substring(0, q);
        try {
            switch (path) {
                case "/metrics" -> {
                    if (request.method() != HttpMethod.GET) {
                        throw AdminException.methodNotAllowed("GET");
                    }
                    OpsResponses.send(ctx, keepAlive, HttpResponseStatus.OK, "text/plain; version=0.0.4; charset=utf-8", ops.metrics().scrape());
                }
                case "/health/live" -> OpsResponses.send(ctx, keepAlive, HttpResponseStatus.OK, "application/json", "{\"status\":\"UP\"}");
                case "/health/ready" -> ready(ctx, keepAlive);
                default -> {
                    if (!OpsGate.isAdmin(path)) {
                        throw AdminException.notFound("no resource at " + path);
                    }
                    if (!authorised(request)) {
                        throw AdminException.unauthorized();
                    }
                    admin.answer(ctx, request, keepAlive, path);
                }
            }
        } catch (final RuntimeException e) {
            OpsResponses.problem(ctx, keepAlive, AdminException.of(e));
        }
    }

    /** {@code /health/ready}: 200 or 503, naming each readiness check when there are several. */
    private void ready(final ChannelHandlerContext ctx, final boolean keepAlive) {
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
        OpsResponses.json(ctx, keepAlive, ready ? HttpResponseStatus.OK : HttpResponseStatus.SERVICE_UNAVAILABLE, m);
    }

    /** Whether the request carries the admin bearer token (the gate checked it already; this is the second lock). */
    private boolean authorised(final FullHttpRequest request) {
        return ops.adminTokens().nameOf(request.headers()) != null;
    }

    @Override
    public void exceptionCaught(final ChannelHandlerContext ctx, final Throwable cause) {
        ctx.close();
    }
}
