package io.scangate.server.ops;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.scangate.verifier.batch.Batch;
import io.scangate.verifier.batch.BatchRegistry;
import io.scangate.verifier.batch.BatchState;
import io.scangate.verifier.code.CodeAuthenticator;
import io.scangate.verifier.code.CodeFormat;
import io.scangate.verifier.code.ParsedCode;
import io.scangate.verifier.ledger.CodeState;
import io.scangate.verifier.ledger.Regions;
import io.scangate.verifier.verdict.Alert;
import io.scangate.verifier.verdict.CloneRules;
import io.scangate.verifier.verdict.Verifier;

/**
 * The single-code part of the admin API ({@code /admin/codes/{code}...}): a code's state and
 * history, void, clear-suspect. The code is checked on the event loop (400 if malformed or
 * forged); reads and changes of its state run on the verifier thread, which owns the ledger.
 *
 * <p>Concurrency: stateless, shared by every ops connection; handlers run on their event loops.
 */
final class CodeAdmin {
    private final BatchRegistry batches;
    private final CodeAuthenticator authenticator;
    private final ChannelAdmin channel;
    private final CodeHistory history;

    CodeAdmin(final BatchRegistry batches, final CodeAuthenticator authenticator, final ChannelAdmin channel, final CodeHistory history) {
        this.batches = batches;
        this.authenticator = authenticator;
        this.channel = channel;
        this.history = history;
    }

    /**
     * {@code GET /admin/codes/{code}?history=N}: the code's state (docs/API.md), where it stands in
     * the channel, its diversions and, when asked, its N (1 to 100) newest history entries; the logs
     * and the journal are read on the event loop, off the verifier thread. History is opt-in: it
     * reads up to {@link CodeHistory#MAX_BYTES} of journal, which a script polling a code's state
     * should not pay for.
     */
    /** The id of the issued code in {@code {code}} (404 or 400 as {@code show} says). */
    long issuedId(final AdminExchange x) {
        return issued(x).codeId();
    }

    void show(final AdminExchange x) {
        final ParsedCode code = issued(x);
        final long codeId = code.codeId();
        final String text = code.text();
        final int entries = (int) CampaignAdmin.number(x.query(), "history", 0, 0, CodeHistory.MAX_ENTRIES);
        x.viaRing(HttpResponseStatus.OK, v -> new Shown(codeJson(v, codeId, text), v.channel().caseOf(codeId)), shown -> {
            final Map<String, Object> m = shown.json();
            m.put("diversions", channel.diversionsOf(codeId));
            if (entries > 0) {
                m.put("history", history.of(codeId, shown.caseId(), entries));
            }
            return m;
        });
    }

    /** What the verifier thread found for {@code show}: the code's state, and the case it is packed in (0: none). */
    private record Shown(Map<String, Object> json, long caseId) {
    }

    /** {@code POST /admin/codes/{code}/void}. */
    void voidCode(final AdminExchange x) {
        final ParsedCode code = issued(x);
        final long codeId = code.codeId();
        change(x, codeId, code.text(), "voided", true, v -> v.voidCode(codeId));
    }

    /** {@code POST /admin/codes/{code}/clear-suspect}: withdraws a false SUSPECT. */
    void clearSuspect(final AdminExchange x) {
        final ParsedCode code = issued(x);
        final long codeId = code.codeId();
        change(x, codeId, code.text(), "suspect", false, v -> v.clearSuspicion(codeId));
    }

    /** The path's {@code {code}}, normalised: 400 unless it is a code we issued. */
    private ParsedCode issued(final AdminExchange x) {
        final byte[] text = x.capture("code").getBytes(StandardCharsets.UTF_8);
        final ParsedCode code = new ParsedCode();
        final int check = authenticator.check(text, 0, text.length, code);
        if (check == CodeAuthenticator.MALFORMED_LENGTH || check == CodeAuthenticator.MALFORMED_CHARACTER) {
            throw AdminException.badRequest("code must be 20 Crockford base32 characters");
        }
        if (check != CodeAuthenticator.AUTHENTIC) {
            throw AdminException.badRequest("code " + code.text() + " is not an issued code (FORGED)");
        }
        return code;
    }

    /**
     * Runs {@code change} on the verifier thread and answers {@code {"code", field: value,
     * "changed"}}; 404 for a code in no batch.
     */
    private void change(final AdminExchange x, final long codeId, final String normalised, final String field, final boolean value,
                        final Predicate<Verifier> change) {
        if (batches.index().find(codeId) == null) {
            throw AdminException.notFound("code " + normalised + " belongs to no batch");
        }
        x.viaRing(HttpResponseStatus.OK, v -> {
            final boolean changed = change.test(v);
            final Map<String, Object> m = new LinkedHashMap<>();
            m.put("code", normalised);
            m.put(field, value);
            m.put("changed", changed);
            return m;
        });
    }

    /** Verifier thread: a code's state as {@code codes show} prints it. */
    private static Map<String, Object> codeJson(final Verifier v, final long codeId, final String code) {
        final Batch batch = v.batches().index().find(codeId);
        final CodeState s = v.codeState(codeId);
        final Map<String, Object> m = new LinkedHashMap<>();
        m.put("code", code);
        m.put("keyId", CodeFormat.keyIdOf(codeId));
        m.put("serial", CodeFormat.serialOf(codeId));
        m.put("batch", batch == null ? null : BatchAdmin.batchJson(batch));
        m.put("voided", s != null && s.voided() || batch != null && batch.state() == BatchState.VOIDED);
        m.put("scanCount", s == null ? 0 : s.scanCount);
        if (s != null && s.scanCount > 0) {
            m.put("firstScanAt", Instant.ofEpochMilli(s.firstScanAt).toString());
            m.put("lastScanAt", Instant.ofEpochMilli(s.lastScanAt).toString());
            m.put("firstScanRegion", Regions.toString(s.firstRegion));
            m.put("lastScanRegion", Regions.toString(s.lastRegion));
            m.put("devicesSeen", CloneRules.devicesSeen(s.deviceSketch));
        }
        m.put("suspect", s == null || s.suspectAtCount == 0 ? null : suspectJson(s));
        final long caseId = v.channel().caseOf(codeId); // packed later, or as issued
        m.put("channel", ChannelFigures.positionJson(v.channel().position(codeId), caseId == 0 ? null : v.channel().position(caseId)));
        return m;
    }

    /** Why and since when a code answers SUSPECT (docs/API.md#suspect). */
    private static Map<String, Object> suspectJson(final CodeState s) {
        final Map<String, Object> m = new LinkedHashMap<>();
        m.put("sinceScan", s.suspectAtCount);
        m.put("reasons", Alert.of(CloneRules.reasons(s)).stream().map(Enum::name).toList());
        return m;
    }
}
