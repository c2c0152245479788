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

    /** Journal bytes from {@code from} to {@code to} with segments of {@code segmentBytes} (what a replay between them reads). */
    public static long bytesBetween(final long from, final long to, final long segmentBytes) {
        return (segment(to) - segment(from)) * segmentBytes + offset(to) - offset(from);
    }

    public static String toString(final long position) {
        return segment(position) + ":" + offset(position);
    }
}
