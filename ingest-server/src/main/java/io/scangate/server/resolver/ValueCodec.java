package io.scangate.server.resolver;

import java.math.BigInteger;

/**
 * The variable-length text values of GS1 Digital Link compression (the toolkit's
 * {@code determineEncoding}, {@code handleEncodings}, {@code handleDecodings}): a 3-bit encoding
 * indicator, a length field, then the characters: 0 = digits as one binary number, 1 = lower-case
 * hex (4 bits each), 2 = upper-case hex, 3 = base64url (6 bits each), 4 = ASCII (7 bits each).
 *
 * <p>One deliberate difference: an all-digit value with leading zeros (e.g. lot {@code 0012}) is
 * read back padded to its declared length, {@code 0012}. The toolkit reads {@code 12} there (it
 * drops the zeros with {@code parseInt}), which loses data; what it writes is the same.
 */
final class ValueCodec {
    private static final int DIGITS = 0;
    private static final int HEX_LOWER = 1;
    private static final int HEX_UPPER = 2;
    private static final int BASE64 = 3;
    private static final int ASCII = 4;

    private ValueCodec() {
    }

    /** Writes indicator, length in {@code lengthBits} bits and {@code value}; the value must be ASCII. */
    static void write(final BitWriter out, final String value, final int lengthBits) {
        final int enc = encoding(value);
        out.write(enc, 3).write(value.length(), lengthBits);
        if (enc == DIGITS) {
            out.write(new BigInteger(value), CompressionTables.valueBits(value.length()));
            return;
        }
        for (int i = 0; i < value.length(); i++) {
            final char c = value.charAt(i);
            if (enc == ASCII) {
                if (c >= 0x80) {
                    throw new IllegalArgumentException("not ASCII: U+" + Integer.toHexString(c));
                }
                out.write(c, 7);
            } else if (enc == BASE64) {
                out.write(CompressionTables.BASE64URL.indexOf(c), 6);
            } else {
                out.write(CompressionTables.HEX.indexOf(Character.toUpperCase(c)), 4);
            }
        }
    }

    /** Reads what {@link #write} wrote with the same {@code lengthBits}. */
    static String read(final BitReader in, final int lengthBits) throws DigitalLinkException {
        final int enc = in.read(3);
        final int n = in.read(lengthBits);
        if (enc == DIGITS) {
            final String digits = in.readBig(CompressionTables.valueBits(n)).toString();
            if (digits.length() > n) {
                throw DigitalLinkException.of("compressed Digital Link: a numeric value overflows its "
                        + n + " digits");
            }
            return "0".repeat(n - digits.length()) + digits;
        }
        if (enc > ASCII) {
            throw DigitalLinkException.of("compressed Digital Link: unknown value encoding " + enc);
        }
        final StringBuilder s = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            if (enc == ASCII) {
                s.append((char) in.read(7));
            } else if (enc == BASE64) {
                s.append(CompressionTables.BASE64URL.charAt(in.read(6)));
            } else {
                final char h = CompressionTables.HEX.charAt(in.read(4));
                s.append(enc == HEX_LOWER ? Character.toLowerCase(h) : h);
            }
        }
        return s.toString();
    }

    /** The toolkit's choice: digits, else upper hex, else lower hex, else base64url, else ASCII. */
    static int encoding(final String value) {
        if (value.isEmpty()) {
            return ASCII;
        }
        if (value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return DIGITS;
        }
        if (value.chars().allMatch(c -> c >= '0' && c <= '9' || c >= 'A' && c <= 'F')) {
            return HEX_UPPER;
        }
        if (value.chars().allMatch(c -> c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
            return HEX_LOWER;
        }
        return value.chars().allMatch(c -> c < 0x80 && CompressionTables.BASE64URL.indexOf(c) >= 0) ? BASE64 : ASCII;
    }
}
