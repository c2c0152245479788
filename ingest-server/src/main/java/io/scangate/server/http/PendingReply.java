package io.scangate.server.http;

import io.netty.buffer.ByteBuf;
import io.scangate.server.intake.ScanTicket;
import io.scangate.server.intake.TicketOwner;

/**
 * One request's place in its connection's {@link ReplyQueue}. Answers made on the event loop
 * carry a ready buffer; scans sent to the verifier get its outcome copied in as a
 * {@link ScanTicket}. Pooled per connection.
 *
 * <p>Concurrency: as {@link ScanTicket}.
 */
final class PendingReply extends ScanTicket {
    static final int FORMAT_JSON = 0;
    /** The page; the bits above hold the {@link PageLanguage} preference ({@code format >> 1}). */
    static final int FORMAT_HTML = 1;

    final ScanConnection connection;
    /** The resolver's links, for the consumer page (read as published snapshots); null in tests without them. */
    final io.scangate.verifier.link.LinkBook links;
    boolean done;
    ByteBuf ready;
    boolean closeAfter;
    boolean keepAlive;
    boolean head;
    int format;

    PendingReply(final ScanConnection connection) {
        this(connection, null);
    }

    PendingReply(final ScanConnection connection, final io.scangate.verifier.link.LinkBook links) {
        this.connection = connection;
        this.links = links;
    }

    @Override
    public TicketOwner owner() {
        return connection;
    }

    void reset() {
        resetTicket();
        done = false;
        ready = null;
        closeAfter = false;
        keepAlive = true;
        head = false;
        format = FORMAT_JSON;
    }
}
