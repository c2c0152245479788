package io.scangate.server.ops;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.scangate.verifier.batch.Batch;
import io.scangate.verifier.channel.CaseBook;
import io.scangate.verifier.channel.CaseChange;
import io.scangate.verifier.code.CodeAuthenticator;
import io.scangate.verifier.code.CodeFormat;
import io.scangate.verifier.code.ParsedCode;
import io.scangate.verifier.verdict.Verifier;

/**
 * Cases after issue ({@code /admin/cases/{code}...}): which units a case holds, packing units into
 * it (from wherever they were) and unpacking it. Codes are checked on the event loop (400 if
 * malformed or forged); the case book is read and changed on the verifier thread.
 *
 * <p>Concurrency: stateless, shared by every ops connection.
 */
final class CaseAdmin {
    private final CodeAuthenticator authenticator;

    CaseAdmin(final CodeAuthenticator authenticator) {
        this.authenticator = authenticator;
    }

    /** {@code GET /admin/cases/{code}}: the units it holds now. */
    void show(final AdminExchange x) {
        final ParsedCode c = code(x.capture("code"), "case code");
        final long caseId = c.codeId();
        x.viaRing(HttpResponseStatus.OK, v -> caseJson(v, caseId, v.channel().cases().unitsOf(caseId, v.batches().index().find(caseId))));
    }

    /** {@code POST /admin/cases/{code}/pack} with {@code {"units": [codes]}}: one journal record. */
    void pack(final AdminExchange x) {
        final ParsedCode c = code(x.capture("code"), "case code");
        final JsonNode body = x.jsonBody();
        final JsonNode list = body.get("units");
        if (body.size() != 1 || list == null || !list.isArray() || list.isEmpty() || list.size() > CaseBook.MAX_UNITS) {
            throw AdminException.badRequest("body must be {\"units\": [1 to " + CaseBook.MAX_UNITS + " unit codes]}");
        }
        final long[] units = new long[list.size()];
        for (int i = 0; i < units.length; i++) {
            units[i] = code(list.get(i).isTextual() ? list.get(i).textValue() : "", "units[" + i + "]").codeId();
        }
        final long caseId = c.codeId();
        x.viaRing(HttpResponseStatus.OK, v -> changed(v, v.packCase(caseId, units)));
    }

    /** {@code POST /admin/cases/{code}/unpack}: every unit out, keeping where the case had got to. */
    void unpack(final AdminExchange x) {
        final long caseId = code(x.capture("code"), "case code").codeId();
        x.viaRing(HttpResponseStatus.OK, v -> changed(v, v.unpackCase(caseId)));
    }

    private Map<String, Object> changed(final Verifier v, final CaseChange c) {
        final Map<String, Object> m = caseJson(v, c.caseCode(), v.channel().cases().unitsOf(c.caseCode(), v.batches().index().find(c.caseCode())));
        m.put(c.pack() ? "packed" : "unpacked", texts(c.units()));
        return m;
    }

    private Map<String, Object> caseJson(final Verifier v, final long caseId, final long[] units) {
        final Batch b = v.batches().index().find(caseId);
        if (b == null) {
            throw AdminException.notFound("code " + text(caseId) + " is in no batch");
        }
        final Map<String, Object> m = new LinkedHashMap<>();
        m.put("case", text(caseId));
        m.put("batch", b.batchId());
        m.put("count", units.length);
        m.put("units", texts(units));
        return m;
    }

    private List<String> texts(final long[] ids) {
        final List<String> out = new ArrayList<>(ids.length);
        for (final long id : ids) {
            out.add(text(id));
        }
        return out;
    }

    private String text(final long codeId) {
        return authenticator.issue(CodeFormat.keyIdOf(codeId), CodeFormat.serialOf(codeId));
    }

    private ParsedCode code(final String raw, final String what) {
        final byte[] bytes = raw.getBytes(StandardCharsets.UTF_8);
        final ParsedCode code = new ParsedCode();
        final int check = authenticator.check(bytes, 0, bytes.length, code);
        if (check == CodeAuthenticator.MALFORMED_LENGTH || check == CodeAuthenticator.MALFORMED_CHARACTER) {
            throw AdminException.badRequest("'" + what + "' must be 20 Crockford base32 characters");
        }
        if (check != CodeAuthenticator.AUTHENTIC) {
            throw AdminException.badRequest("'" + what + "' " + code.text() + " is not an issued code (FORGED)");
        }
        return code;
    }
}
