package io.scangate.verifier.journal;

/**
 * A place in the journal packed into one comparable long: {@code segment << 32 | offset}.
 * Later positions compare greater.
 */
public final class JournalPosition {
    private JournalPosition() {
    }

    public static long of(final int segment, final int offset) {
        return ((long) segment << 32) | (offset & 0xFFFF_FFFFL);
    }

    public static int segment(final long position) {
        return (int) (position >>> 32);
    }

    public static int offset(final long position) {
        return (int) position;
    }

    public static String toString(final long position) {
        return segment(position) + ":" + offset(position);
    }
}
