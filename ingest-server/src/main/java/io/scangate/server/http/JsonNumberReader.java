package io.scangate.server.http;

import java.nio.charset.StandardCharsets;

/**
 * Reads a JSON number (RFC 8259 grammar: no leading zeros, no '+', no bare '.') at a
 * {@link JsonCursor} and converts it to the nearest double without making text of it. A mantissa
 * up to 2^53 with a decimal exponent within ±22 (every coordinate with up to 15 digits) is
 * converted by one correctly rounded multiply or divide by an exact power of ten (Clinger's fast
 * path), allocating nothing; a rare longer or huge-exponent number takes {@link Double#parseDouble}.
 *
 * <p>Concurrency: not thread-safe; owned by one parser with its cursor.
 */
final class JsonNumberReader {
    private static final String LEADING_ZERO = "leading zero in number";
    private static final String EXPECTED_DIGIT = "expected a digit";
    private static final String EXPECTED_FRACTION_DIGIT = "expected a digit after '.'";
    private static final String EXPECTED_EXPONENT_DIGIT = "expected a digit in the exponent";

    /** Powers of ten that are exact doubles: a product or quotient with one is correctly rounded. */
    private static final double[] POW10 = {
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    };
    /** Largest power of ten in {@link #POW10}. */
    private static final int MAX_EXACT_POWER = 22;
    private static final long MAX_EXACT_MANTISSA = 1L << 53;
    /** Significant digits kept in the mantissa; more send the number to the slow path. */
    private static final int MAX_MANTISSA_DIGITS = 18;
    /** Exponent digits stop accumulating here, so the int cannot overflow; such a number takes the slow path. */
    private static final int MAX_EXPONENT = 100_000;

    private final JsonCursor cursor;
    /** Value of the last number read with {@link #read()}. */
    private double value;
    /** The number being read: its significant digits (at most {@link #MAX_MANTISSA_DIGITS}) and their count. */
    private long mantissa;
    private int digits;
    /** The number being read: the power of ten {@link #mantissa} is to be multiplied by. */
    private int exponent;
    /** The number being read: false once a significant digit did not fit in {@link #mantissa}. */
    private boolean exact;

    JsonNumberReader(final JsonCursor cursor) {
        this.cursor = cursor;
    }

    /** True if {@code b} can start a JSON number: '-' or a digit. */
    static boolean startsNumber(final byte b) {
        return b == '-' || isDigit(b);
    }

    /**
     * Reads and steps over the number at the cursor (a byte for which {@link #startsNumber} holds)
     * and leaves its value in {@link #value()}; false with the problem set.
     */
    boolean read() {
        return scan(true);
    }

    /** Validates and steps over the number at the cursor, as {@link #read()} without the conversion. */
    boolean skip() {
        return scan(false);
    }

    /** The value of the last number read: the double nearest to it, as {@link Double#parseDouble} gives. */
    double value() {
        return value;
    }

    private boolean scan(final boolean convert) {
        final byte[] in = cursor.bytes();
        final int end = cursor.end();
        final int start = cursor.position();
        final boolean negative = in[start] == '-';
        final int digitsStart = negative ? start + 1 : start;
        if (digitsStart >= end) {
            return cursor.endOfInput();
        }
        mantissa = 0;
        digits = 0;
        exponent = 0;
        exact = true;
        int p = integerPart(in, digitsStart, end);
        if (p >= 0 && p < end && in[p] == '.') {
            p = fractionPart(in, p + 1, end);
        }
        if (p >= 0 && p < end && (in[p] == 'e' || in[p] == 'E')) {
            p = exponentPart(in, p + 1, end);
        }
        if (p < 0) {
            return false;
        }
        cursor.moveTo(p);
        if (convert) {
            value = toDouble(in, start, p, negative);
        }
        return true;
    }

    /** Reads the integer part starting at {@code from} (not the end); returns the position after it, or -1. */
    private int integerPart(final byte[] in, final int from, final int end) {
        byte b = in[from];
        if (b == '0') {
            final int p = from + 1;
            return p < end && isDigit(in[p]) ? cursor.malformedAt(p, LEADING_ZERO) : p;
        }
        if (b < '1' || b > '9') {
            return cursor.malformedAt(from, EXPECTED_DIGIT);
        }
        long m = 0;
        int d = 0;
        boolean x = true;
        int p = from;
        while (p < end && isDigit(b = in[p])) {
            if (d < MAX_MANTISSA_DIGITS) {
                m = m * 10 + (b - '0');
                d++;
            } else {
                x = false;
            }
            p++;
        }
        mantissa = m;
        digits = d;
        exact = x;
        return p;
    }

    /** Reads the digits of the fraction starting at {@code from}, after the '.'; returns the position after them, or -1. */
    private int fractionPart(final byte[] in, final int from, final int end) {
        if (from >= end) {
            return cursor.endOfInputAt();
        }
        if (!isDigit(in[from])) {
            return cursor.malformedAt(from, EXPECTED_FRACTION_DIGIT);
        }
        long m = mantissa;
        int d = digits;
        int e = exponent;
        boolean x = exact;
        int p = from;
        byte b;
        while (p < end && isDigit(b = in[p])) {
            if (d < MAX_MANTISSA_DIGITS) {
                m = m * 10 + (b - '0');
                if (m != 0) {
                    d++; // leading zeros of the fraction are not significant
                }
                e--;
            } else {
                x = false;
            }
            p++;
        }
        mantissa = m;
        digits = d;
        exponent = e;
        exact = x;
        return p;
    }

    /** Reads the exponent starting at {@code from}, after the 'e' or 'E'; returns the position after it, or -1. */
    private int exponentPart(final byte[] in, final int from, final int end) {
        if (from >= end) {
            return cursor.endOfInputAt();
        }
        int p = from;
        final boolean negative = in[p] == '-';
        if (negative || in[p] == '+') {
            p++;
            if (p >= end) {
                return cursor.endOfInputAt();
            }
        }
        if (!isDigit(in[p])) {
            return cursor.malformedAt(p, EXPECTED_EXPONENT_DIGIT);
        }
        int e = 0;
        byte b;
        while (p < end && isDigit(b = in[p])) {
            if (e < MAX_EXPONENT) {
                e = e * 10 + (b - '0');
            }
            p++;
        }
        exponent += negative ? -e : e;
        return p;
    }

    /** The double nearest to the number read from {@code start} to {@code end}. */
    private double toDouble(final byte[] in, final int start, final int end, final boolean negative) {
        if (exact && mantissa == 0) {
            return negative ? -0.0 : 0.0;
        }
        if (exact && mantissa <= MAX_EXACT_MANTISSA && exponent >= -MAX_EXACT_POWER && exponent <= MAX_EXACT_POWER) {
            final double v = exponent >= 0 ? mantissa * POW10[exponent] : mantissa / POW10[-exponent];
            return negative ? -v : v;
        }
        return Double.parseDouble(new String(in, start, end - start, StandardCharsets.ISO_8859_1));
    }


    private static boolean isDigit(final byte b) {
        return b >= '0' && b <= '9';
    }
}
