package io.scangate.server.resolver;

import java.math.BigInteger;

/** Collects big-endian bit fields and spells them in base64url, zero-padded to whole characters. */
final class BitWriter {
    private final StringBuilder bits = new StringBuilder(128);

    /** Appends the low {@code n} bits of {@code value}, most significant first. */
    BitWriter write(final long value, final int n) {
        for (int i = n - 1; i >= 0; i--) {
            bits.append((value >> i & 1) == 1 ? '1' : '0');
        }
        return this;
    }

    /** Appends {@code value} in {@code n} bits; it must fit. */
    BitWriter write(final BigInteger value, final int n) {
        if (value.bitLength() > n) {
            throw new IllegalArgumentException(value + " does not fit in " + n + " bits");
        }
        for (int i = n - 1; i >= 0; i--) {
            bits.append(value.testBit(i) ? '1' : '0');
        }
        return this;
    }

    /** The bits written so far, as {@code 0} and {@code 1} characters. */
    String bits() {
        return bits.toString();
    }

    /** The bits in base64url (GS1's {@code bin2base64}): right-padded with zeros to a multiple of 6. */
    String toBase64Url() {
        final StringBuilder out = new StringBuilder(bits.length() / 6 + 1);
        for (int i = 0; i < bits.length(); i += 6) {
            int v = 0;
            for (int b = 0; b < 6; b++) {
                v = v << 1 | (i + b < bits.length() && bits.charAt(i + b) == '1' ? 1 : 0);
            }
            out.append(CompressionTables.BASE64URL.charAt(v));
        }
        return out.toString();
    }
}
