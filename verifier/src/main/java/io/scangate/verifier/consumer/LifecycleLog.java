package io.scangate.verifier.consumer;

import io.scangate.verifier.journal.DurableLog;

/**
 * The lifecycle event log: every {@link LifecycleEvent}, with dense increasing ids from 1, for the
 * CRM that sends the win-back offer. Readers see an event only once the journal record that made it
 * is durable; they read at least once by resuming after the last id they handled.
 *
 * <p>Concurrency: as {@link DurableLog}.
 */
public final class LifecycleLog extends DurableLog<LifecycleEvent> {
    public LifecycleLog() {
        super("lifecycle event log");
    }

    /** Verifier thread: appends {@code e}, whose journal record ends at {@code position}. */
    void append(final LifecycleEvent e, final long position) {
        append(e, e.eventId(), position);
    }
}
