package io.scangate.server.ops;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.scangate.verifier.batch.Batch;
import io.scangate.verifier.batch.BatchMeta;
import io.scangate.verifier.batch.BatchMetaParser;
import io.scangate.verifier.batch.BatchRegistry;
import io.scangate.verifier.batch.BatchSpec;
import io.scangate.verifier.batch.BatchState;
import io.scangate.verifier.code.CodeAuthenticator;

/**
 * The batch part of the admin API ({@code /admin/batches...}): creation and state changes go
 * through the ring; lists, lookups and code streams read the registry's published snapshot.
 *
 * <p>Concurrency: stateless, shared by every ops connection; handlers run on their event loops.
 */
final class BatchAdmin {
    private final BatchRegistry batches;
    private final CodeAuthenticator authenticator;

    BatchAdmin(final BatchRegistry batches, final CodeAuthenticator authenticator) {
        this.batches = batches;
        this.authenticator = authenticator;
    }

    /** {@code GET /admin/batches}. */
    void list(final AdminExchange x) {
        final List<Object> list = new ArrayList<>();
        for (final Batch b : batches.index().all()) {
            list.add(batchJson(b));
        }
        x.json(HttpResponseStatus.OK, Map.of("batches", list));
    }

    /** {@code POST /admin/batches}: 201 with the batch, 400 naming every bad field. */
    void create(final AdminExchange x) {
        final JsonNode body = x.jsonBody();
        final BatchSpec spec;
        try {
            spec = BatchSpec.of(text(body, "sku"), text(body, "gtin"), text(body, "region"),
                    body.hasNonNull("count") ? countOf(body.get("count")) : null, text(body, "state"), text(body, "campaign"),
                    body.hasNonNull("unitsPerCase") ? unitsPerCaseOf(body.get("unitsPerCase")) : null);
        } catch (final IllegalArgumentException e) {
            throw AdminException.badRequest(e.getMessage());
        }
        final BatchMeta meta = body.hasNonNull("meta") ? meta(body.get("meta")) : null;
        // the log's form: the batch record comes back from the verifier (here, or the cluster's leader) and is answered the same way
        final java.util.Map<String, Object> form = new java.util.HashMap<>();
        form.put("spec", spec);
        form.put("meta", meta);
        x.viaLog(HttpResponseStatus.CREATED, io.scangate.verifier.cluster.ClusterCodec.OP_CREATE_BATCH, OpsResponses.bytes(form),
                v -> new String(io.scangate.verifier.batch.BatchRegistry.toJson(v.createBatch(spec, meta)), java.nio.charset.StandardCharsets.UTF_8),
                record -> batchJson(io.scangate.verifier.batch.BatchRegistry.fromJson(record.getBytes(java.nio.charset.StandardCharsets.UTF_8))));
    }

    /** {@code PUT /admin/batches/{id}/meta}: the body is the metadata object; 400 naming every bad field. */
    void setMeta(final AdminExchange x) {
        final long id = existing(x).batchId();
        final BatchMeta meta = meta(x.jsonBody());
        x.viaRing(HttpResponseStatus.OK, v -> batchJson(v.setBatchMeta(id, meta)));
    }

    private static BatchMeta meta(final JsonNode node) {
        try {
            return BatchMetaParser.parse(node);
        } catch (final IllegalArgumentException e) {
            throw AdminException.badRequest(e.getMessage());
        }
    }

    /** {@code GET /admin/batches/{id}}. */
    void show(final AdminExchange x) {
        x.json(HttpResponseStatus.OK, batchJson(existing(x)));
    }

    /**
     * {@code GET /admin/batches/{id}/codes}: every code, one a line, generated as the socket takes
     * them; a batch with cases gives one line per unit, {@code CASECODE,UNITCODE}.
     */
    void codes(final AdminExchange x) {
        x.stream("text/plain; charset=us-ascii", new CodeStream(authenticator, existing(x)));
    }

    /** {@code POST /admin/batches/{id}/state}: 409 to leave {@code VOIDED}. */
    void changeState(final AdminExchange x) {
        final long id = existing(x).batchId();
        final String state = text(x.jsonBody(), "state");
        final BatchState target;
        try {
            target = BatchState.valueOf(state == null ? "" : state);
        } catch (final IllegalArgumentException e) {
            throw AdminException.badRequest("'state' must be ACTIVE, INACTIVE or VOIDED");
        }
        x.viaRing(HttpResponseStatus.OK, v -> batchJson(v.changeBatchState(id, target)));
    }

    /** {@code POST /admin/batches/{id}/activate}: an INACTIVE batch's codes scan from now on; 409 for a voided one. */
    void activate(final AdminExchange x) {
        final long id = existing(x).batchId();
        x.viaRing(HttpResponseStatus.OK, v -> batchJson(v.changeBatchState(id, BatchState.ACTIVE)));
    }

    /** {@code POST /admin/batches/{id}/void}: final; journaled as the batch's new version (a BATCH record). */
    void voidBatch(final AdminExchange x) {
        final long id = existing(x).batchId();
        x.viaRing(HttpResponseStatus.OK, v -> batchJson(v.changeBatchState(id, BatchState.VOIDED)));
    }

    /** The batch named by the path's {@code {id}}: 400 if it is not a number, 404 if there is none. */
    private Batch existing(final AdminExchange x) {
        final String text = x.capture("id");
        final long id;
        try {
            id = Long.parseLong(text);
        } catch (final NumberFormatException e) {
            throw AdminException.badRequest("batch id must be a number, was '" + text + "'");
        }
        final Batch batch = batches.index().byId(id);
        if (batch == null) {
            throw AdminException.notFound("no batch " + text);
        }
        return batch;
    }

    /** A batch as the admin API shows it (docs/API.md). */
    static Map<String, Object> batchJson(final Batch b) {
        final Map<String, Object> m = new LinkedHashMap<>();
        m.put("batchId", b.batchId());
        m.put("keyId", b.keyId());
        m.put("firstSerial", b.firstSerial());
        m.put("count", b.count());
        if (b.unitsPerCase() != 0) {
            m.put("unitsPerCase", b.unitsPerCase());
            m.put("cases", b.cases());
        }
        m.put("sku", b.sku());
        m.put("gtin", b.gtin());
        m.put("plannedRegion", b.plannedRegion());
        m.put("campaign", b.campaign());
        m.put("state", b.state().name());
        m.put("createdAt", Instant.ofEpochMilli(b.createdAtMillis()).toString());
        if (b.meta() != null) {
            m.put("meta", b.meta());
        }
        return m;
    }

    private static String text(final JsonNode body, final String field) {
        final JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isTextual()) {
            throw AdminException.badRequest("'" + field + "' must be a string");
        }
        return n.asText();
    }

    private static Long countOf(final JsonNode n) {
        if (!n.isIntegralNumber() || !n.canConvertToLong()) {
            throw AdminException.badRequest("'count' must be an integer between 1 and " + BatchSpec.MAX_COUNT);
        }
        return n.asLong();
    }

    private static Long unitsPerCaseOf(final JsonNode n) {
        if (!n.isIntegralNumber() || !n.canConvertToLong()) {
            throw AdminException.badRequest("'unitsPerCase' must be an integer between 1 and " + Batch.MAX_UNITS_PER_CASE);
        }
        return n.asLong();
    }
}
