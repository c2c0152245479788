package io.scangate.loadtest.bench;

import java.util.SplittableRandom;

import io.scangate.verifier.code.CodeFormat;
import io.scangate.verifier.code.KeyRing;

/**
 * Fixed secrets and seeded random inputs shared by the benchmarks, so every run measures the same
 * data. Not a test fixture for correctness: only for sizing and ordering inputs.
 */
final class Fixtures {
    static final int KEY_ID = 1;
    static final long K0 = 0x0706050403020100L;
    static final long K1 = 0x0f0e0d0c0b0a0908L;
    static final long SEED = 0x5ca9_6a7eL;

    private Fixtures() {
    }

    static KeyRing keyRing() {
        return KeyRing.of(KEY_ID, K0, K1);
    }

    /** Code id of serial {@code serial} under the benchmark key. */
    static long codeId(final long serial) {
        return CodeFormat.codeId(KEY_ID, serial);
    }

    /**
     * {@code count} code ids drawn uniformly, with replacement, from serials
     * {@code [firstSerial, firstSerial + range)}: a random walk over a large key space, so every
     * lookup misses the CPU caches as a real scan stream would.
     */
    static long[] randomCodeIds(final int count, final long firstSerial, final long range) {
        final SplittableRandom random = new SplittableRandom(SEED);
        final long[] ids = new long[count];
        for (int i = 0; i < count; i++) {
            ids[i] = codeId(firstSerial + random.nextLong(range));
        }
        return ids;
    }

    /** Serials {@code [firstSerial, firstSerial + count)} in a seeded random order. */
    static long[] shuffledCodeIds(final long firstSerial, final int count) {
        final long[] ids = new long[count];
        for (int i = 0; i < count; i++) {
            ids[i] = codeId(firstSerial + i);
        }
        final SplittableRandom random = new SplittableRandom(SEED);
        for (int i = count - 1; i > 0; i--) {
            final int j = random.nextInt(i + 1);
            final long t = ids[i];
            ids[i] = ids[j];
            ids[j] = t;
        }
        return ids;
    }

    /** {@code count} random 64-bit values (device hashes and the like). */
    static long[] randomLongs(final int count, final long seed) {
        final SplittableRandom random = new SplittableRandom(seed);
        final long[] values = new long[count];
        for (int i = 0; i < count; i++) {
            values[i] = random.nextLong();
        }
        return values;
    }
}
