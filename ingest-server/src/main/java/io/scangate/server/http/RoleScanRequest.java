package io.scangate.server.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.scangate.server.intake.RoleFields;
import io.scangate.server.intake.ScanFieldRules;
import io.scangate.server.intake.ScanFields;
import io.scangate.server.intake.ScanIntake;
import io.scangate.verifier.channel.Action;
import io.scangate.verifier.channel.ActorKeys;
import io.scangate.verifier.ledger.Hashing;

/**
 * Reads a role scan ({@code POST /v1/channel/scans}): the actor key from
 * {@code Authorization: Bearer}, hashed here (the verifier looks the hash up), and the JSON body
 * {@code {"code", "action", "to"?, "order"?, "requestId"?}} into a ticket's {@link RoleFields}.
 * Role scans are the channel's, far fewer than consumer scans: the body is read with Jackson
 * (allocating), strictly (unknown fields, duplicates and wrong types refused).
 *
 * <p>Concurrency: not thread-safe; one per connection.
 */
final class RoleScanRequest {
    static final String PATH = "/v1/channel/scans";
    static final String ACTIONS = "RECEIVE, SHIP, OPEN_BOX, SELL, INSTALL";
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final String MISSING_KEY = "401 this needs an actor key: Authorization: Bearer sgk_...";
    private static final String BAD_KEY = "401 the actor key is not valid";

    /** The code read from the body, for the intake's check. */
    final byte[] code = new byte[ScanFields.MAX_CODE_BYTES];
    int codeLength;
    /** Bytes copied by the last {@link #text} call. */
    private int length;
    private final byte[] requestKeyBytes = new byte[ActorKeys.DIGEST_BYTES + 1 + ScanFieldRules.MAX_REQUEST_ID_CHARACTERS];

    /**
     * Reads the key, the body and the code into {@code reply} (its role fields, code id and tag,
     * request key): null if it may go to the verifier (a forged code too: the verifier answers it
     * once the key and role are checked), else {@code "STATUS detail"} (401 for the key, 400 for
     * the body or a malformed code).
     */
    String admit(final HttpHeaders headers, final ByteBuf body, final PendingReply reply, final ScanIntake intake) {
        final RoleFields role = reply.roleFields();
        final String problem = read(headers, body, role);
        if (problem != null) {
            return problem;
        }
        final int check = intake.checkCode(code, 0, codeLength, reply);
        if (check == ScanIntake.BAD_LENGTH || check == ScanIntake.BAD_CHARACTER) {
            return "400 " + ScanIntake.codeProblem(check);
        }
        role.forged = check != ScanIntake.AUTHENTIC;
        reply.requestKey = requestKey;
        return null;
    }

    private long requestKey;

    private String read(final HttpHeaders headers, final ByteBuf body, final RoleFields role) {
        final String auth = headers.get(HttpHeaderNames.AUTHORIZATION);
        if (auth == null || !auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return MISSING_KEY;
        }
        final String key = auth.substring(7).trim();
        if (!ActorKeys.wellFormed(key)) {
            return BAD_KEY;
        }
        ActorKeys.digest(key, role.keyDigest);
        if (body == null || !body.isReadable()) {
            return "400 empty body: expected a JSON object with 'code' and 'action'";
        }
        final JsonNode n;
        try {
            n = JSON.readTree((java.io.InputStream) new ByteBufInputStream(body.duplicate()));
        } catch (final IOException e) {
            return "400 malformed JSON: " + firstLine(e.getMessage());
        }
        final String problem = n instanceof com.fasterxml.jackson.databind.node.ObjectNode ? fields(n, role) : "body must be a JSON object";
        if (problem != null) {
            return "400 " + problem;
        }
        requestKey = requestKey(n.get("requestId"), role);
        return null;
    }

    private String fields(final JsonNode n, final RoleFields role) {
        for (final Map.Entry<String, JsonNode> member : n.properties()) {
            final String name = member.getKey();
            if (!"code".equals(name) && !"action".equals(name) && !"to".equals(name) && !"order".equals(name) && !"requestId".equals(name)) {
                return "unknown field '" + name + "' (a role scan has code, action, to, order, requestId)";
            }
        }
        final JsonNode code = n.get("code");
        if (code == null || !code.isTextual()) {
            return "field 'code' must be a string";
        }
        final byte[] c = code.textValue().getBytes(StandardCharsets.UTF_8);
        if (c.length > this.code.length) {
            return "code is longer than " + this.code.length + " characters";
        }
        System.arraycopy(c, 0, this.code, 0, c.length);
        codeLength = c.length;
        final JsonNode a = n.get("action");
        final Action action = a != null && a.isTextual() ? Action.named(a.textValue()) : null;
        if (action == null) {
            return "field 'action' must be one of " + ACTIONS;
        }
        role.action = action.ordinal();
        final String to = text(n, "to", role.to, true);
        if (to != null) {
            return to;
        }
        role.toLength = length;
        final String order = text(n, "order", role.order, false);
        if (order != null) {
            return order;
        }
        role.orderLength = length;
        if (action == Action.SHIP && role.toLength == 0) {
            return "a SHIP needs 'to': the id of the actor it goes to";
        }
        if (action == Action.INSTALL && role.orderLength == 0) {
            return "an INSTALL needs 'order': the order id it is installed against";
        }
        final JsonNode id = n.get("requestId");
        if (id == null || id.isNull()) {
            return null;
        }
        final byte[] b = id.isTextual() ? id.textValue().getBytes(StandardCharsets.UTF_8) : null;
        return b != null && ScanFieldRules.requestId(b, 0, b.length) ? null : ScanFieldRules.BAD_REQUEST_ID;
    }

    /** Copies optional string field {@code name} into {@code dst} (its length into {@link #length}); a problem or null. */
    private String text(final JsonNode n, final String name, final byte[] dst, final boolean actorId) {
        length = 0;
        final JsonNode v = n.get(name);
        if (v == null || v.isNull()) {
            return null;
        }
        final String s = v.isTextual() ? v.textValue() : null;
        final boolean ok = s != null && !s.isEmpty() && s.length() <= ScanFieldRules.MAX_ID_CHARACTERS
                && (actorId ? s.matches("[A-Za-z0-9._-]+") : s.chars().noneMatch(Character::isISOControl));
        if (!ok) {
            return "field '" + name + "' must be " + (actorId ? "an actor id (1 to 64 characters of A-Z a-z 0-9 . _ -)"
                    : "a string of 1 to " + ScanFieldRules.MAX_ID_CHARACTERS + " characters without control characters");
        }
        final byte[] b = s.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(b, 0, dst, 0, b.length);
        length = b.length;
        return null;
    }

    /** The idempotency key of a role scan: its actor key's digest and request id hashed; 0 without an id. */
    private long requestKey(final JsonNode id, final RoleFields role) {
        if (id == null || id.isNull()) {
            return 0;
        }
        final byte[] text = id.textValue().getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(role.keyDigest, 0, requestKeyBytes, 0, ActorKeys.DIGEST_BYTES);
        requestKeyBytes[ActorKeys.DIGEST_BYTES] = (byte) 0xFE;
        System.arraycopy(text, 0, requestKeyBytes, ActorKeys.DIGEST_BYTES + 1, text.length);
        final long k = Hashing.hash(requestKeyBytes, 0, ActorKeys.DIGEST_BYTES + 1 + text.length);
        return k == 0 ? 1 : k;
    }

    private static String firstLine(final String message) {
        final String m = message == null ? "unreadable" : message;
        final int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
