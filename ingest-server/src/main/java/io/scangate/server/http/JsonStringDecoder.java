package io.scangate.server.http;

/**
 * Decodes a JSON string at a {@link JsonCursor} straight into a caller's byte array as UTF-8:
 * escapes (surrogate pairs included) are resolved, raw bytes are checked to be well-formed UTF-8
 * (RFC 3629) without control characters, and code points are counted for length rules that are
 * in characters. It writes no more than the array's room and allocates nothing, so a parse of a
 * scan body needs no {@code String}.
 *
 * <p>Concurrency: not thread-safe; owned by one parser with its cursor.
 */
final class JsonStringDecoder {
    private static final String CONTROL_CHARACTER = "control character in string";
    private static final String INVALID_UTF8 = "invalid UTF-8";
    private static final String INVALID_ESCAPE = "invalid escape";
    private static final String INVALID_UNICODE_ESCAPE = "invalid \\u escape";
    private static final String LONE_SURROGATE = "lone surrogate in \\u escape";

    private final JsonCursor cursor;
    /** Code points of the last string decoded. */
    private int codePoints;

    JsonStringDecoder(final JsonCursor cursor) {
        this.cursor = cursor;
    }

    /** Code points (characters) of the last string decoded or skipped. */
    int codePoints() {
        return codePoints;
    }

    /** Validates and steps over the string whose opening quote is at the cursor; false with the problem set. */
    boolean skip() {
        return decode(null, 0) >= 0;
    }

    /**
     * Decodes the string whose opening quote is at the cursor and steps over it, storing at most
     * {@code cap} bytes of its UTF-8 value in {@code dst} ({@code null}: validate only). Returns the
     * value's length in bytes, which may exceed {@code cap} (the excess is not stored), or -1 with
     * the problem set. Leaves the number of code points in {@link #codePoints()}.
     */
    int decode(final byte[] dst, final int cap) {
        final byte[] in = cursor.bytes();
        final int end = cursor.end();
        int p = cursor.position() + 1;
        int n = 0;
        int count = 0;
        while (true) {
            if (p >= end) {
                return cursor.endOfInputAt();
            }
            final byte b = in[p];
            if (b == '"') {
                cursor.moveTo(p + 1);
                codePoints = count;
                return n;
            }
            if (b == '\\') {
                final int cp = escape(p);
                if (cp < 0) {
                    return -1;
                }
                n = putCodePoint(dst, cap, n, cp);
                p += escapeLength(in[p + 1], cp);
            } else if (b >= 0) {
                if (b < 0x20) {
                    return cursor.malformedAt(p, CONTROL_CHARACTER);
                }
                put(dst, cap, n, b);
                n++;
                p++;
            } else {
                final int length = utf8Length(p);
                if (length <= 0) {
                    return length == 0 ? cursor.endOfInputAt() : cursor.malformedAt(p, INVALID_UTF8);
                }
                n = copy(in, p, length, dst, cap, n);
                p += length;
            }
            count++;
        }
    }

    /** The code point of the escape whose backslash is at {@code p}, or -1 with the problem set. */
    private int escape(final int p) {
        if (p + 1 >= cursor.end()) {
            return cursor.endOfInputAt();
        }
        return switch (cursor.bytes()[p + 1]) {
            case '"' -> '"';
            case '\\' -> '\\';
            case '/' -> '/';
            case 'b' -> '\b';
            case 'f' -> '\f';
            case 'n' -> '\n';
            case 'r' -> '\r';
            case 't' -> '\t';
            case 'u' -> unicodeEscape(p);
            default -> cursor.malformedAt(p, INVALID_ESCAPE);
        };
    }

    /** Bytes of input taken by an escape of the given kind that decoded to {@code cp}. */
    private static int escapeLength(final byte kind, final int cp) {
        if (kind != 'u') {
            return 2;
        }
        return cp < 0x10000 ? 6 : 12; // a code point above the BMP came from a surrogate pair
    }

    /** The code point of the {@code \}{@code uXXXX} escape at {@code p}, with its low surrogate if it is a high one; or -1. */
    private int unicodeEscape(final int p) {
        final int cp = hex4(p + 2);
        if (cp < 0) {
            return -1;
        }
        if (cp >= 0xDC00 && cp <= 0xDFFF) {
            return cursor.malformedAt(p, LONE_SURROGATE);
        }
        if (cp < 0xD800 || cp > 0xDBFF) {
            return cp;
        }
        final byte[] in = cursor.bytes();
        final int next = p + 6;
        if (next + 1 >= cursor.end()) {
            return next < cursor.end() && in[next] != '\\' ? cursor.malformedAt(p, LONE_SURROGATE) : cursor.endOfInputAt();
        }
        if (in[next] != '\\' || in[next + 1] != 'u') {
            return cursor.malformedAt(p, LONE_SURROGATE);
        }
        final int low = hex4(next + 2);
        if (low < 0) {
            return -1;
        }
        if (low < 0xDC00 || low > 0xDFFF) {
            return cursor.malformedAt(p, LONE_SURROGATE);
        }
        return 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
    }

    /** Value of the 4 hex digits at {@code p}, or -1 with the problem set. */
    private int hex4(final int p) {
        final byte[] in = cursor.bytes();
        final int end = cursor.end();
        int v = 0;
        for (int i = p; i < p + 4; i++) {
            if (i >= end) {
                return cursor.endOfInputAt();
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
                return cursor.malformedAt(i, INVALID_UNICODE_ESCAPE);
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
        final byte[] in = cursor.bytes();
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
            if (p + i >= cursor.end()) {
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

    /** Copies the {@code length} bytes at {@code p} to {@code dst} from {@code n}, as far as {@code cap}; returns {@code n + length}. */
    private static int copy(final byte[] in, final int p, final int length, final byte[] dst, final int cap, final int n) {
        for (int i = 0; i < length; i++) {
            put(dst, cap, n + i, in[p + i]);
        }
        return n + length;
    }

    private static void put(final byte[] dst, final int cap, final int n, final int v) {
        if (dst != null && n < cap) {
            dst[n] = (byte) v;
        }
    }
}
