package io.scangate.verifier.ledger;

/**
 * ISO 3166 region codes ({@code CN}, {@code CN-31}, at most 6 ASCII characters) packed into a
 * long, big-endian, left-aligned: {@code "CN"} is {@code 0x434E000000000000}. 0 means no region.
 * Packed values compare like the strings, and a prefix test is a mask.
 */
public final class Regions {
    public static final int MAX_LENGTH = 6;
    public static final long NONE = 0;

    private Regions() {
    }

    public static long pack(final byte[] ascii, final int offset, final int length) {
        if (length > MAX_LENGTH) {
            throw new IllegalArgumentException("region longer than " + MAX_LENGTH + " characters");
        }
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (i < length ? ascii[offset + i] & 0xFF : 0);
        }
        return v;
    }

    /** Packs {@code region} (at most 6 ASCII characters); null or empty is {@link #NONE}. Allocation-free. */
    public static long pack(final String region) {
        if (region == null || region.isEmpty()) {
            return NONE;
        }
        if (region.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("region longer than " + MAX_LENGTH + " characters");
        }
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (i < region.length() ? region.charAt(i) & 0xFF : 0);
        }
        return v;
    }

    /** Number of characters in a packed region. */
    public static int length(final long packed) {
        return packed == 0 ? 0 : 8 - Long.numberOfTrailingZeros(packed) / 8;
    }

    /** Writes the characters of {@code packed} into {@code dst}; returns how many. */
    public static int unpack(final long packed, final byte[] dst, final int offset) {
        final int n = length(packed);
        for (int i = 0; i < n; i++) {
            dst[offset + i] = (byte) (packed >>> (56 - 8 * i));
        }
        return n;
    }

    /**
     * Whether {@code region} is {@code prefix} or one of its subdivisions: {@code CN} covers
     * {@code CN} and {@code CN-31}, not {@code CNX}; {@code CN-31} covers only itself.
     */
    public static boolean within(final long region, final long prefix) {
        final int n = length(prefix);
        if (n == 0) {
            return true;
        }
        final long mask = n == 8 ? -1L : -1L << (64 - 8 * n);
        return (region & mask) == prefix && (length(region) == n || (byte) (region >>> (56 - 8 * n)) == '-');
    }

    public static String toString(final long packed) {
        if (packed == NONE) {
            return null;
        }
        final byte[] b = new byte[8];
        return new String(b, 0, unpack(packed, b, 0), java.nio.charset.StandardCharsets.US_ASCII);
    }
}
