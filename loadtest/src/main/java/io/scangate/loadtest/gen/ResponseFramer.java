package io.scangate.loadtest.gen;

import java.nio.charset.StandardCharsets;
import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;

/**
 * A minimal HTTP/1.1 response framer for the load generator: finds where each answer ends and reads
 * its status code, and nothing else, so the generator spends its CPU on sending rather than on
 * building header and content objects it would throw away (Netty's {@code HttpResponseDecoder}
 * was over half of the generator's own CPU time).
 *
 * <p>Understands a {@code Content-Length} body, a chunked body (chunk extensions and trailers
 * skipped), and the bodiless statuses: 1xx interim answers (skipped, not reported), 204 and 304.
 * Anything else is a protocol error and stops the framing: a status line that is not
 * {@code HTTP/1.x NNN}, a head over {@link #MAX_HEAD} bytes, an answer whose body would run until
 * the connection closes, a bad length or chunk size.
 *
 * <p>Concurrency: event-loop confined, one per connection.
 */
final class ResponseFramer extends ByteToMessageDecoder {
    /** Bound on the status line plus headers, and on a chunk-size line or trailer section. */
    static final int MAX_HEAD = 16 * 1024;
    private static final byte[] CONTENT_LENGTH = ascii("content-length");
    private static final byte[] TRANSFER_ENCODING = ascii("transfer-encoding");
    private static final byte[] CHUNKED = ascii("chunked");

    private static final int HEAD = 0;
    private static final int BODY = 1;
    private static final int CHUNK_SIZE = 2;
    private static final int CHUNK_DATA = 3;
    private static final int CHUNK_END = 4;
    private static final int TRAILER = 5;
    private static final int FAILED = 6;

    /** Told of each complete answer, or of the first protocol error. */
    interface Listener {
        void onResponse(int status);

        void onProtocolError(String reason);
    }

    private final Listener listener;
    private int state = HEAD;
    private int status;
    private long remaining;
    private int trailerBytes;

    ResponseFramer(final Listener listener) {
        this.listener = listener;
    }

    @Override
    protected void decode(final ChannelHandlerContext ctx, final ByteBuf in, final List<Object> out) {
        // Each pass consumes bytes or returns, so the loop is bounded by the bytes received.
        while (in.isReadable()) {
            switch (state) {
                case HEAD -> {
                    if (!readHead(in)) {
                        return;
                    }
                }
                case BODY -> {
                    final int n = (int) Math.min(remaining, in.readableBytes());
                    in.skipBytes(n);
                    remaining -= n;
                    if (remaining > 0) {
                        return;
                    }
                    complete();
                }
                case CHUNK_SIZE -> {
                    if (!readChunkSize(in)) {
                        return;
                    }
                }
                case CHUNK_DATA -> {
                    final int n = (int) Math.min(remaining, in.readableBytes());
                    in.skipBytes(n);
                    remaining -= n;
                    if (remaining > 0) {
                        return;
                    }
                    state = CHUNK_END;
                }
                case CHUNK_END -> {
                    if (in.readableBytes() < 2) {
                        return;
                    }
                    if (in.readByte() != '\r' || in.readByte() != '\n') {
                        fail(in, "chunk data not followed by CRLF");
                        return;
                    }
                    state = CHUNK_SIZE;
                }
                case TRAILER -> {
                    if (!readTrailerLine(in)) {
                        return;
                    }
                }
                default -> {
                    in.skipBytes(in.readableBytes());
                    return;
                }
            }
        }
    }

    /** Parses a whole head if it has arrived (else consumes nothing); false to wait for more bytes. */
    private boolean readHead(final ByteBuf in) {
        final int start = in.readerIndex();
        final int limit = in.writerIndex();
        int lineStart = start;
        int code = -1;
        long length = -1;
        boolean chunked = false;
        while (true) {
            final int lf = in.indexOf(lineStart, Math.min(limit, start + MAX_HEAD), (byte) '\n');
            if (lf < 0) {
                if (limit - start >= MAX_HEAD) {
                    fail(in, "answer head over " + MAX_HEAD + " bytes");
                }
                return false;
            }
            final int lineEnd = lf > lineStart && in.getByte(lf - 1) == '\r' ? lf - 1 : lf;
            if (code < 0) {
                code = statusCode(in, lineStart, lineEnd);
                if (code < 0) {
                    fail(in, "not an HTTP/1.x status line");
                    return false;
                }
            } else if (lineEnd == lineStart) {
                in.readerIndex(lf + 1);
                return startBody(in, code, length, chunked);
            } else if (isHeader(in, lineStart, lineEnd, CONTENT_LENGTH)) {
                length = parseLength(in, lineStart + CONTENT_LENGTH.length + 1, lineEnd);
                if (length < 0) {
                    fail(in, "bad Content-Length");
                    return false;
                }
            } else if (isHeader(in, lineStart, lineEnd, TRANSFER_ENCODING)) {
                chunked = containsIgnoreCase(in, lineStart + TRANSFER_ENCODING.length + 1, lineEnd, CHUNKED);
            }
            lineStart = lf + 1;
        }
    }

    private boolean startBody(final ByteBuf in, final int code, final long length, final boolean chunked) {
        status = code;
        if (code < 200) {
            return true; // interim answer: the real one follows
        }
        if (code == 204 || code == 304) {
            complete();
        } else if (chunked) {
            state = CHUNK_SIZE;
        } else if (length >= 0) {
            remaining = length;
            state = BODY;
            if (length == 0) {
                complete();
            }
        } else {
            fail(in, "answer " + code + " has neither Content-Length nor chunked encoding");
            return false;
        }
        return true;
    }

    private boolean readChunkSize(final ByteBuf in) {
        final int start = in.readerIndex();
        final int lf = in.indexOf(start, Math.min(in.writerIndex(), start + MAX_HEAD), (byte) '\n');
        if (lf < 0) {
            if (in.readableBytes() >= MAX_HEAD) {
                fail(in, "chunk-size line over " + MAX_HEAD + " bytes");
            }
            return false;
        }
        long size = 0;
        int digits = 0;
        for (int i = start; i < lf; i++) {
            final int d = Character.digit(in.getByte(i), 16);
            if (d < 0) {
                break; // ';' extension, CR or spaces
            }
            if (++digits > 15) {
                fail(in, "chunk size too large");
                return false;
            }
            size = size << 4 | d;
        }
        if (digits == 0) {
            fail(in, "bad chunk size");
            return false;
        }
        in.readerIndex(lf + 1);
        if (size == 0) {
            state = TRAILER;
            trailerBytes = 0;
        } else {
            remaining = size;
            state = CHUNK_DATA;
        }
        return true;
    }

    private boolean readTrailerLine(final ByteBuf in) {
        final int start = in.readerIndex();
        final int lf = in.indexOf(start, in.writerIndex(), (byte) '\n');
        if (lf < 0) {
            if (trailerBytes + in.readableBytes() >= MAX_HEAD) {
                fail(in, "trailers over " + MAX_HEAD + " bytes");
            }
            return false;
        }
        final boolean empty = lf == start || lf == start + 1 && in.getByte(start) == '\r';
        trailerBytes += lf + 1 - start;
        in.readerIndex(lf + 1);
        if (empty) {
            complete();
        } else if (trailerBytes >= MAX_HEAD) {
            fail(in, "trailers over " + MAX_HEAD + " bytes");
            return false;
        }
        return true;
    }

    private void complete() {
        state = HEAD;
        listener.onResponse(status);
    }

    private void fail(final ByteBuf in, final String reason) {
        state = FAILED;
        in.skipBytes(in.readableBytes());
        listener.onProtocolError(reason);
    }

    /** {@code HTTP/1.x NNN...}: the status code, or -1. */
    private static int statusCode(final ByteBuf in, final int from, final int to) {
        if (to - from < 12 || in.getByte(from) != 'H' || in.getByte(from + 1) != 'T' || in.getByte(from + 2) != 'T'
                || in.getByte(from + 3) != 'P' || in.getByte(from + 4) != '/' || in.getByte(from + 5) != '1'
                || in.getByte(from + 6) != '.' || in.getByte(from + 8) != ' ') {
            return -1;
        }
        int code = 0;
        for (int i = from + 9; i < from + 12; i++) {
            final int d = in.getByte(i) - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            code = code * 10 + d;
        }
        return code >= 100 && (to - from == 12 || in.getByte(from + 12) == ' ') ? code : -1;
    }

    /** Whether the line starts with {@code name} (case-insensitive) followed by a colon. */
    private static boolean isHeader(final ByteBuf in, final int from, final int to, final byte[] name) {
        if (to - from <= name.length || in.getByte(from + name.length) != ':') {
            return false;
        }
        for (int i = 0; i < name.length; i++) {
            if ((in.getByte(from + i) | 0x20) != name[i]) {
                return false;
            }
        }
        return true;
    }

    private static long parseLength(final ByteBuf in, final int from, final int to) {
        long v = 0;
        int digits = 0;
        for (int i = from; i < to; i++) {
            final byte b = in.getByte(i);
            if (b >= '0' && b <= '9') {
                if (++digits > 18) {
                    return -1;
                }
                v = v * 10 + (b - '0');
            } else if (b != ' ' && b != '\t' || digits > 0 && !onlyWhitespace(in, i, to)) {
                return -1;
            } else if (digits > 0) {
                break;
            }
        }
        return digits > 0 ? v : -1;
    }

    private static boolean onlyWhitespace(final ByteBuf in, final int from, final int to) {
        for (int i = from; i < to; i++) {
            final byte b = in.getByte(i);
            if (b != ' ' && b != '\t') {
                return false;
            }
        }
        return true;
    }

    private static boolean containsIgnoreCase(final ByteBuf in, final int from, final int to, final byte[] word) {
        for (int i = from; i + word.length <= to; i++) {
            int k = 0;
            while (k < word.length && (in.getByte(i + k) | 0x20) == word[k]) {
                k++;
            }
            if (k == word.length) {
                return true;
            }
        }
        return false;
    }

    private static byte[] ascii(final String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
