package io.scangate.verifier.journal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

import org.agrona.concurrent.UnsafeBuffer;

/**
 * Reads segment files record by record (see {@link JournalRecord} for the layout): replay in
 * order with sequence and corruption checks, and the scans {@link FileJournal#open} needs to find
 * where the written data ends.
 *
 * <p>Concurrency: stateless; each call opens and closes its own mappings.
 */
final class JournalReader {
    private JournalReader() {
    }

    /** Where the whole records in a segment end. */
    record End(int offset, long lastSequence, int garbageEnd) {
        /** Bytes after the last whole record that are not zero: a torn or corrupt tail. */
        boolean torn() {
            return garbageEnd > offset;
        }
    }

    /**
     * Finds the end of the whole records in {@code b} from offset 0: the offset after the last, its
     * sequence (0 if none), and the end of any non-zero bytes after it.
     */
    static End end(final UnsafeBuffer b, final int size) {
        int off = 0;
        long lastSeq = 0;
        int length;
        while ((length = JournalRecord.validate(b, off, size)) > 0) {
            lastSeq = JournalRecord.sequence(b, off);
            off += length;
        }
        // a bad record (validate < 0) always has a non-zero byte, so it shows as garbage here
        return new End(off, lastSeq, lastNonZero(b, off, size));
    }

    /** Reads every whole record of the segments in {@code dir} from {@code from} to the end, in order. */
    static void replay(final Path dir, final long from, final FileJournal.JournalVisitor visitor) {
        try {
            final List<Integer> numbers = FileJournal.listSegments(dir);
            if (!numbers.isEmpty() && JournalPosition.segment(from) < numbers.get(0)) {
                throw new CompactedException(from, numbers.get(0));
            }
            long expected = -1;
            for (final int number : numbers) {
                if (number < JournalPosition.segment(from)) {
                    continue;
                }
                final int start = number == JournalPosition.segment(from) ? JournalPosition.offset(from) : 0;
                final boolean last = number == numbers.get(numbers.size() - 1);
                expected = replaySegment(dir, number, start, last, expected, visitor);
            }
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot read journal in " + dir, e);
        }
    }

    /** A replay asked to start before the oldest segment kept: its records were compacted away. */
    static final class CompactedException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        CompactedException(final long from, final int oldest) {
            super("journal position " + JournalPosition.toString(from) + " was compacted away: the oldest kept is " + oldest
                    + ":0 (older records live in the snapshots, or in the archive directory if one is configured)");
        }
    }

    /** Replays one segment from {@code offset}; returns the sequence the next record must have (-1: any). */
    private static long replaySegment(final Path dir, final int number, final int offset, final boolean last, final long expectedFirst,
                                      final FileJournal.JournalVisitor visitor) throws IOException {
        final Segment seg = Segment.open(FileJournal.segmentFile(dir, number), number);
        try {
            long expected = expectedFirst;
            int off = offset;
            int length;
            while ((length = JournalRecord.validate(seg.buffer, off, seg.size)) > 0) {
                final long sequence = JournalRecord.sequence(seg.buffer, off);
                if (expected >= 0 && sequence != expected) {
                    throw new IllegalStateException("journal sequence jumps from " + (expected - 1) + " to " + sequence
                            + " at segment " + number + " offset " + off + ": records are missing; restore the journal from a backup");
                }
                expected = sequence + 1;
                visitor.onRecord(seg.buffer, off, JournalRecord.type(seg.buffer, off), sequence, JournalPosition.of(number, off + length));
                off += length;
            }
            // only the last segment may end early (its torn tail is cut at open); a bad record
            // anywhere else would silently drop every record after it
            if (length < 0 && !last) {
                throw new IllegalStateException("journal segment " + number + " is corrupt at offset " + off
                        + " and later segments follow; restore it from a backup (records after it would be lost)");
            }
            return expected;
        } finally {
            seg.close();
        }
    }

    /** Sequence of the first record in segment {@code number}, or 1 if it holds none. */
    static long firstSequence(final Path dir, final int number) throws IOException {
        final Segment seg = Segment.open(FileJournal.segmentFile(dir, number), number);
        try {
            return JournalRecord.validate(seg.buffer, 0, seg.size) > 0 ? JournalRecord.sequence(seg.buffer, 0) : 1;
        } finally {
            seg.close();
        }
    }

    /** Sequence of the last record in the segments before {@code last}, or 0 if they hold none. */
    static long lastSequenceBefore(final Path dir, final List<Integer> numbers, final int last) throws IOException {
        for (int i = numbers.size() - 1; i >= 0; i--) {
            final int n = numbers.get(i);
            if (n == last) {
                continue;
            }
            final Segment seg = Segment.open(FileJournal.segmentFile(dir, n), n);
            try {
                final long seq = end(seg.buffer, seg.size).lastSequence();
                if (seq > 0) {
                    return seq;
                }
            } finally {
                seg.close();
            }
        }
        return 0;
    }

    private static int lastNonZero(final UnsafeBuffer b, final int from, final int size) {
        int end = size;
        while (end > from && b.getByte(end - 1) == 0) {
            end--;
        }
        return end;
    }
}
