package io.scangate.server.http;

import java.nio.charset.StandardCharsets;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * Writes the body of an RFC 9457 {@code application/problem+json} answer, the one writer of the
 * scan port and the ops port, so that both say the same thing byte for byte; it allocates nothing.
 *
 * <p>Concurrency: stateless; any thread.
 */
public final class ProblemJson {
    /** The media type of the bodies written here. */
    public static final String CONTENT_TYPE = "application/problem+json";

    private static final byte[] TYPE_TITLE = "{\"type\":\"about:blank\",\"title\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] STATUS = "\",\"status\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DETAIL = ",\"detail\":".getBytes(StandardCharsets.US_ASCII);

    private ProblemJson() {
    }

    /** Writes {@code {"type","title","status","detail"}} into {@code out}; {@code detail} must not be null. */
    public static void write(final ByteBuf out, final int status, final CharSequence detail) {
        write(out, status, detail, null);
    }

    /**
     * As {@link #write(ByteBuf, int, CharSequence)}, followed by {@code members} (RFC 9457 extension
     * members: JSON {@code "name":value} pairs separated by commas, as raw text) unless it is null.
     */
    public static void write(final ByteBuf out, final int status, final CharSequence detail, final CharSequence members) {
        out.writeBytes(TYPE_TITLE);
        out.writeCharSequence(title(status), StandardCharsets.US_ASCII);
        out.writeBytes(STATUS);
        Responses.writeDecimal(out, status);
        out.writeBytes(DETAIL);
        Responses.writeJsonString(out, detail);
        if (members != null) {
            out.writeByte(',');
            out.writeCharSequence(members, StandardCharsets.UTF_8);
        }
        out.writeByte('}');
    }

    /**
     * The problem's {@code title}: the reason phrase of the scan port's status line, so title and
     * status line agree; Netty's phrase for a status the scan port never answers (401, 409).
     */
    public static String title(final int status) {
        final String reason = status >= 100 && status < 600 ? Responses.reasonPhrase(status) : null;
        return reason != null ? reason : HttpResponseStatus.valueOf(status).reasonPhrase();
    }
}
