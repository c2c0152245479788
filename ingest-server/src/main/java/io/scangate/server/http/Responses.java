package io.scangate.server.http;

import java.nio.charset.StandardCharsets;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.util.AsciiString;
import io.scangate.verifier.batch.Batch;
import io.scangate.verifier.code.CodeFormat;
import io.scangate.verifier.ledger.Regions;
import io.scangate.verifier.campaign.Reward;
import io.scangate.verifier.verdict.Alert;
import io.scangate.verifier.verdict.Verdict;

/**
 * Writes complete HTTP/1.1 answers as raw bytes: status line, headers, body. The scan port has no
 * response encoder in its pipeline, so an answer is one buffer and one write.
 */
final class Responses {
    static final AsciiString JSON = AsciiString.cached("application/json");
    /** The interim answer to {@code Expect: 100-continue}. */
    static final ByteBuf CONTINUE = io.netty.buffer.Unpooled.unreleasableBuffer(
            io.netty.buffer.Unpooled.copiedBuffer("HTTP/1.1 100 Continue\r\n\r\n", StandardCharsets.US_ASCII));
    static final AsciiString PROBLEM = AsciiString.cached("application/problem+json");
    static final AsciiString HTML = AsciiString.cached("text/html; charset=utf-8");

    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] CONTENT_TYPE = "Content-Type: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CONTENT_LENGTH = "Content-Length: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] KEEP_ALIVE = "Connection: keep-alive\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CLOSE = "Connection: close\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NO_STORE = "Cache-Control: no-store\r\n".getBytes(StandardCharsets.US_ASCII);
    /** CORS on every answer of the scan port (a resolver's answers are read by web pages of any origin); no credentials. */
    private static final byte[] CORS = "Access-Control-Allow-Origin: *\r\nAccess-Control-Expose-Headers: Link, Location, Retry-After\r\n"
            .getBytes(StandardCharsets.US_ASCII);
    private static final byte[][] STATUS_LINES = new byte[600][];
    private static final String[] REASONS = new String[600];

    static {
        reason(100, "Continue");
        reason(200, "OK");
        reason(204, "No Content");
        reason(307, "Temporary Redirect");
        reason(400, "Bad Request");
        reason(401, "Unauthorized");
        reason(403, "Forbidden");
        reason(404, "Not Found");
        reason(405, "Method Not Allowed");
        reason(409, "Conflict");
        reason(413, "Content Too Large");
        reason(414, "URI Too Long");
        reason(422, "Unprocessable Content");
        reason(429, "Too Many Requests");
        reason(431, "Request Header Fields Too Large");
        reason(500, "Internal Server Error");
        reason(501, "Not Implemented");
        reason(503, "Service Unavailable");
        reason(505, "HTTP Version Not Supported");
    }

    private Responses() {
    }

    private static void reason(final int status, final String reason) {
        REASONS[status] = reason;
        STATUS_LINES[status] = ("HTTP/1.1 " + status + " " + reason + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    static String reasonPhrase(final int status) {
        return REASONS[status];
    }

    /**
     * Frames {@code body} (may be null) into a new buffer. For a HEAD answer the body's length is
     * announced but the body is not sent. {@code extraHeaders} is raw header lines or null.
     */
    static ByteBuf frame(final ByteBufAllocator alloc, final int status, final AsciiString contentType, final ByteBuf body,
                         final boolean keepAlive, final boolean head, final String extraHeaders) {
        return frame(alloc, status, contentType, body, keepAlive, head, extraHeaders, true);
    }

    /**
     * The answer to {@code HEAD} on a scan URL: GET's status and Content-Type, no body and no
     * Content-Length. GET's body exists only once the scan is made, which HEAD never does, so its
     * length is not known; RFC 9110 (9.3.2) lets such a header go rather than announce a wrong 0.
     */
    static ByteBuf scanHead(final ByteBufAllocator alloc, final AsciiString contentType, final boolean keepAlive) {
        return frame(alloc, 200, contentType, null, keepAlive, true, null, false);
    }

    private static ByteBuf frame(final ByteBufAllocator alloc, final int status, final AsciiString contentType, final ByteBuf body,
                                 final boolean keepAlive, final boolean head, final String extraHeaders, final boolean lengthKnown) {
        final int bodyLength = body == null ? 0 : body.readableBytes();
        final ByteBuf out = alloc.buffer(160 + (head ? 0 : bodyLength) + (extraHeaders == null ? 0 : extraHeaders.length()));
        out.writeBytes(STATUS_LINES[status]);
        if (contentType != null) {
            out.writeBytes(CONTENT_TYPE);
            ByteBufUtil.copy(contentType, out);
            out.writeBytes(CRLF);
        }
        if (status != 204 && lengthKnown) {
            out.writeBytes(CONTENT_LENGTH);
            writeDecimal(out, bodyLength);
            out.writeBytes(CRLF);
        }
        out.writeBytes(NO_STORE);
        out.writeBytes(CORS);
        out.writeBytes(keepAlive ? KEEP_ALIVE : CLOSE);
        if (extraHeaders != null) {
            out.writeCharSequence(extraHeaders, StandardCharsets.US_ASCII);
        }
        out.writeBytes(CRLF);
        if (body != null && !head) {
            out.writeBytes(body, body.readerIndex(), bodyLength);
        }
        return out;
    }

    /** An RFC 9457 problem answer; its body is {@link ProblemJson}'s, as on the ops port. */
    static ByteBuf problem(final ByteBufAllocator alloc, final ByteBuf scratch, final int status, final String detail,
                           final boolean keepAlive, final boolean head, final String extraHeaders) {
        scratch.clear();
        ProblemJson.write(scratch, status, detail);
        return frame(alloc, status, PROBLEM, scratch, keepAlive, head, extraHeaders);
    }

    /**
     * The answer to a scan back from the verifier (or settled as FORGED on the event loop): 503
     * when the verifier refused it, else the HTML page or the JSON answer.
     */
    static ByteBuf scanAnswer(final ByteBufAllocator alloc, final ByteBuf scratch, final PendingReply r, final byte[] codeText) {
        if (r.status == io.scangate.verifier.verdict.ScanEvent.STATUS_LEDGER_FULL) {
            return problem(alloc, scratch, 503, "ledger full: this server holds its configured maximum of scanned"
                    + " codes and cannot take a new one; nothing was counted", r.keepAlive, r.head, "Retry-After: 60\r\n");
        }
        if (r.status == io.scangate.verifier.verdict.ScanEvent.STATUS_UNSUPPORTED) {
            return problem(alloc, scratch, 501, "role scans are not available in cluster mode yet (docs/CLUSTER.md); nothing was counted",
                    r.keepAlive, r.head, null);
        }
        if (r.status != io.scangate.verifier.verdict.ScanEvent.STATUS_OK) {
            return problem(alloc, scratch, 503, "the verifier could not process this scan; nothing was counted",
                    r.keepAlive, r.head, "Retry-After: 1\r\n");
        }
        if (r.format != PendingReply.FORMAT_JSON) {
            return html(alloc, r, codeText);
        }
        scratch.clear();
        scanJson(scratch, r, codeText);
        return frame(alloc, 200, JSON, scratch, r.keepAlive, r.head, null);
    }

    /** The JSON body of a scan answer, written into {@code out}. */
    static void scanJson(final ByteBuf out, final PendingReply r, final byte[] codeText) {
        final Verdict v = r.verdict;
        out.writeBytes(QUOTE_VERDICT);
        out.writeBytes(v.ascii());
        out.writeBytes(QUOTE_CODE);
        CodeFormat.encode(r.codeId, r.tag, codeText, 0);
        out.writeBytes(codeText, 0, CodeFormat.LENGTH);
        out.writeByte('"');
        if (v == Verdict.GENUINE || v == Verdict.SUSPECT) {
            out.writeBytes(r.firstScan ? FIRST_TRUE : FIRST_FALSE);
            writeDecimal(out, r.scanCount);
            out.writeBytes(FIRST_AT);
            IsoTime.write(out, r.firstScanAt);
            out.writeBytes(FIRST_REGION);
            if (r.firstRegion == Regions.NONE) {
                out.writeBytes(NULL);
            } else {
                out.writeByte('"');
                for (int i = 0, n = Regions.length(r.firstRegion); i < n; i++) {
                    out.writeByte((int) (r.firstRegion >>> (56 - 8 * i)) & 0xFF);
                }
                out.writeByte('"');
            }
        }
        final Batch b = r.batch;
        if (b != null && v != Verdict.FORGED && v != Verdict.UNKNOWN) {
            out.writeBytes(SKU);
            writeJsonString(out, b.sku());
            out.writeBytes(GTIN);
            writeJsonString(out, b.gtin());
            out.writeBytes(BATCH);
            writeDecimal(out, b.batchId());
        }
        writeReward(out, r.reward);
        if (r.consumerLength > 0 && (v == Verdict.GENUINE || v == Verdict.SUSPECT)) {
            out.writeBytes(CONSUMER_PURCHASES);
            writeDecimal(out, r.consumerPurchases);
            out.writeBytes(STAGE);
            if (r.consumerStage == null) {
                out.writeBytes(NULL);
            } else {
                out.writeByte('"');
                out.writeBytes(r.consumerStage.ascii());
                out.writeByte('"');
            }
            out.writeByte('}');
        }
        ChannelJson.write(out, r);
        writeAlerts(out, r.alerts);
    }

    private static void writeReward(final ByteBuf out, final Reward w) {
        if (w == null) {
            out.writeBytes(REWARD_NULL);
        } else {
            out.writeBytes(REWARD_ID);
            writeDecimal(out, w.rewardId());
            out.writeBytes(REWARD_CAMPAIGN);
            writeJsonString(out, w.campaign());
            out.writeBytes(REWARD_PRIZE);
            writeJsonString(out, w.prize());
            out.writeBytes(REWARD_AMOUNT);
            writeDecimal(out, w.amount());
            out.writeBytes(REWARD_CURRENCY);
            writeJsonString(out, w.currency());
            out.writeByte('}');
        }
    }

    private static void writeAlerts(final ByteBuf out, final int alerts) {
        out.writeBytes(ALERTS);
        boolean first = true;
        for (final Alert a : ALERT_VALUES) {
            if (a.in(alerts)) {
                if (!first) {
                    out.writeByte(',');
                }
                out.writeBytes(ALERT_NAMES[a.ordinal()]);
                first = false;
            }
        }
        out.writeBytes(CLOSE_ALERTS);
    }

    /** The consumer page ({@link ConsumerPage}) for a scan opened in a browser. */
    static ByteBuf html(final ByteBufAllocator alloc, final PendingReply r, final byte[] codeText) {
        final String page = ConsumerPage.render(r, codeText);
        final ByteBuf body = alloc.buffer(page.length() * 3);
        body.writeCharSequence(page, StandardCharsets.UTF_8);
        try {
            return frame(alloc, 200, HTML, body, r.keepAlive, r.head, null);
        } finally {
            body.release();
        }
    }

    static void writeDecimal(final ByteBuf out, final long value) {
        if (value < 0) {
            out.writeByte('-');
            writeDecimal(out, -value);
            return;
        }
        if (value < 10) {
            out.writeByte((int) ('0' + value));
            return;
        }
        long divisor = 1;
        while (value / divisor >= 10) {
            divisor *= 10;
        }
        for (long d = divisor; d > 0; d /= 10) {
            out.writeByte((int) ('0' + value / d % 10));
        }
    }

    /** Writes {@code s} as a JSON string literal (with quotes), escaping as RFC 8259 requires. */
    static void writeJsonString(final ByteBuf out, final CharSequence s) {
        out.writeByte('"');
        int plainFrom = 0;
        for (int i = 0, n = s.length(); i < n; i++) {
            final char c = s.charAt(i);
            if (c == '"' || c == '\\' || c < 0x20) {
                if (i > plainFrom) {
                    ByteBufUtil.writeUtf8(out, s, plainFrom, i);
                }
                out.writeByte('\\');
                switch (c) {
                    case '"' -> out.writeByte('"');
                    case '\\' -> out.writeByte('\\');
                    case '\n' -> out.writeByte('n');
                    case '\r' -> out.writeByte('r');
                    case '\t' -> out.writeByte('t');
                    default -> {
                        out.writeByte('u');
                        out.writeByte('0');
                        out.writeByte('0');
                        out.writeByte(HEX[c >> 4]);
                        out.writeByte(HEX[c & 15]);
                    }
                }
                plainFrom = i + 1;
            }
        }
        if (s.length() > plainFrom) {
            ByteBufUtil.writeUtf8(out, s, plainFrom, s.length());
        }
        out.writeByte('"');
    }

    private static byte[] ascii(final String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static final byte[] HEX = ascii("0123456789abcdef");
    private static final byte[] QUOTE_VERDICT = ascii("{\"verdict\":\"");
    private static final byte[] QUOTE_CODE = ascii("\",\"code\":\"");
    private static final byte[] FIRST_TRUE = ascii(",\"firstScan\":true,\"scanCount\":");
    private static final byte[] FIRST_FALSE = ascii(",\"firstScan\":false,\"scanCount\":");
    private static final byte[] FIRST_AT = ascii(",\"firstScanAt\":\"");
    private static final byte[] FIRST_REGION = ascii("\",\"firstScanRegion\":");
    private static final byte[] NULL = ascii("null");
    private static final byte[] SKU = ascii(",\"sku\":");
    private static final byte[] GTIN = ascii(",\"gtin\":");
    private static final byte[] BATCH = ascii(",\"batch\":");
    private static final byte[] REWARD_NULL = ascii(",\"reward\":null");
    private static final byte[] CONSUMER_PURCHASES = ascii(",\"consumer\":{\"purchases\":");
    private static final byte[] STAGE = ascii(",\"stage\":");
    private static final byte[] REWARD_ID = ascii(",\"reward\":{\"rewardId\":");
    private static final byte[] REWARD_CAMPAIGN = ascii(",\"campaign\":");
    private static final byte[] REWARD_PRIZE = ascii(",\"prize\":");
    private static final byte[] REWARD_AMOUNT = ascii(",\"amount\":");
    private static final byte[] REWARD_CURRENCY = ascii(",\"currency\":");
    private static final byte[] ALERTS = ascii(",\"alerts\":[");
    private static final byte[] CLOSE_ALERTS = ascii("]}");
    private static final Alert[] ALERT_VALUES = Alert.values();
    private static final byte[][] ALERT_NAMES = alertNames();

    private static byte[][] alertNames() {
        final byte[][] names = new byte[ALERT_VALUES.length][];
        for (final Alert a : ALERT_VALUES) {
            names[a.ordinal()] = ascii("\"" + a.name() + "\"");
        }
        return names;
    }
}
