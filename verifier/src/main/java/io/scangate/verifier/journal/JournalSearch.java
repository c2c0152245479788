package io.scangate.verifier.journal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Finds the newest durable records that match a filter (a code's recent scans), reading the
 * journal from its tail backwards segment by segment, within a byte bound. A segment can only be
 * read forwards (a record knows its length, not its predecessor's), so each is read whole, newest
 * segment first, keeping its last matches; older segments are read while the bound allows. The
 * cost is therefore O(bytes read), at most {@code maxBytes} plus one segment, never O(history).
 *
 * <p>Concurrency: any thread, while the verifier appends: segments are read (never written) only
 * up to the durable position (whole and fsynced) or, in older segments, to the first unwritten
 * length; a match is CRC-checked before it is returned.
 */
public final class JournalSearch {
    private final Path dir;
    private final LongSupplier durablePosition;

    /** Searches the journal in {@code dir} up to {@code durablePosition}'s answer at each call. */
    public JournalSearch(final Path dir, final LongSupplier durablePosition) {
        this.dir = dir;
        this.durablePosition = durablePosition;
    }

    /** Picks records by type and content; must not keep {@code buffer}. */
    @FunctionalInterface
    public interface Filter {
        boolean matches(DirectBuffer buffer, int offset, int type, int length);
    }

    /** A matching record: its sequence, type and whole bytes (header included, see {@link JournalRecord}). */
    public record Found(long sequence, int type, UnsafeBuffer record) {
    }

    /**
     * The newest matches, newest first; how many bytes were read; whether the whole journal was,
     * from its first record (false: older records may match too, also when they were compacted away).
     */
    public record Result(List<Found> newestFirst, long bytesRead, int segmentsRead, boolean wholeJournal) {
    }

    /** Up to {@code limit} newest records matching {@code filter}, reading at most {@code maxBytes} after the newest segment. */
    public Result newest(final Filter filter, final int limit, final long maxBytes) {
        final long end = durablePosition.getAsLong();
        final List<Found> found = new ArrayList<>(limit);
        long bytes = 0;
        int segments = 0;
        try {
            final List<Integer> numbers = FileJournal.listSegments(dir);
            int i = numbers.size() - 1;
            for (; i >= 0 && found.size() < limit && (segments == 0 || bytes < maxBytes); i--) {
                final int number = numbers.get(i);
                if (number > JournalPosition.segment(end)) {
                    continue; // begun after the durable position was read
                }
                final int stop = number == JournalPosition.segment(end) ? JournalPosition.offset(end) : Integer.MAX_VALUE;
                bytes += searchSegment(number, stop, filter, limit - found.size(), found);
                segments++;
            }
            // after compaction the oldest segments are gone (their effects live in the snapshots): never the whole history
            return new Result(found, bytes, segments, i < 0 && (numbers.isEmpty() || numbers.get(0) == 0));
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot search the journal in " + dir, e);
        }
    }

    /** Adds the segment's newest {@code room} matches, newest first, to {@code into}; returns the bytes read. */
    private int searchSegment(final int number, final int stop, final Filter filter, final int room, final List<Found> into)
            throws IOException {
        final FileChannel channel;
        try {
            channel = FileChannel.open(FileJournal.segmentFile(dir, number), StandardOpenOption.READ);
        } catch (final NoSuchFileException e) {
            return 0;
        }
        try (channel) {
            final Chunks chunks = new Chunks(channel, (int) Math.min(stop, channel.size()));
            final ArrayDeque<Found> last = new ArrayDeque<>(room);
            int off = 0;
            for (int length; chunks.holds(off, JournalRecord.HEADER_LENGTH) && (length = chunks.buffer.getInt(off - chunks.start)) > 0;
                 off += length) {
                if (length < JournalRecord.HEADER_LENGTH || (length & 7) != 0 || off + length > chunks.limit) {
                    break; // a torn tail (recovery cuts it at the next start)
                }
                if (!chunks.holds(off, length)) {
                    continue; // longer than a chunk: a large JSON record (a campaign, links), never a code's
                }
                final int at = off - chunks.start;
                final int type = JournalRecord.type(chunks.buffer, at);
                if (filter.matches(chunks.buffer, at, type, length)
                        && JournalRecord.validate(chunks.buffer, at, chunks.buffer.capacity()) == length) {
                    if (last.size() == room) {
                        last.removeFirst();
                    }
                    final UnsafeBuffer copy = new UnsafeBuffer(new byte[length]);
                    copy.putBytes(0, chunks.buffer, at, length);
                    last.addLast(new Found(JournalRecord.sequence(chunks.buffer, at), type, copy));
                }
            }
            while (!last.isEmpty()) {
                into.add(last.removeLast());
            }
            return off;
        }
    }

    /**
     * A segment read through one buffer a chunk at a time ({@code read}, not a mapping: mapping
     * a cold segment costs a page fault per 4 KiB, ten times the copy).
     */
    private static final class Chunks {
        static final int SIZE = 1 << 20;

        final FileChannel channel;
        final int limit;
        final ByteBuffer bytes = ByteBuffer.allocateDirect(SIZE);
        final UnsafeBuffer buffer = new UnsafeBuffer(0, 0);
        int start = -1;

        Chunks(final FileChannel channel, final int limit) {
            this.channel = channel;
            this.limit = limit;
        }

        /** Whether {@code [offset, offset + n)} is within the limit and, reading a new chunk from {@code offset} if needed, in the buffer. */
        boolean holds(final int offset, final int n) throws IOException {
            if (offset + n > limit || n > SIZE) {
                return false;
            }
            if (start >= 0 && offset >= start && offset + n <= start + buffer.capacity()) {
                return true;
            }
            bytes.clear().limit(Math.min(SIZE, limit - offset));
            while (bytes.hasRemaining() && channel.read(bytes, offset + bytes.position()) >= 0) {
                // a file read returns short only at its end
            }
            buffer.wrap(bytes, 0, bytes.position());
            start = offset;
            return n <= bytes.position();
        }
    }
}
