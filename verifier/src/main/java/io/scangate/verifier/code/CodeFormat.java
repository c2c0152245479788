package io.scangate.verifier.code;

/**
 * The printed form of a code: 20 characters of Crockford base32 carrying 100 bits.
 *
 * <pre>
 *   99        92 91                                48 47                               0
 *  +------------+------------------------------------+----------------------------------+
 *  | key id (8) |            serial (44)             |             tag (48)             |
 *  +------------+------------------------------------+----------------------------------+
 *   first character = bits 99..95, last character = bits 4..0
 * </pre>
 *
 * The upper 52 bits ({@code key id | serial}) are the code id, the ledger's key. Input is
 * normalised first: upper-cased, {@code -} and spaces dropped, {@code O}→{@code 0},
 * {@code I}/{@code L}→{@code 1}. {@code U} and anything outside the alphabet are refused.
 */
public final class CodeFormat {
    /** Characters in a normalised code. */
    public static final int LENGTH = 20;
    /** Longest raw input accepted before normalisation (separators included). */
    public static final int MAX_RAW_LENGTH = 64;
    public static final int KEY_ID_BITS = 8;
    public static final int SERIAL_BITS = 44;
    public static final int TAG_BITS = 48;
    public static final long MAX_SERIAL = (1L << SERIAL_BITS) - 1;
    public static final long TAG_MASK = (1L << TAG_BITS) - 1;
    public static final long CODE_ID_MASK = (1L << (KEY_ID_BITS + SERIAL_BITS)) - 1;

    /** Decoding outcomes. */
    public static final int OK = 0;
    public static final int BAD_LENGTH = 1;
    public static final int BAD_CHARACTER = 2;

    private static final byte[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte SKIP = -2;
    private static final byte INVALID = -1;
    private static final byte[] DECODE = new byte[128];

    static {
        java.util.Arrays.fill(DECODE, INVALID);
        for (int i = 0; i < ALPHABET.length; i++) {
            DECODE[ALPHABET[i]] = (byte) i;
            DECODE[Character.toLowerCase(ALPHABET[i])] = (byte) i;
        }
        DECODE['O'] = 0;
        DECODE['o'] = 0;
        DECODE['I'] = 1;
        DECODE['i'] = 1;
        DECODE['L'] = 1;
        DECODE['l'] = 1;
        DECODE['-'] = SKIP;
        DECODE[' '] = SKIP;
    }

    private CodeFormat() {
    }

    /** Code id (ledger key) of key id and serial. */
    public static long codeId(final int keyId, final long serial) {
        if (keyId < 0 || keyId > 255 || serial < 0 || serial > MAX_SERIAL) {
            throw new IllegalArgumentException("key id must be 0..255 and serial 0.." + MAX_SERIAL + ", were " + keyId + ", " + serial);
        }
        return ((long) keyId << SERIAL_BITS) | serial;
    }

    public static int keyIdOf(final long codeId) {
        return (int) (codeId >>> SERIAL_BITS);
    }

    public static long serialOf(final long codeId) {
        return codeId & MAX_SERIAL;
    }

    /**
     * Decodes raw ASCII input into {@code into}. Returns {@link #OK}, {@link #BAD_LENGTH} or
     * {@link #BAD_CHARACTER}; on failure {@code into} is left unchanged.
     */
    public static int decode(final byte[] src, final int offset, final int length, final ParsedCode into) {
        if (length > MAX_RAW_LENGTH) {
            return BAD_LENGTH;
        }
        long high = 0; // bits 99..48: code id
        long low = 0;  // bits 47..0: tag
        int digits = 0;
        for (int i = offset, end = offset + length; i < end; i++) {
            final int c = src[i];
            if (c < 0) {
                return BAD_CHARACTER;
            }
            final int v = DECODE[c];
            if (v == SKIP) {
                continue;
            }
            if (v == INVALID) {
                return BAD_CHARACTER;
            }
            if (++digits > LENGTH) {
                return BAD_LENGTH;
            }
            high = ((high << 5) | (low >>> (TAG_BITS - 5))) & CODE_ID_MASK;
            low = ((low << 5) | v) & TAG_MASK;
        }
        if (digits != LENGTH) {
            return BAD_LENGTH;
        }
        into.set(high, low);
        return OK;
    }

    /** Decodes a character sequence; see {@link #decode(byte[], int, int, ParsedCode)}. */
    public static int decode(final CharSequence text, final ParsedCode into) {
        final int length = text.length();
        if (length > MAX_RAW_LENGTH) {
            return BAD_LENGTH;
        }
        final byte[] ascii = new byte[length];
        for (int i = 0; i < length; i++) {
            final char c = text.charAt(i);
            ascii[i] = c < 128 ? (byte) c : (byte) -1;
        }
        return decode(ascii, 0, length, into);
    }

    /** Writes the 20 normalised characters of (code id, tag) into {@code dst} at {@code offset}. */
    public static void encode(final long codeId, final long tag, final byte[] dst, final int offset) {
        long high = codeId;
        long low = tag;
        for (int i = LENGTH - 1; i >= 0; i--) {
            dst[offset + i] = ALPHABET[(int) (low & 31)];
            low = (low >>> 5) | ((high & 31) << (TAG_BITS - 5));
            high >>>= 5;
        }
    }

    /** The normalised text of (code id, tag). */
    public static String toText(final long codeId, final long tag) {
        final byte[] out = new byte[LENGTH];
        encode(codeId, tag, out, 0);
        return new String(out, java.nio.charset.StandardCharsets.US_ASCII);
    }
}
