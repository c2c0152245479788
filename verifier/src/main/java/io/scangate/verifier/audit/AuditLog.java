package io.scangate.verifier.audit;

import java.io.IOException;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.scangate.verifier.journal.DurableLog;
import io.scangate.verifier.journal.Journal;
import io.scangate.verifier.journal.JournalRecord;

/**
 * The audit log: every admin action that changed something, dense ids from 1, each visible once
 * the journal record that holds it is durable (so an action's entry survives whatever its change
 * survives), read from an offset like the reward log.
 *
 * <p>Concurrency: {@link #record} and {@link #replay} on the verifier thread; reads from any
 * thread (see {@link DurableLog}).
 */
public final class AuditLog extends DurableLog<AuditEntry> {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger("io.scangate.audit");

    public AuditLog() {
        super("audit log");
    }

    /** Journals {@code draft} (its id is given here) and forces it; returns the entry as logged. */
    public AuditEntry record(final AuditEntry draft, final Journal journal) {
        final AuditEntry e = draft.withId(nextId());
        journal.appendJson(JournalRecord.TYPE_AUDIT, json(e));
        journal.force();
        append(e, e.auditId(), journal.endPosition());
        return e;
    }

    /** Logs a recorded entry as its key=value line (logger {@code io.scangate.audit}), where it was recorded: a single node's verifier or a cluster member's service. */
    public static void logAction(final AuditEntry e) {
        LOG.info("event=admin_action audit_id={} actor={} method={} route={} path=\"{}\" status={} body_bytes={}", e.auditId(), e.actor(),
                e.method(), e.route(), e.path().replace("\"", "%22"), e.status(), e.bodyBytes());
    }

    /** The JSON of an AUDIT record (the journal's and a snapshot's). */
    public static byte[] json(final AuditEntry e) {
        try {
            return JSON.writeValueAsBytes(e);
        } catch (final IOException x) {
            throw new UncheckedIOException(x);
        }
    }

    /** Replays an AUDIT record ending at journal {@code position}. */
    public void replay(final byte[] json, final long position) {
        try {
            final AuditEntry e = JSON.readValue(json, AuditEntry.class);
            append(e, e.auditId(), position);
        } catch (final IOException x) {
            throw new UncheckedIOException("malformed audit journal record", x);
        }
    }
}
