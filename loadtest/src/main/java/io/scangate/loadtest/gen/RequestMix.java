package io.scangate.loadtest.gen;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Decides what the {@code n}-th request of a run carries: a fresh code (the next one of the codes
 * file, in order) or, with probability {@code repeatRatio}, a repeat of a code already handed out
 * (uniform over those); with probability {@code forgedRatio} one character of that code changed to
 * another Crockford character (so a scangate server answers {@code FORGED}); and one of
 * {@code deviceCount} devices, uniformly.
 *
 * <p>The coin flips for request {@code n} are a stateless hash of {@code (seed, n)}; only the fresh
 * cursor is shared state. When the fresh codes run out the cursor wraps to the first code again and
 * the choice is flagged, so the report can say so.
 *
 * <p>Concurrency: shared by all event loops; the fresh cursor is atomic, everything else is
 * immutable. Each caller passes its own {@link Choice} to fill.
 */
final class RequestMix {
    static final long GOLDEN = 0x9E37_79B9_7F4A_7C15L;
    private static final double UNIT = 0x1.0p-53;

    private final AsciiTable codes;
    private final double repeatRatio;
    private final double forgedRatio;
    private final int deviceCount;
    private final long seed;
    private final AtomicLong freshCursor = new AtomicLong();
    /** Normalised Crockford value of each ASCII byte, -1 where the byte is not a code character. */
    private static final byte[] VALUE = new byte[128];

    static {
        Arrays.fill(VALUE, (byte) -1);
        for (int v = 0; v < AsciiTable.CROCKFORD.length; v++) {
            final byte c = AsciiTable.CROCKFORD[v];
            VALUE[c] = (byte) v;
            if (c >= 'A' && c <= 'Z') {
                VALUE[c + ('a' - 'A')] = (byte) v;
            }
        }
        VALUE['O'] = 0;
        VALUE['o'] = 0;
        VALUE['I'] = 1;
        VALUE['i'] = 1;
        VALUE['L'] = 1;
        VALUE['l'] = 1;
    }

    RequestMix(final AsciiTable codes, final double repeatRatio, final double forgedRatio, final int deviceCount, final long seed) {
        this.codes = codes;
        this.repeatRatio = repeatRatio;
        this.forgedRatio = forgedRatio;
        this.deviceCount = deviceCount;
        this.seed = seed;
    }

    /** What one request carries; reused by its owner, one per connection. */
    static final class Choice {
        int code;
        int device;
        /** Offset of the changed character in the code, or -1 if the code is sent as issued. */
        int forgedOffset = -1;
        byte forgedChar;
        boolean repeat;
        /** A fresh code taken after the codes ran out: in fact a repeat. */
        boolean wrapped;
    }

    /** Fills {@code c} for request number {@code n} (0-based, unique within the run). */
    void choose(final long n, final Choice c) {
        final long h1 = mix64(seed + (n + 1) * GOLDEN);
        final long h2 = mix64(h1);
        final long h3 = mix64(h2);
        final long h4 = mix64(h3);
        final long issued = Math.min(freshCursor.get(), codes.size());
        if (issued > 0 && unit(h1) < repeatRatio) {
            c.code = (int) Long.remainderUnsigned(h2, issued);
            c.repeat = true;
            c.wrapped = false;
        } else {
            final long fresh = freshCursor.getAndIncrement();
            c.code = (int) (fresh % codes.size());
            c.repeat = false;
            c.wrapped = fresh >= codes.size();
        }
        c.device = (int) Long.remainderUnsigned(h4, deviceCount);
        c.forgedOffset = -1;
        if (forgedRatio > 0 && unit(h3) < forgedRatio) {
            forge(c, h4 >>> 32);
        }
    }

    /** Picks a code character (starting at a random offset) and a different Crockford value for it. */
    private void forge(final Choice c, final long r) {
        final int length = codes.length(c.code);
        final int from = (int) ((r & 0xffff) % length);
        for (int k = 0; k < length; k++) {
            final int offset = (from + k) % length;
            final int value = VALUE[codes.byteAt(c.code, offset) & 0x7f];
            if (value >= 0) {
                final int step = 1 + (int) ((r >>> 16) % 31);
                c.forgedOffset = offset;
                c.forgedChar = AsciiTable.CROCKFORD[(value + step) & 31];
                return;
            }
        }
    }

    private static double unit(final long h) {
        return (h >>> 11) * UNIT;
    }

    /** SplitMix64's finaliser: a bijective 64-bit mix. */
    static long mix64(final long z0) {
        long z = z0;
        z = (z ^ (z >>> 30)) * 0xBF58_476D_1CE4_E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D0_49BB_1331_11EBL;
        return z ^ (z >>> 31);
    }
}
