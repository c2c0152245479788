package io.scangate.server.http;

import io.scangate.server.ops.RefusalLog;
import io.scangate.server.ops.ScanMetrics;
import io.scangate.verifier.verdict.ScanEvent;

/** What an HTTP scan answer counts in the meters: its status, its verdict, and for verifier answers the refusal and latency. */
final class AnswerMeters {
    private AnswerMeters() {
    }

    /** An answer of {@code status} for {@code r}; a 200 that is no HEAD counts its verdict. */
    static void answered(final ScanMetrics metrics, final PendingReply r, final int status) {
        metrics.httpStatus(status);
        if (status == 200 && r.verdict != null && !r.head) {
            metrics.scan(r.verdict);
        }
    }

    /** The answer to a scan back from the verifier: 200, or 503 with its refusal; and its latency. */
    static void fromVerifier(final ScanMetrics metrics, final PendingReply r) {
        if (r.status == ScanEvent.STATUS_OK && r.isRoleScan()) {
            metrics.httpStatus(RoleAnswers.status(r.role.outcome));
            metrics.roleScan(r.role.actor, r.role.action, r.role.outcome);
        } else if (r.status == ScanEvent.STATUS_OK) {
            answered(metrics, r, 200);
        } else if (r.status == ScanEvent.STATUS_UNSUPPORTED) {
            metrics.httpStatus(501);
        } else {
            metrics.httpStatus(503);
            metrics.refused(r.status == ScanEvent.STATUS_LEDGER_FULL ? RefusalLog.Reason.LEDGER_FULL : RefusalLog.Reason.VERIFIER_ERROR);
        }
        metrics.latencyNanos(System.nanoTime() - r.startNanos);
    }
}
