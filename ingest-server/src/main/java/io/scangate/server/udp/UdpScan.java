package io.scangate.server.udp;

import io.scangate.client.protocol.UdpProtocol;
import io.scangate.server.intake.ScanTicket;
import io.scangate.server.intake.TicketOwner;
import io.scangate.verifier.verdict.ScanEvent;
import io.scangate.verifier.verdict.Verdict;

/**
 * One scan of a datagram in flight. Preallocated with its {@link UdpRequest} and reused.
 *
 * <p>Concurrency: as {@link ScanTicket}.
 */
final class UdpScan extends ScanTicket {
    final UdpRequest request;
    /** A status settled on the event loop (bad code, overloaded); OK while the verifier decides. */
    int loopStatus;

    UdpScan(final UdpRequest request) {
        this.request = request;
    }

    @Override
    public TicketOwner owner() {
        return request.handler;
    }

    /** This scan's status byte on the wire. */
    int wireStatus() {
        if (loopStatus != UdpProtocol.STATUS_OK) {
            return loopStatus;
        }
        return status == ScanEvent.STATUS_OK ? UdpProtocol.STATUS_OK
                : status == ScanEvent.STATUS_LEDGER_FULL ? UdpProtocol.STATUS_LEDGER_FULL : UdpProtocol.STATUS_INTERNAL;
    }

    /**
     * The HTTP status a scan with wire status {@code wire} counts as in {@code scangate_requests_total{transport="udp"}}:
     * OK 200, BAD_CODE 400, OVERLOADED and LEDGER_FULL 503 (as the HTTP port answers them), INTERNAL 500.
     */
    static int requestStatus(final int wire) {
        return switch (wire) {
            case UdpProtocol.STATUS_OK -> 200;
            case UdpProtocol.STATUS_BAD_CODE -> 400;
            case UdpProtocol.STATUS_OVERLOADED, UdpProtocol.STATUS_LEDGER_FULL -> 503;
            default -> 500;
        };
    }

    /** The verdict's wire code: the product contract's order, from 1. */
    static int wireVerdict(final Verdict v) {
        return v == null ? UdpProtocol.VERDICT_NONE : v.ordinal() + 1;
    }

    void reset() {
        resetTicket();
        loopStatus = UdpProtocol.STATUS_OK;
    }
}
