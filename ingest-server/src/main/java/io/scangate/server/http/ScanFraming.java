package io.scangate.server.http;

import java.nio.charset.StandardCharsets;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * Frames the scan port's two scan requests straight from the received bytes, without Netty's HTTP
 * objects, header map and strings (issue 18: some 500 bytes and a dozen objects a request on the
 * event loop): a {@code POST /v1/scans} with a JSON body into a {@link ScanPostRequest}, and a
 * {@code GET /c/{code}} into a {@link ScanGetRequest}. It takes only a strict, plain form of each:
 * the request line {@code POST /v1/scans HTTP/1.1} or {@code GET /c/{code} HTTP/1.1} (a code of 1
 * to 64 letters, digits and hyphens, no query); header lines ending in CRLF whose names are tokens
 * followed at once by a colon and whose values are printable ASCII; exactly one {@code Host}; at
 * most one {@code Connection} that is {@code keep-alive} or {@code close}; no
 * {@code Transfer-Encoding} and no {@code Expect}; for a post one plain {@code Content-Length} from
 * 1 to the port's body limit, the whole body received, and at most one {@code Idempotency-Key}; for
 * a GET no {@code Content-Length} and at most one of each header the scan reads, each within its
 * slot. Anything else, however slightly off, is {@link #OTHER}: Netty's decoder reads it as before,
 * so every refusal and edge of HTTP keeps the one behaviour it had (this form only ever takes
 * requests Netty would have read to the same fields; {@code ScanFramingEquivalenceTest}).
 *
 * <p>Concurrency: one per connection, on its event loop.
 */
final class ScanFraming {
    /** Not (yet) a whole request: wait for more bytes. */
    static final int NEED_MORE = 0;
    /** Not this form: Netty's decoder reads the request. */
    static final int OTHER = -1;
    /** Internal results of the parts: the part ends beyond the bytes received, or is not this form. */
    private static final int MORE = -1;
    private static final int NOT = -2;

    private static final byte[] POST_LINE = ascii("POST /v1/scans HTTP/1.1\r\n");
    private static final byte[] GET_START = ascii("GET /c/");
    private static final byte[] GET_END = ascii(" HTTP/1.1\r\n");
    /** Netty's header-size limit on this port ({@link ScanHttpRequestDecoder}): a longer head is Netty's to refuse. */
    private static final int MAX_HEADERS = 8192;
    private static final byte[][] NAMES = {ascii("host"), ascii("content-length"), ascii("connection"), ascii("transfer-encoding"),
        ascii("expect"), ascii("idempotency-key"), ascii("x-region"), ascii("x-device-id"), ascii("user-agent"), ascii("accept"),
        ascii("accept-language")};
    private static final int HOST = 0;
    private static final int CONTENT_LENGTH = 1;
    private static final int CONNECTION = 2;
    private static final int TRANSFER_ENCODING = 3;
    private static final int EXPECT = 4;
    /** The first header kept as text: {@code Idempotency-Key}; a post keeps only it, a GET all from here. */
    private static final int KEY = 5;
    private static final byte[] KEEP_ALIVE = ascii("keep-alive");
    private static final byte[] CLOSE = ascii("close");
    private static final int CONNECTION_KEEP_ALIVE = 1;
    private static final int CONNECTION_CLOSE = 2;

    private final int maxBody;

    // the request being read
    private boolean post;
    private int codeFrom;
    private int codeTo;
    private int hosts;
    private long contentLength;
    private int connection;
    /** Where each kept header's value is in the bytes, by name index; -1 if absent. */
    private final int[] from = new int[NAMES.length];
    private final int[] to = new int[NAMES.length];

    ScanFraming(final int maxBody) {
        this.maxBody = maxBody;
    }

    /**
     * Reads one whole request of either form from {@code in}'s readable bytes into {@code post} or
     * {@code get} and moves the reader index past it: the bytes it took (then {@link #post()} says
     * which), {@link #NEED_MORE}, or {@link #OTHER} (the reader index is then left alone).
     */
    int read(final ByteBufAllocator alloc, final ByteBuf in, final ScanPostRequest postInto, final ScanGetRequest getInto) {
        final int start = in.readerIndex();
        final int end = in.writerIndex();
        final int headers = requestLine(in, start, end);
        if (headers < 0) {
            return headers == MORE ? NEED_MORE : OTHER;
        }
        hosts = 0;
        contentLength = -1;
        connection = 0;
        java.util.Arrays.fill(from, -1);
        final int bodyFrom = headers(in, headers, Math.min(end, headers + MAX_HEADERS));
        if (bodyFrom < 0) {
            return bodyFrom == MORE && end - headers < MAX_HEADERS ? NEED_MORE : OTHER;
        }
        if (hosts != 1 || (post ? contentLength < 1 || contentLength > maxBody : contentLength >= 0)) {
            return OTHER;
        }
        final int length = post ? (int) contentLength : 0;
        if (end - bodyFrom < length) {
            return NEED_MORE;
        }
        if (post) {
            postInto.begin(alloc, connection != CONNECTION_CLOSE);
            keep(in, KEY, postInto.key);
            postInto.body().writeBytes(in, bodyFrom, length);
        } else {
            getInto.begin(in, codeFrom, codeTo, connection != CONNECTION_CLOSE);
            keep(in, KEY, getInto.key);
            keep(in, KEY + 1, getInto.region);
            keep(in, KEY + 2, getInto.device);
            keep(in, KEY + 3, getInto.userAgent);
            keep(in, KEY + 4, getInto.accept);
            keep(in, KEY + 5, getInto.acceptLanguage);
        }
        in.readerIndex(bodyFrom + length);
        return bodyFrom + length - start;
    }

    /** Whether the request last read was a post (else a GET). */
    boolean post() {
        return post;
    }

    private void keep(final ByteBuf in, final int name, final AsciiText into) {
        if (from[name] < 0) {
            into.clear();
        } else {
            into.set(in, from[name], to[name]);
        }
    }

    /** The index after a request line of either form in {@code [start, end)}, or {@link #MORE} or {@link #NOT}. */
    private int requestLine(final ByteBuf in, final int start, final int end) {
        if (end == start) {
            return MORE;
        }
        post = in.getByte(start) == 'P';
        if (post) {
            return expect(in, start, end, POST_LINE);
        }
        final int code = expect(in, start, end, GET_START);
        if (code < 0) {
            return code;
        }
        int p = code;
        byte b;
        while (p < end && (b = in.getByte(p)) != ' ') {
            if (!(b >= '0' && b <= '9' || b >= 'A' && b <= 'Z' || b >= 'a' && b <= 'z' || b == '-') || p - code >= ScanGetRequest.MAX_CODE) {
                return NOT;
            }
            p++;
        }
        if (p == end) {
            return MORE;
        }
        if (p == code) {
            return NOT;
        }
        codeFrom = code;
        codeTo = p;
        return expect(in, p, end, GET_END);
    }

    /** The index after {@code bytes} at {@code at}, {@link #MORE} if the bytes so far match, or {@link #NOT}. */
    private static int expect(final ByteBuf in, final int at, final int end, final byte[] bytes) {
        final int n = Math.min(end - at, bytes.length);
        for (int i = 0; i < n; i++) {
            if (in.getByte(at + i) != bytes[i]) {
                return NOT;
            }
        }
        return n < bytes.length ? MORE : at + bytes.length;
    }

    /** Reads the header lines in {@code [p, limit)}: the index after the empty line that ends them, or {@link #MORE} or {@link #NOT}. */
    private int headers(final ByteBuf in, final int start, final int limit) {
        int p = start;
        while (true) {
            if (p + 1 >= limit) {
                return MORE;
            }
            if (in.getByte(p) == '\r') {
                return in.getByte(p + 1) == '\n' ? p + 2 : NOT;
            }
            final int nameFrom = p;
            byte b;
            while ((b = in.getByte(p)) != ':') {
                if (!token(b)) {
                    return NOT;
                }
                if (++p >= limit) {
                    return MORE;
                }
            }
            final int nameTo = p++;
            while (p < limit && ((b = in.getByte(p)) == ' ' || b == '\t')) {
                p++;
            }
            final int valueFrom = p;
            while (p < limit && (b = in.getByte(p)) != '\r') {
                if (b < 0x20 && b != '\t' || b == 0x7f || b < 0) {
                    return NOT;
                }
                p++;
            }
            if (p + 1 >= limit) {
                return MORE;
            }
            if (in.getByte(p + 1) != '\n' || nameTo == nameFrom) {
                return NOT;
            }
            int valueTo = p;
            while (valueTo > valueFrom && ((b = in.getByte(valueTo - 1)) == ' ' || b == '\t')) {
                valueTo--;
            }
            if (!header(in, name(in, nameFrom, nameTo - nameFrom), valueFrom, valueTo)) {
                return NOT;
            }
            p += 2;
        }
    }

    /** Takes one header line's meaning; false if it puts the request outside this form. */
    private boolean header(final ByteBuf in, final int name, final int valueFrom, final int valueTo) {
        switch (name) {
            case HOST -> hosts++;
            case CONTENT_LENGTH -> {
                if (contentLength >= 0) {
                    return false;
                }
                contentLength = digits(in, valueFrom, valueTo);
                return contentLength > 0 && post;
            }
            case CONNECTION -> {
                if (connection != 0) {
                    return false;
                }
                connection = is(in, valueFrom, valueTo - valueFrom, KEEP_ALIVE) ? CONNECTION_KEEP_ALIVE
                        : is(in, valueFrom, valueTo - valueFrom, CLOSE) ? CONNECTION_CLOSE : 0;
                return connection != 0;
            }
            case TRANSFER_ENCODING, EXPECT -> {
                return false;
            }
            case -1 -> { }
            default -> {
                if (post && name != KEY) {
                    return true; // a post reads no other header
                }
                if (from[name] >= 0 || valueTo - valueFrom > ScanGetRequest.capacity(name - KEY)) {
                    return false;
                }
                from[name] = valueFrom;
                to[name] = valueTo;
            }
        }
        return true;
    }

    /** The index in {@link #NAMES} of the name at {@code [from, from + length)}, ignoring ASCII case; -1 for another name. */
    private static int name(final ByteBuf in, final int from, final int length) {
        for (int i = 0; i < NAMES.length; i++) {
            if (is(in, from, length, NAMES[i])) {
                return i;
            }
        }
        return -1;
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
