package io.scangate.server.resolver;

import java.math.BigInteger;

/** Reads big-endian bit fields from the bits a base64url string spells (6 bits a character). */
final class BitReader {
    private final boolean[] bits;
    private int cursor;

    private BitReader(final boolean[] bits) {
        this.bits = bits;
    }

    /** The bits of {@code text}, each character its index in {@link CompressionTables#BASE64URL}. */
    static BitReader ofBase64Url(final String text) throws DigitalLinkException {
        final boolean[] bits = new boolean[text.length() * 6];
        for (int i = 0; i < text.length(); i++) {
            final int v = CompressionTables.BASE64URL.indexOf(text.charAt(i));
            if (v < 0) {
                throw DigitalLinkException.of("compressed Digital Link: character " + (i + 1)
                        + " is not base64url");
            }
            for (int b = 0; b < 6; b++) {
                bits[i * 6 + b] = (v >> (5 - b) & 1) == 1;
            }
        }
        return new BitReader(bits);
    }

    /** How many bits are left. */
    int remaining() {
        return bits.length - cursor;
    }

    /** The next {@code n} bits (at most 31) as an unsigned number. */
    int read(final int n) throws DigitalLinkException {
        need(n);
        int v = 0;
        for (int i = 0; i < n; i++) {
            v = v << 1 | (bits[cursor++] ? 1 : 0);
        }
        return v;
    }

    /** The next {@code n} bits as an unsigned number of any size. */
    BigInteger readBig(final int n) throws DigitalLinkException {
        need(n);
        final StringBuilder s = new StringBuilder(n + 1).append('0');
        for (int i = 0; i < n; i++) {
            s.append(bits[cursor++] ? '1' : '0');
        }
        return new BigInteger(s.toString(), 2);
    }

    private void need(final int n) throws DigitalLinkException {
        if (n > remaining()) {
            throw DigitalLinkException.of("compressed Digital Link: truncated, " + n + " more bits needed at bit "
                    + cursor + " of " + bits.length);
        }
    }
}
