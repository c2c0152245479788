package io.scangate.server.http;

import io.netty.buffer.ByteBuf;
import io.scangate.server.intake.ScanFieldRules;
import io.scangate.server.intake.ScanFields;

/**
 * The fields of a {@code POST /v1/scans}: the JSON body, and the {@code Idempotency-Key} header
 * as the request id when the body gives none.
 */
final class PostScanFields {
    static final String EMPTY = "empty body: expected a JSON object with 'code' and 'device'";

    private PostScanFields() {
    }

    /** Reads {@code body} and the {@code Idempotency-Key} header ({@code key}, null without one) into {@code out}; null, or the 400's detail. */
    static String read(final ScanBodyParser parser, final ByteBuf body, final CharSequence key, final ScanFields out) {
        if (body == null) {
            return EMPTY;
        }
        final String problem = parser.parse(body, out);
        if (problem != null) {
            return problem;
        }
        if (out.requestIdLength == 0 && key != null && GetScanFields.requestId(key, out) != null) {
            return ScanFieldRules.BAD_REQUEST_ID;
        }
        return null;
    }
}
