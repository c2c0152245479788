package io.scangate.server.http;

import java.nio.charset.StandardCharsets;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * Frames the scan port's most frequent request, a {@code POST /v1/scans} with a JSON body, straight
 * from the received bytes, without Netty's HTTP objects, header map and strings (issue 18: some
 * 500 bytes and a dozen objects a request on the event loop). It takes only a strict, plain form of
 * the request: the request line {@code POST /v1/scans HTTP/1.1}, header lines ending in CRLF whose
 * names are tokens followed at once by a colon and whose values are printable ASCII, exactly one
 * {@code Host}, one plain {@code Content-Length} from 1 to the port's body limit, at most one
 * {@code Connection} that is {@code keep-alive} or {@code close}, at most one
 * {@code Idempotency-Key} of at most {@link ScanPostRequest#MAX_KEY} characters, no
 * {@code Transfer-Encoding} and no {@code Expect}, and the whole body already received. Anything
 * else, however slightly off, is {@link #OTHER}: Netty's decoder reads it as before, so every
 * refusal and edge of HTTP keeps the one behaviour it had (this form only ever takes requests Netty
 * would have read to the same fields).
 *
 * <p>Concurrency: one per connection, on its event loop.
 */
final class ScanPostFraming {
    /** Not (yet) a whole request: wait for more bytes. */
    static final int NEED_MORE = 0;
    /** Not this form: Netty's decoder reads the request. */
    static final int OTHER = -1;

    private static final byte[] REQUEST_LINE = ascii("POST /v1/scans HTTP/1.1\r\n");
    /** Netty's header-size limit on this port ({@link ScanHttpRequestDecoder}): a longer head is Netty's to refuse. */
    private static final int MAX_HEADERS = 8192;
    private static final byte[] HOST = ascii("host");
    private static final byte[] CONTENT_LENGTH = ascii("content-length");
    private static final byte[] CONNECTION = ascii("connection");
    private static final byte[] TRANSFER_ENCODING = ascii("transfer-encoding");
    private static final byte[] EXPECT = ascii("expect");
    private static final byte[] IDEMPOTENCY_KEY = ascii("idempotency-key");
    private static final byte[] KEEP_ALIVE = ascii("keep-alive");
    private static final byte[] CLOSE = ascii("close");
    private static final int CONNECTION_KEEP_ALIVE = 1;
    private static final int CONNECTION_CLOSE = 2;

    private final int maxBody;

    // the head being read
    private int hosts;
    private long contentLength;
    private int connection;
    private int keyFrom;
    private int keyTo;

    ScanPostFraming(final int maxBody) {
        this.maxBody = maxBody;
    }

    /**
     * Reads one whole request of this form from {@code in}'s readable bytes into {@code into} and
     * moves the reader index past it: the bytes it took, {@link #NEED_MORE}, or {@link #OTHER} (the
     * reader index is then left alone).
     */
    int read(final ByteBufAllocator alloc, final ByteBuf in, final ScanPostRequest into) {
        final int start = in.readerIndex();
        final int end = in.writerIndex();
        final int lineBytes = Math.min(end - start, REQUEST_LINE.length);
        for (int i = 0; i < lineBytes; i++) {
            if (in.getByte(start + i) != REQUEST_LINE[i]) {
                return OTHER;
            }
        }
        if (lineBytes < REQUEST_LINE.length) {
            return NEED_MORE;
        }
        hosts = 0;
        contentLength = -1;
        connection = 0;
        keyFrom = -1;
        final int headers = start + REQUEST_LINE.length;
        final int bodyFrom = headers(in, headers, Math.min(end, headers + MAX_HEADERS));
        if (bodyFrom < 0) {
            return bodyFrom == NEED_MORE - 1 && end - headers < MAX_HEADERS ? NEED_MORE : OTHER;
        }
        if (hosts != 1 || contentLength < 1 || contentLength > maxBody) {
            return OTHER;
        }
        if (end - bodyFrom < contentLength) {
            return NEED_MORE;
        }
        into.begin(alloc, connection != CONNECTION_CLOSE);
        if (keyFrom >= 0) {
            into.key(in, keyFrom, keyTo);
        }
        final int length = (int) contentLength;
        into.body().writeBytes(in, bodyFrom, length);
        in.readerIndex(bodyFrom + length);
        return bodyFrom + length - start;
    }

    /**
     * Reads the header lines in {@code [p, limit)}: the index after the empty line that ends them,
     * {@code NEED_MORE - 1} (-1) if they end beyond {@code limit}, or {@code OTHER - 1} (-2) if they are not this form.
     */
    private int headers(final ByteBuf in, final int from, final int limit) {
        int p = from;
        while (true) {
            if (p + 1 >= limit) {
                return NEED_MORE - 1;
            }
            if (in.getByte(p) == '\r') {
                return in.getByte(p + 1) == '\n' ? p + 2 : OTHER - 1;
            }
            final int nameFrom = p;
            byte b;
            while ((b = in.getByte(p)) != ':') {
                if (!token(b)) {
                    return OTHER - 1;
                }
                if (++p >= limit) {
                    return NEED_MORE - 1;
                }
            }
            final int nameTo = p++;
            while (p < limit && ((b = in.getByte(p)) == ' ' || b == '\t')) {
                p++;
            }
            final int valueFrom = p;
            while (p < limit && (b = in.getByte(p)) != '\r') {
                if (b < 0x20 && b != '\t' || b == 0x7f || b < 0) {
                    return OTHER - 1;
                }
                p++;
            }
            if (p + 1 >= limit) {
                return NEED_MORE - 1;
            }
            if (in.getByte(p + 1) != '\n' || nameTo == nameFrom) {
                return OTHER - 1;
            }
            int valueTo = p;
            while (valueTo > valueFrom && ((b = in.getByte(valueTo - 1)) == ' ' || b == '\t')) {
                valueTo--;
            }
            if (!header(in, nameFrom, nameTo - nameFrom, valueFrom, valueTo)) {
                return OTHER - 1;
            }
            p += 2;
        }
    }

    /** Takes one header line's meaning; false if it puts the request outside this form. */
    private boolean header(final ByteBuf in, final int name, final int nameLength, final int valueFrom, final int valueTo) {
        if (is(in, name, nameLength, HOST)) {
            hosts++;
        } else if (is(in, name, nameLength, CONTENT_LENGTH)) {
            if (contentLength >= 0) {
                return false;
            }
            contentLength = digits(in, valueFrom, valueTo);
            return contentLength > 0;
        } else if (is(in, name, nameLength, CONNECTION)) {
            if (connection != 0) {
                return false;
            }
            connection = is(in, valueFrom, valueTo - valueFrom, KEEP_ALIVE) ? CONNECTION_KEEP_ALIVE
                    : is(in, valueFrom, valueTo - valueFrom, CLOSE) ? CONNECTION_CLOSE : 0;
            return connection != 0;
        } else if (is(in, name, nameLength, IDEMPOTENCY_KEY)) {
            if (keyFrom >= 0 || valueTo - valueFrom > ScanPostRequest.MAX_KEY) {
                return false;
            }
            keyFrom = valueFrom;
            keyTo = valueTo;
        } else {
            return !is(in, name, nameLength, TRANSFER_ENCODING) && !is(in, name, nameLength, EXPECT);
        }
        return true;
    }

    /** A decimal of 1 to 9 digits without a leading zero, or -1. */
    private static long digits(final ByteBuf in, final int from, final int to) {
        if (to == from || to - from > 9 || in.getByte(from) == '0') {
            return -1;
        }
        long value = 0;
        for (int i = from; i < to; i++) {
            final byte b = in.getByte(i);
            if (b < '0' || b > '9') {
                return -1;
            }
            value = value * 10 + (b - '0');
        }
        return value;
    }

    /** Whether the {@code length} bytes at {@code from} are {@code lower}, ignoring the case of ASCII letters. */
    private static boolean is(final ByteBuf in, final int from, final int length, final byte[] lower) {
        if (length != lower.length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            int b = in.getByte(from + i);
            if (b >= 'A' && b <= 'Z') {
                b += 'a' - 'A';
            }
            if (b != lower[i]) {
                return false;
            }
        }
        return true;
    }

    /** RFC 9110's tchar. */
    private static boolean token(final byte b) {
        return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9'
                || b > ' ' && b < 0x7f && "!#$%&'*+-.^_`|~".indexOf(b) >= 0;
    }

    private static byte[] ascii(final String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
