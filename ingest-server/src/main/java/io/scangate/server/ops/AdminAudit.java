package io.scangate.server.ops;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.util.AttributeKey;
import io.scangate.verifier.audit.AuditEntry;
import io.scangate.verifier.verdict.Verifier;

/**
 * What the audit log records of an admin request: every request that may change something (any
 * method but GET and HEAD) and succeeds is journaled by the verifier thread right after its
 * action, in the same ring event, then logged as one key=value line. Who made it is the name of
 * the admin token the request carried ({@link #ACTOR}, set by {@link OpsGate}).
 *
 * <p>Concurrency: stateless; drafts are made on the event loop, entries on the verifier thread.
 */
final class AdminAudit {
    /** The name of the admin token the connection's current request carried. */
    static final AttributeKey<String> ACTOR = AttributeKey.valueOf("scangate.admin.actor");

    private AdminAudit() {
    }

    /** What is known before the action runs. */
    record Draft(String actor, String method, String route, String path, int status, int bodyBytes, String bodySha256) {
        /** The entry, timed by the verifier's clock when the action has run. */
        AuditEntry entry(final Verifier v) {
            return untimed().at(v.nowMillis());
        }

        /** The entry untimed: a cluster member times it with the cluster's clock when the change is applied. */
        AuditEntry untimed() {
            return new AuditEntry(0, 0, actor, method, route, path, status, bodyBytes, bodySha256);
        }
    }

    /** The draft of {@code request}'s entry, or null for a request that changes nothing (GET, HEAD). */
    static Draft draft(final ChannelHandlerContext ctx, final FullHttpRequest request, final String route, final int status) {
        final HttpMethod m = request.method();
        if (HttpMethod.GET.equals(m) || HttpMethod.HEAD.equals(m)) {
            return null;
        }
        final String actor = ctx.channel().attr(ACTOR).get();
        final byte[] body = new byte[request.content().readableBytes()];
        request.content().getBytes(request.content().readerIndex(), body);
        return new Draft(actor == null ? "admin" : actor, m.name(), route, request.uri(), status, body.length,
                body.length == 0 ? null : sha256(body));
    }

    private static String sha256(final byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body), 0, 16);
        } catch (final NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
