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
