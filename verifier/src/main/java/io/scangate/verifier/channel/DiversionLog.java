package io.scangate.verifier.channel;

import io.scangate.verifier.journal.DurableLog;

/** The diversion log: every {@link Diversion}, ids dense from 1, readers see durable ones only. Concurrency: as {@link DurableLog}. */
public final class DiversionLog extends DurableLog<Diversion> {
    public DiversionLog() {
        super("diversion log");
    }

    void append(final Diversion d, final long position) {
        append(d, d.diversionId(), position);
    }
}
