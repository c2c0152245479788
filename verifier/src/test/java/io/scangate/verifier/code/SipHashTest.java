package io.scangate.verifier.code;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class SipHashTest {
    /** The reference key of the SipHash paper and its vectors.h: bytes 00 01 02 .. 0f. */
    private static final byte[] REFERENCE_KEY = sequence(16);

    /**
     * The first 16 outputs of the reference implementation's vectors.h (SipHash-2-4, 64-bit
     * output): entry {@code n} is the hash of the message {@code 00 01 .. n-1}, as the 8 output
     * bytes in the order the reference writes them (little-endian).
     */
    private static final int[][] REFERENCE_VECTORS = {
        {0x31, 0x0e, 0x0e, 0xdd, 0x47, 0xdb, 0x6f, 0x72},
        {0xfd, 0x67, 0xdc, 0x93, 0xc5, 0x39, 0xf8, 0x74},
        {0x5a, 0x4f, 0xa9, 0xd9, 0x09, 0x80, 0x6c, 0x0d},
        {0x2d, 0x7e, 0xfb, 0xd7, 0x96, 0x66, 0x67, 0x85},
        {0xb7, 0x87, 0x71, 0x27, 0xe0, 0x94, 0x27, 0xcf},
        {0x8d, 0xa6, 0x99, 0xcd, 0x64, 0x55, 0x76, 0x18},
        {0xce, 0xe3, 0xfe, 0x58, 0x6e, 0x46, 0xc9, 0xcb},
        {0x37, 0xd1, 0x01, 0x8b, 0xf5, 0x00, 0x02, 0xab},
        {0x62, 0x24, 0x93, 0x9a, 0x79, 0xf5, 0xf5, 0x93},
        {0xb0, 0xe4, 0xa9, 0x0b, 0xdf, 0x82, 0x00, 0x9e},
        {0xf3, 0xb9, 0xdd, 0x94, 0xc5, 0xbb, 0x5d, 0x7a},
        {0xa7, 0xad, 0x6b, 0x22, 0x46, 0x2f, 0xb3, 0xf4},
        {0xfb, 0xe5, 0x0e, 0x86, 0xbc, 0x8f, 0x1e, 0x75},
        {0x90, 0x3d, 0x84, 0xc0, 0x27, 0x56, 0xea, 0x14},
        {0xee, 0xf2, 0x7a, 0x8e, 0x90, 0xca, 0x23, 0xf7},
        {0xe5, 0x45, 0xbe, 0x49, 0x61, 0xca, 0x29, 0xa1},
    };

    @Test
    void shouldMatchTheReferenceVectorForTheEightByteMessage() {
        final long k0 = readLittleEndian(REFERENCE_KEY, 0);
        final long k1 = readLittleEndian(REFERENCE_KEY, 8);
        final long m = readLittleEndian(sequence(8), 0);
        assertEquals(0x0706050403020100L, k0);
        assertEquals(0x0f0e0d0c0b0a0908L, k1);
        assertEquals(0x0706050403020100L, m);

        final long expected = readLittleEndian(toBytes(REFERENCE_VECTORS[8]), 0);
        assertEquals(0x93f5f5799a932462L, expected);
        assertEquals(expected, SipHash.hash(k0, k1, m));
    }

    @Test
    void shouldHaveATestOracleThatReproducesTheReferenceVectors() {
        for (int n = 0; n < REFERENCE_VECTORS.length; n++) {
            final long expected = readLittleEndian(toBytes(REFERENCE_VECTORS[n]), 0);
            assertEquals(expected, referenceSipHash24(REFERENCE_KEY, sequence(n)), "vector for a message of " + n + " bytes");
        }
    }

    @Test
    void shouldEqualTheReferenceAlgorithmOverTheEightLittleEndianBytesOfTheMessage() {
        final SplittableRandom random = new SplittableRandom(20261123L);
        final byte[] key = new byte[16];
        final byte[] message = new byte[8];
        for (int i = 0; i < 10_000; i++) {
            final long k0 = random.nextLong();
            final long k1 = random.nextLong();
            final long m = random.nextLong();
            writeLittleEndian(key, 0, k0);
            writeLittleEndian(key, 8, k1);
            writeLittleEndian(message, 0, m);
            assertEquals(referenceSipHash24(key, message), SipHash.hash(k0, k1, m),
                () -> "k0=" + Long.toHexString(k0) + " k1=" + Long.toHexString(k1) + " m=" + Long.toHexString(m));
        }
    }

    @Test
    void shouldDependOnEveryKeyAndMessageBit() {
        final long k0 = 0x0706050403020100L;
        final long k1 = 0x0f0e0d0c0b0a0908L;
        final long m = 0x0706050403020100L;
        final long base = SipHash.hash(k0, k1, m);
        for (int bit = 0; bit < 64; bit++) {
            final long flip = 1L << bit;
            assertNotEquals(base, SipHash.hash(k0 ^ flip, k1, m), "k0 bit " + bit);
            assertNotEquals(base, SipHash.hash(k0, k1 ^ flip, m), "k1 bit " + bit);
            assertNotEquals(base, SipHash.hash(k0, k1, m ^ flip), "m bit " + bit);
        }
    }

    /** A byte-oriented transcription of the reference C implementation (siphash.c), any length. */
    private static long referenceSipHash24(final byte[] key, final byte[] in) {
        final long k0 = readLittleEndian(key, 0);
        final long k1 = readLittleEndian(key, 8);
        final long[] v = {
            0x736f6d6570736575L ^ k0,
            0x646f72616e646f6dL ^ k1,
            0x6c7967656e657261L ^ k0,
            0x7465646279746573L ^ k1,
        };
        final int end = in.length - (in.length % 8);
        for (int i = 0; i < end; i += 8) {
            final long m = readLittleEndian(in, i);
            v[3] ^= m;
            sipRound(v);
            sipRound(v);
            v[0] ^= m;
        }
        long b = ((long) in.length) << 56;
        for (int i = in.length - 1; i >= end; i--) {
            b |= (in[i] & 0xFFL) << (8 * (i - end));
        }
        v[3] ^= b;
        sipRound(v);
        sipRound(v);
        v[0] ^= b;
        v[2] ^= 0xff;
        for (int i = 0; i < 4; i++) {
            sipRound(v);
        }
        return v[0] ^ v[1] ^ v[2] ^ v[3];
    }

    private static void sipRound(final long[] v) {
        v[0] += v[1];
        v[1] = Long.rotateLeft(v[1], 13);
        v[1] ^= v[0];
        v[0] = Long.rotateLeft(v[0], 32);
        v[2] += v[3];
        v[3] = Long.rotateLeft(v[3], 16);
        v[3] ^= v[2];
        v[0] += v[3];
        v[3] = Long.rotateLeft(v[3], 21);
        v[3] ^= v[0];
        v[2] += v[1];
        v[1] = Long.rotateLeft(v[1], 17);
        v[1] ^= v[2];
        v[2] = Long.rotateLeft(v[2], 32);
    }

    private static byte[] sequence(final int n) {
        final byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) i;
        }
        return b;
    }

    private static byte[] toBytes(final int[] values) {
        final byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    private static long readLittleEndian(final byte[] b, final int offset) {
        long v = 0;
        for (int i = 7; i >= 0; i--) {
            v = (v << 8) | (b[offset + i] & 0xFFL);
        }
        return v;
    }

    private static void writeLittleEndian(final byte[] b, final int offset, final long v) {
        for (int i = 0; i < 8; i++) {
            b[offset + i] = (byte) (v >>> (8 * i));
        }
    }
}
