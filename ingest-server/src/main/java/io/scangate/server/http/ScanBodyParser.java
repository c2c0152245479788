package io.scangate.server.http;

import io.scangate.server.intake.ScanFieldRules;
import io.scangate.server.intake.ScanFields;
import java.nio.charset.StandardCharsets;

import io.netty.buffer.ByteBuf;

/**
 * Strict JSON (RFC 8259) parser of the {@code POST /v1/scans} body into {@link ScanFields}. It
 * allocates nothing on success: strings are decoded straight into the holder's arrays, field
 * names are matched as bytes, and numbers are converted exactly without text (a rare long or
 * huge-exponent number falls back to {@link Double#parseDouble}). Errors come back as a short
 * problem detail naming the field or the byte offset, never as an exception.
 *
 * <p>The body must be one object. {@code code} and {@code device} are required; {@code consumer},
 * {@code region}, {@code lat}, {@code lon} and {@code requestId} are optional, and {@code null}
 * means absent. A known field given twice is refused; unknown fields are skipped whatever their
 * value, up to {@value #MAX_DEPTH} levels of nesting. Strings must be valid UTF-8 without raw
 * control characters; escapes (including surrogate pairs) are decoded to UTF-8.
 *
 * <p>Concurrency: not thread-safe; one instance per connection (or event loop).
 */
public final class ScanBodyParser {
    /** Deepest nesting of objects and arrays, the body's own object included. */
    public static final int MAX_DEPTH = 32;

    private static final int CODE = 0;
    private static final int DEVICE = 1;
    private static final int CONSUMER = 2;
    private static final int REGION = 3;
    private static final int LAT = 4;
    private static final int LON = 5;
    private static final int REQUEST_ID = 6;
    private static final int UNKNOWN = -1;
    private static final String[] NAMES = {"code", "device", "consumer", "region", "lat", "lon", "requestId"};
    private static final byte[][] NAME_BYTES = new byte[NAMES.length][];
    private static final String[] DUPLICATE = new String[NAMES.length];
    private static final int LONGEST_NAME = 9;

    static {
        for (int i = 0; i < NAMES.length; i++) {
            NAME_BYTES[i] = NAMES[i].getBytes(StandardCharsets.US_ASCII);
            DUPLICATE[i] = "duplicate field '" + NAMES[i] + "'";
        }
    }

    private static final String EMPTY = "empty body: expected a JSON object with 'code' and 'device'";
    private static final String NOT_OBJECT = "body must be a JSON object";
    private static final String MISSING_CODE = "missing field 'code'";
    private static final String MISSING_DEVICE = "missing field 'device'";
    private static final String CODE_NOT_STRING = "field 'code' must be a string";
    private static final String CODE_TOO_LONG = "code is longer than " + ScanFields.MAX_CODE_BYTES + " characters";
    private static final String BAD_DEVICE = "field 'device' must be a string of 1 to " + ScanFields.MAX_ID_CHARACTERS + " characters";
    private static final String BAD_CONSUMER = "field 'consumer' must be a string of at most " + ScanFields.MAX_ID_CHARACTERS + " characters";
    private static final String BAD_REGION = ScanFieldRules.BAD_REGION;
    private static final String BAD_LAT = "field 'lat' must be a number from -90 to 90";
    private static final String BAD_LON = "field 'lon' must be a number from -180 to 180";
    private static final String BAD_REQUEST_ID = "field 'requestId' must be a string of 1 to "
            + ScanFields.MAX_REQUEST_ID_CHARACTERS + " printable ASCII characters";
    private static final String LOCATION_PAIR = "fields 'lat' and 'lon' must be given together";

    private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
    private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};
    private static final byte[] NULL = {'n', 'u', 'l', 'l'};

    /** Powers of ten that are exact doubles: a product or quotient with one is correctly rounded. */
    private static final double[] POW10 = {
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    };
    private static final long MAX_EXACT_MANTISSA = 1L << 53;
    /** Significant digits kept in the mantissa; more send the number to the slow path. */
    private static final int MAX_MANTISSA_DIGITS = 18;

    private final byte[] keyName = new byte[LONGEST_NAME];
    /** Copy of a body without an accessible array (direct or composite buffers). */
    private byte[] copy = new byte[4096];

    private byte[] in;
    private int base;
    private int pos;
    private int end;
    private String problem;
    /** Code points of the last string parsed. */
    private int codePoints;
    /** Value of the last number parsed with conversion. */
    private double number;
    private boolean latGiven;
    private boolean lonGiven;

    /**
     * Parses the readable bytes of {@code body} (its reader index is left alone) into {@code out},
     * which is reset first. Returns {@code null} on success, else a problem detail for a 400
     * answer; {@code out} is then reset again. The caller bounds the body's size (the HTTP layer
     * refuses bodies over 4 KiB): a body without an accessible array is copied into a buffer kept
     * for the next call.
     */
    public String parse(final ByteBuf body, final ScanFields out) {
        out.reset();
        final int length = body.readableBytes();
        if (body.hasArray()) {
            in = body.array();
            base = body.arrayOffset() + body.readerIndex();
        } else {
            if (copy.length < length) {
                copy = new byte[length];
            }
            body.getBytes(body.readerIndex(), copy, 0, length);
            in = copy;
            base = 0;
        }
        pos = base;
        end = base + length;
        problem = null;
        latGiven = false;
        lonGiven = false;
        try {
            if (!body(out)) {
                out.reset();
                return problem;
            }
            return null;
        } finally {
            in = null; // do not keep a pooled buffer's array reachable
        }
    }

    private boolean body(final ScanFields out) {
        skipWhitespace();
        if (pos >= end) {
            return fail(EMPTY);
        }
        if (in[pos] != '{') {
            return fail(NOT_OBJECT);
        }
        pos++;
        int seen = 0;
        skipWhitespace();
        if (pos < end && in[pos] == '}') {
            pos++;
        } else {
            while (true) {
                if (pos >= end) {
                    return endOfInput();
                }
                if (in[pos] != '"') {
                    return malformed(pos, "expected '\"' to start a field name");
                }
                final int nameLength = string(keyName, keyName.length);
                if (nameLength < 0) {
                    return false;
                }
                final int field = fieldOf(nameLength);
                if (!colon()) {
                    return false;
                }
                if (field == UNKNOWN) {
                    if (!skipValue(1)) {
                        return false;
                    }
                } else {
                    if ((seen & (1 << field)) != 0) {
                        return fail(DUPLICATE[field]);
                    }
                    seen |= 1 << field;
                    if (!field(field, out)) {
                        return false;
                    }
                }
                skipWhitespace();
                if (pos >= end) {
                    return endOfInput();
                }
                final byte b = in[pos];
                pos++;
                if (b == '}') {
                    break;
                }
                if (b != ',') {
                    return malformed(pos - 1, "expected ',' or '}'");
                }
                skipWhitespace();
            }
        }
        skipWhitespace();
        if (pos < end) {
            return malformed(pos, "unexpected data after the object");
        }
        if ((seen & (1 << CODE)) == 0) {
            return fail(MISSING_CODE);
        }
        if ((seen & (1 << DEVICE)) == 0) {
            return fail(MISSING_DEVICE);
        }
        if (latGiven != lonGiven) {
            return fail(LOCATION_PAIR);
        }
        out.hasLocation = latGiven;
        return true;
    }

    /** Parses the value of a known field at {@code pos} (not the end) into {@code out}. */
    private boolean field(final int field, final ScanFields out) {
        final byte b = in[pos];
        switch (field) {
            case CODE: {
                if (b != '"') {
                    return fail(CODE_NOT_STRING);
                }
                final int n = string(out.code, out.code.length);
                if (n < 0) {
                    return false;
                }
                if (n > out.code.length) {
                    return fail(CODE_TOO_LONG);
                }
                out.codeLength = n;
                return true;
            }
            case DEVICE: {
                if (b != '"') {
                    return fail(BAD_DEVICE);
                }
                final int n = string(out.device, out.device.length);
                if (n < 0) {
                    return false;
                }
                if (n > out.device.length || codePoints < 1 || codePoints > ScanFields.MAX_ID_CHARACTERS) {
                    return fail(BAD_DEVICE);
                }
                out.deviceLength = n;
                return true;
            }
            case CONSUMER: {
                if (b == 'n') {
                    return literal(NULL);
                }
                if (b != '"') {
                    return fail(BAD_CONSUMER);
                }
                final int n = string(out.consumer, out.consumer.length);
                if (n < 0) {
                    return false;
                }
                if (n > out.consumer.length || codePoints > ScanFields.MAX_ID_CHARACTERS) {
                    return fail(BAD_CONSUMER);
                }
                out.consumerLength = n;
                return true;
            }
            case REGION: {
                if (b == 'n') {
                    return literal(NULL);
                }
                if (b != '"') {
                    return fail(BAD_REGION);
                }
                final int n = string(out.region, out.region.length);
                if (n < 0) {
                    return false;
                }
                if (!ScanFieldRules.region(out.region, 0, n)) {
                    return fail(BAD_REGION);
                }
                out.regionLength = n;
                return true;
            }
            case LAT:
            case LON: {
                final boolean lat = field == LAT;
                if (b == 'n') {
                    return literal(NULL);
                }
                if (b != '-' && !isDigit(b)) {
                    return fail(lat ? BAD_LAT : BAD_LON);
                }
                if (!number(true)) {
                    return false;
                }
                final double v = number;
                if (lat) {
                    if (!(v >= -90 && v <= 90)) {
                        return fail(BAD_LAT);
                    }
                    out.lat = v;
                    latGiven = true;
                } else {
                    if (!(v >= -180 && v <= 180)) {
                        return fail(BAD_LON);
                    }
                    out.lon = v;
                    lonGiven = true;
                }
                return true;
            }
            case REQUEST_ID: {
                if (b == 'n') {
                    return literal(NULL);
                }
                if (b != '"') {
                    return fail(BAD_REQUEST_ID);
                }
                final int n = string(out.requestId, out.requestId.length);
                if (n < 0) {
                    return false;
                }
                if (n < 1 || n > out.requestId.length) {
                    return fail(BAD_REQUEST_ID);
                }
                for (int i = 0; i < n; i++) {
                    final byte c = out.requestId[i];
                    if (c < 0x20 || c > 0x7E) {
                        return fail(BAD_REQUEST_ID);
                    }
                }
                out.requestIdLength = n;
                return true;
            }
            default:
                throw new IllegalStateException("field " + field);
        }
    }

    private int fieldOf(final int nameLength) {
        if (nameLength > LONGEST_NAME) {
            return UNKNOWN;
        }
        for (int f = 0; f < NAME_BYTES.length; f++) {
            final byte[] name = NAME_BYTES[f];
            if (name.length == nameLength) {
                int i = 0;
                while (i < nameLength && name[i] == keyName[i]) {
                    i++;
                }
                if (i == nameLength) {
                    return f;
                }
            }
        }
        return UNKNOWN;
    }

    /** Skips whitespace, a ':' and whitespace; true if a value follows. */
    private boolean colon() {
        skipWhitespace();
        if (pos >= end) {
            return endOfInput();
        }
        if (in[pos] != ':') {
            return malformed(pos, "expected ':'");
        }
        pos++;
        skipWhitespace();
        return pos < end || endOfInput();
    }

    /** Validates and skips any value; {@code depth} is the nesting of the container holding it. */
    private boolean skipValue(final int depth) {
        if (pos >= end) {
            return endOfInput();
        }
        final byte b = in[pos];
        switch (b) {
            case '"':
                return string(null, 0) >= 0;
            case '{':
                return skipObject(depth + 1);
            case '[':
                return skipArray(depth + 1);
            case 't':
                return literal(TRUE);
            case 'f':
                return literal(FALSE);
            case 'n':
                return literal(NULL);
            default:
                if (b == '-' || isDigit(b)) {
                    return number(false);
                }
                return malformed(pos, "expected a value");
        }
    }

    private boolean skipObject(final int depth) {
        if (depth > MAX_DEPTH) {
            return malformed(pos, "nesting deeper than " + MAX_DEPTH + " levels");
        }
        pos++;
        skipWhitespace();
        if (pos < end && in[pos] == '}') {
            pos++;
            return true;
        }
        while (true) {
            if (pos >= end) {
                return endOfInput();
            }
            if (in[pos] != '"') {
                return malformed(pos, "expected '\"' to start a field name");
            }
            if (string(null, 0) < 0 || !colon() || !skipValue(depth)) {
                return false;
            }
            skipWhitespace();
            if (pos >= end) {
                return endOfInput();
            }
            final byte b = in[pos];
            pos++;
            if (b == '}') {
                return true;
            }
            if (b != ',') {
                return malformed(pos - 1, "expected ',' or '}'");
            }
            skipWhitespace();
        }
    }

    private boolean skipArray(final int depth) {
        if (depth > MAX_DEPTH) {
            return malformed(pos, "nesting deeper than " + MAX_DEPTH + " levels");
        }
        pos++;
        skipWhitespace();
        if (pos < end && in[pos] == ']') {
            pos++;
            return true;
        }
        while (true) {
            if (!skipValue(depth)) {
                return false;
            }
            skipWhitespace();
            if (pos >= end) {
                return endOfInput();
            }
            final byte b = in[pos];
            pos++;
            if (b == ']') {
                return true;
            }
            if (b != ',') {
                return malformed(pos - 1, "expected ',' or ']'");
            }
            skipWhitespace();
        }
    }

    /**
     * Parses the string whose opening quote is at {@code pos}, storing at most {@code cap} bytes of
     * its UTF-8 value in {@code dst} ({@code null}: validate only). Returns the value's length in
     * bytes, which may exceed {@code cap} (the excess is not stored), or -1 with the problem set.
     * Leaves the number of code points in {@link #codePoints}.
     */
    private int string(final byte[] dst, final int cap) {
        final byte[] in = this.in;
        final int end = this.end;
        int p = pos + 1;
        int n = 0;
        int count = 0;
        while (true) {
            if (p >= end) {
                return endOfInputAt();
            }
            final byte b = in[p];
            if (b == '"') {
                pos = p + 1;
                codePoints = count;
                return n;
            }
            if (b == '\\') {
                if (p + 1 >= end) {
                    return endOfInputAt();
                }
                final int c;
                switch (in[p + 1]) {
                    case '"': c = '"'; break;
                    case '\\': c = '\\'; break;
                    case '/': c = '/'; break;
                    case 'b': c = '\b'; break;
                    case 'f': c = '\f'; break;
                    case 'n': c = '\n'; break;
                    case 'r': c = '\r'; break;
                    case 't': c = '\t'; break;
                    case 'u': {
                        int cp = hex4(p + 2);
                        if (cp < 0) {
                            return -1;
                        }
                        if (cp >= 0xDC00 && cp <= 0xDFFF) {
                            return malformedAt(p, "lone surrogate in \\u escape");
                        }
                        int next = p + 6;
                        if (cp >= 0xD800 && cp <= 0xDBFF) {
                            if (next + 1 >= end) {
                                return next < end && in[next] != '\\'
                                        ? malformedAt(p, "lone surrogate in \\u escape") : endOfInputAt();
                            }
                            if (in[next] != '\\' || in[next + 1] != 'u') {
                                return malformedAt(p, "lone surrogate in \\u escape");
                            }
                            final int low = hex4(next + 2);
                            if (low < 0) {
                                return -1;
                            }
                            if (low < 0xDC00 || low > 0xDFFF) {
                                return malformedAt(p, "lone surrogate in \\u escape");
                            }
                            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                            next += 6;
                        }
                        n = putCodePoint(dst, cap, n, cp);
                        count++;
                        p = next;
                        continue;
                    }
                    default:
                        return malformedAt(p, "invalid escape");
                }
                if (dst != null && n < cap) {
                    dst[n] = (byte) c;
                }
                n++;
                count++;
                p += 2;
                continue;
            }
            if (b >= 0) {
                if (b < 0x20) {
                    return malformedAt(p, "control character in string");
                }
                if (dst != null && n < cap) {
                    dst[n] = b;
                }
                n++;
                count++;
                p++;
                continue;
            }
            final int length = utf8Length(p);
            if (length <= 0) {
                return length == 0 ? endOfInputAt() : malformedAt(p, "invalid UTF-8");
            }
            for (int i = 0; i < length; i++) {
                if (dst != null && n < cap) {
                    dst[n] = in[p + i];
                }
                n++;
            }
            count++;
            p += length;
        }
    }

    /** Value of the 4 hex digits at {@code p}, or -1 with the problem set. */
    private int hex4(final int p) {
        int v = 0;
        for (int i = p; i < p + 4; i++) {
            if (i >= end) {
                return endOfInputAt();
            }
            final int b = in[i];
            final int d;
            if (b >= '0' && b <= '9') {
                d = b - '0';
            } else if (b >= 'a' && b <= 'f') {
                d = b - 'a' + 10;
            } else if (b >= 'A' && b <= 'F') {
                d = b - 'A' + 10;
            } else {
                return malformedAt(i, "invalid \\u escape");
            }
            v = (v << 4) | d;
        }
        return v;
    }

    /**
     * Length of the well-formed UTF-8 sequence (RFC 3629: no overlong forms, surrogates or values
     * above U+10FFFF) that starts with the non-ASCII byte at {@code p}; -1 if ill-formed, 0 if the
     * input ends inside it.
     */
    private int utf8Length(final int p) {
        final int lead = in[p] & 0xFF;
        final int length;
        int min = 0x80;
        int max = 0xBF;
        if (lead >= 0xC2 && lead <= 0xDF) {
            length = 2;
        } else if (lead >= 0xE0 && lead <= 0xEF) {
            length = 3;
            if (lead == 0xE0) {
                min = 0xA0;
            } else if (lead == 0xED) {
                max = 0x9F;
            }
        } else if (lead >= 0xF0 && lead <= 0xF4) {
            length = 4;
            if (lead == 0xF0) {
                min = 0x90;
            } else if (lead == 0xF4) {
                max = 0x8F;
            }
        } else {
            return -1;
        }
        for (int i = 1; i < length; i++) {
            if (p + i >= end) {
                return 0;
            }
            final int c = in[p + i] & 0xFF;
            if (c < min || c > max) {
                return -1;
            }
            min = 0x80;
            max = 0xBF;
        }
        return length;
    }

    private static int putCodePoint(final byte[] dst, final int cap, final int n, final int cp) {
        if (cp < 0x80) {
            put(dst, cap, n, cp);
            return n + 1;
        }
        if (cp < 0x800) {
            put(dst, cap, n, 0xC0 | (cp >>> 6));
            put(dst, cap, n + 1, 0x80 | (cp & 0x3F));
            return n + 2;
        }
        if (cp < 0x10000) {
            put(dst, cap, n, 0xE0 | (cp >>> 12));
            put(dst, cap, n + 1, 0x80 | ((cp >>> 6) & 0x3F));
            put(dst, cap, n + 2, 0x80 | (cp & 0x3F));
            return n + 3;
        }
        put(dst, cap, n, 0xF0 | (cp >>> 18));
        put(dst, cap, n + 1, 0x80 | ((cp >>> 12) & 0x3F));
        put(dst, cap, n + 2, 0x80 | ((cp >>> 6) & 0x3F));
        put(dst, cap, n + 3, 0x80 | (cp & 0x3F));
        return n + 4;
    }

    private static void put(final byte[] dst, final int cap, final int n, final int v) {
        if (dst != null && n < cap) {
            dst[n] = (byte) v;
        }
    }

    /**
     * Parses the number at {@code pos} per the JSON grammar; with {@code convert}, leaves its value
     * in {@link #number}. A mantissa up to 2^53 with a decimal exponent within ±22 (every
     * coordinate with up to 15 digits) is converted by one correctly rounded multiply or divide by
     * an exact power of ten (Clinger's fast path); other numbers take {@link Double#parseDouble}.
     */
    private boolean number(final boolean convert) {
        final byte[] in = this.in;
        final int start = pos;
        int p = pos;
        boolean negative = false;
        if (in[p] == '-') {
            negative = true;
            p++;
        }
        if (p >= end) {
            return endOfInput();
        }
        long mantissa = 0;
        int digits = 0;
        int exponent = 0;
        boolean exact = true;
        byte b = in[p];
        if (b == '0') {
            p++;
            if (p < end && isDigit(in[p])) {
                return malformed(p, "leading zero in number");
            }
        } else if (b >= '1' && b <= '9') {
            while (p < end && isDigit(b = in[p])) {
                if (digits < MAX_MANTISSA_DIGITS) {
                    mantissa = mantissa * 10 + (b - '0');
                    digits++;
                } else {
                    exact = false;
                }
                p++;
            }
        } else {
            return malformed(p, "expected a digit");
        }
        if (p < end && in[p] == '.') {
            p++;
            if (p >= end) {
                return endOfInput();
            }
            if (!isDigit(in[p])) {
                return malformed(p, "expected a digit after '.'");
            }
            while (p < end && isDigit(b = in[p])) {
                if (digits < MAX_MANTISSA_DIGITS) {
                    mantissa = mantissa * 10 + (b - '0');
                    if (mantissa != 0) {
                        digits++;
                    }
                    exponent--;
                } else {
                    exact = false;
                }
                p++;
            }
        }
        if (p < end && (in[p] == 'e' || in[p] == 'E')) {
            p++;
            if (p >= end) {
                return endOfInput();
            }
            boolean negativeExponent = false;
            if (in[p] == '+' || in[p] == '-') {
                negativeExponent = in[p] == '-';
                p++;
                if (p >= end) {
                    return endOfInput();
                }
            }
            if (!isDigit(in[p])) {
                return malformed(p, "expected a digit in the exponent");
            }
            int e = 0;
            while (p < end && isDigit(b = in[p])) {
                if (e < 100_000) {
                    e = e * 10 + (b - '0');
                }
                p++;
            }
            exponent += negativeExponent ? -e : e;
        }
        pos = p;
        if (convert) {
            if (exact && mantissa == 0) {
                number = negative ? -0.0 : 0.0;
            } else if (exact && mantissa <= MAX_EXACT_MANTISSA && exponent >= -22 && exponent <= 22) {
                final double v = exponent >= 0 ? mantissa * POW10[exponent] : mantissa / POW10[-exponent];
                number = negative ? -v : v;
            } else {
                number = Double.parseDouble(new String(in, start, p - start, StandardCharsets.ISO_8859_1));
            }
        }
        return true;
    }

    private boolean literal(final byte[] word) {
        for (int i = 0; i < word.length; i++) {
            if (pos + i >= end) {
                return endOfInput();
            }
            if (in[pos + i] != word[i]) {
                return malformed(pos + i, "invalid literal (expected true, false or null)");
            }
        }
        pos += word.length;
        return true;
    }

    private void skipWhitespace() {
        final byte[] in = this.in;
        int p = pos;
        while (p < end) {
            final byte b = in[p];
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                break;
            }
            p++;
        }
        pos = p;
    }

    private static boolean isDigit(final byte b) {
        return b >= '0' && b <= '9';
    }

    private boolean fail(final String detail) {
        problem = detail;
        return false;
    }

    private boolean malformed(final int at, final String what) {
        problem = "malformed JSON at byte " + (at - base) + ": " + what;
        return false;
    }

    private int malformedAt(final int at, final String what) {
        malformed(at, what);
        return -1;
    }

    private boolean endOfInput() {
        return malformed(end, "unexpected end of input");
    }

    private int endOfInputAt() {
        endOfInput();
        return -1;
    }
}
