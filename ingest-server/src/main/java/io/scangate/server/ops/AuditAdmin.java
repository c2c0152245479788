package io.scangate.server.ops;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import io.scangate.verifier.audit.AuditEntry;
import io.scangate.verifier.audit.AuditLog;

/**
 * {@code GET /admin/audit?after=ID&limit=N&wait=MS}: the audit log of admin actions, read from an
 * offset like the reward log ({@code audit tail} in the CLI).
 *
 * <p>Concurrency: immutable; on the ops event loops.
 */
final class AuditAdmin {
    private final LogPoll<AuditEntry> page;

    AuditAdmin(final AuditLog log) {
        this.page = new LogPoll<>(log, "entries", AuditEntry::auditId, AuditAdmin::json);
    }

    void tail(final AdminExchange x) {
        page.answer(x);
    }

    /** An entry as readers get it (one JSON line of {@code audit tail}). */
    static Map<String, Object> json(final AuditEntry e) {
        final Map<String, Object> m = new LinkedHashMap<>();
        m.put("auditId", e.auditId());
        m.put("at", Instant.ofEpochMilli(e.atMillis()).toString());
        m.put("actor", e.actor());
        m.put("method", e.method());
        m.put("route", e.route());
        m.put("path", e.path());
        m.put("status", e.status());
        m.put("bodyBytes", e.bodyBytes());
        m.put("bodySha256", e.bodySha256());
        return m;
    }
}
