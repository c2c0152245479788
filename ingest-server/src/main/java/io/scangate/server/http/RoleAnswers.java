package io.scangate.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.scangate.server.intake.RoleFields;
import io.scangate.server.intake.ScanTicket;
import io.scangate.verifier.channel.Action;
import io.scangate.verifier.channel.Actor;
import io.scangate.verifier.code.CodeFormat;
import io.scangate.verifier.verdict.ScanEvent;

/**
 * The answers to role scans back from the verifier: {@code 200} with the verdict and where the
 * unit stands ({@code channel}), or a problem: {@code 401} (no enabled actor has the key), {@code 403}
 * (the role may not make the action), {@code 422} with the {@code verdict} (a code that is not a
 * genuine, active unit), {@code 400} (shipped to an unknown actor), {@code 409} with
 * {@code "error": "ALREADY_INSTALLED"} and the first install's store and installer. Built with
 * Jackson: role scans are few.
 *
 * <p>Concurrency: stateless; the mapper is thread-safe.
 */
final class RoleAnswers {
    private static final ObjectMapper JSON = new ObjectMapper();

    private RoleAnswers() {
    }

    /** The HTTP status of a role scan that ended with {@code outcome}. */
    static int status(final io.scangate.verifier.channel.RoleOutcome outcome) {
        return switch (outcome) {
            case APPLIED -> 200;
            case UNAUTHORIZED -> 401;
            case FORBIDDEN -> 403;
            case NOT_GENUINE -> 422;
            case UNKNOWN_TARGET, NOT_A_UNIT -> 400;
            case ALREADY_INSTALLED -> 409;
        };
    }

    static ByteBuf answer(final ByteBufAllocator alloc, final ByteBuf scratch, final PendingReply r, final byte[] codeText) {
        if (r.status != ScanEvent.STATUS_OK) {
            return Responses.scanAnswer(alloc, scratch, r, codeText);
        }
        final RoleFields role = r.role;
        final Action action = Action.of(role.action);
        final String actor = role.actor == null ? null : role.actor.id();
        return switch (role.outcome) {
            case APPLIED -> json(alloc, 200, Responses.JSON, applied(r, codeText, action), r);
            case UNAUTHORIZED -> problem(alloc, 401, "no enabled actor has this key", null, r, "WWW-Authenticate: Bearer\r\n");
            case FORBIDDEN -> problem(alloc, 403, "actor '" + actor + "' is a " + role.actor.role() + " and may not " + action, null, r, null);
            case NOT_GENUINE -> problem(alloc, 422, "the code is " + r.verdict + ": a role scan needs a genuine, active unit",
                    JSON.createObjectNode().put("verdict", r.verdict.name()).put("code", code(r, codeText)), r, null);
            case UNKNOWN_TARGET -> problem(alloc, 400, "'to': no enabled actor by that id (other than the one scanning)", null, r, null);
            case NOT_A_UNIT -> problem(alloc, 400, "this is a case code: an INSTALL is of one unit", null, r, null);
            case ALREADY_INSTALLED -> problem(alloc, 409, "ALREADY_INSTALLED: this unit or order was installed before, at "
                    + id(r.installStore), installed(r, codeText), r, null);
        };
    }

    private static ObjectNode applied(final PendingReply r, final byte[] codeText, final Action action) {
        final ObjectNode n = JSON.createObjectNode();
        n.put("verdict", r.verdict.name());
        n.put("code", code(r, codeText));
        n.put("action", action.name());
        n.put("actor", r.role.actor.id());
        if (r.batch != null) {
            n.put("sku", r.batch.sku()).put("gtin", r.batch.gtin()).put("batch", r.batch.batchId());
        }
        n.set("channel", channel(r, true));
        if (r.reward != null) {
            n.putObject("reward").put("rewardId", r.reward.rewardId()).put("campaign", r.reward.campaign()).put("prize", r.reward.prize())
                    .put("amount", r.reward.amount()).put("currency", r.reward.currency());
        } else {
            n.putNull("reward");
        }
        return n;
    }

    private static ObjectNode installed(final PendingReply r, final byte[] codeText) {
        final ObjectNode n = JSON.createObjectNode();
        n.put("error", "ALREADY_INSTALLED");
        n.put("code", code(r, codeText));
        n.put("store", id(r.installStore));
        n.put("installedBy", id(r.installer));
        return n;
    }

    /** Where the unit stands: holder, distributor, store, installedBy, installStore, and (to the channel only) the order. */
    static ObjectNode channel(final ScanTicket r, final boolean withOrder) {
        final ObjectNode c = JSON.createObjectNode();
        c.put("holder", id(r.holder));
        c.put("distributor", id(r.distributor));
        c.put("store", id(r.store));
        if (r.installer != null) {
            c.put("installedBy", id(r.installer));
            c.put("installStore", id(r.installStore));
            if (withOrder) {
                c.put("order", r.installOrder);
            }
        }
        return c;
    }

    private static String id(final Actor a) {
        return a == null ? null : a.id();
    }

    private static String code(final PendingReply r, final byte[] codeText) {
        CodeFormat.encode(r.codeId, r.tag, codeText, 0);
        return new String(codeText, 0, CodeFormat.LENGTH, java.nio.charset.StandardCharsets.US_ASCII);
    }

    private static ByteBuf json(final ByteBufAllocator alloc, final int status, final io.netty.util.AsciiString type, final ObjectNode body,
                                final PendingReply r) {
        try {
            return Responses.frame(alloc, status, type, Unpooled.wrappedBuffer(JSON.writeValueAsBytes(body)), r.keepAlive, false, null);
        } catch (final com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ByteBuf problem(final ByteBufAllocator alloc, final int status, final String detail, final ObjectNode members,
                                   final PendingReply r, final String extraHeaders) {
        final ObjectNode p = JSON.createObjectNode();
        p.put("type", "about:blank").put("title", ProblemJson.title(status)).put("status", status).put("detail", detail);
        if (members != null) {
            p.setAll(members);
        }
        try {
            return Responses.frame(alloc, status, Responses.PROBLEM, Unpooled.wrappedBuffer(JSON.writeValueAsBytes(p)), r.keepAlive, false,
                    extraHeaders);
        } catch (final com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
