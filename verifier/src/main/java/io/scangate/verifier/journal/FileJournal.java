package io.scangate.verifier.journal;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.scangate.verifier.ledger.CodeState;

/**
 * The journal as fixed-size, zero-filled, memory-mapped segment files
 * {@code <dir>/segment-NNNNNNNNNN.log}. An append is a copy into the mapping: it reaches the page
 * cache at once, so a record appended before the ledger is changed survives {@code kill -9}
 * ahead of that change. Durability against power loss is {@link #force()}, an fdatasync run by a
 * separate syncer thread (group commit) or by the verifier for rare admin changes.
 *
 * <p>Concurrency: appends and rollover on the verifier thread only; {@link #force()} and
 * {@link #publishedPosition()} from the syncer thread; {@link #durablePosition()} anywhere.
 */
public final class FileJournal implements Journal, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FileJournal.class);
    private static final String PREFIX = "segment-";
    private static final String SUFFIX = ".log";

    private final Path dir;
    private final int segmentSize;
    private final List<Integer> segments = new ArrayList<>();
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong durable = new AtomicLong();
    private final TornTail tornTail;

    // verifier thread
    private Segment current;
    private int offset;
    private long nextSequence;
    private long firstSequence;

    private FileJournal(final Path dir, final int segmentSize, final TornTail tornTail) {
        this.dir = dir;
        this.segmentSize = segmentSize;
        this.tornTail = tornTail;
    }

    /** What was cut from the end of the last segment at open, if anything. */
    public record TornTail(int segment, int offset, int bytes) {
    }

    /**
     * Opens the journal in {@code dir} (created if absent), finds the end of the written data,
     * and cuts a torn or corrupt tail (zeroing it) so appends continue after the last whole record.
     */
    public static FileJournal open(final Path dir, final int segmentSize) {
        try {
            Files.createDirectories(dir);
            final List<Integer> numbers = listSegments(dir);
            if (numbers.isEmpty()) {
                final FileJournal j = new FileJournal(dir, segmentSize, null);
                j.segments.add(0);
                j.current = Segment.create(segmentFile(dir, 0), segmentSize, 0);
                j.offset = 0;
                j.nextSequence = 1;
                j.firstSequence = 1;
                j.publishAll();
                return j;
            }
            final int last = numbers.get(numbers.size() - 1);
            final Segment seg = Segment.open(segmentFile(dir, last), last);
            final UnsafeBuffer b = seg.buffer;
            int off = 0;
            long lastSeq = 0;
            int length;
            while ((length = JournalRecord.validate(b, off, seg.size)) > 0) {
                lastSeq = JournalRecord.sequence(b, off);
                off += length;
            }
            TornTail torn = null;
            if (length < 0 || nonZeroAfter(b, off, seg.size)) {
                final int end = lastNonZero(b, off, seg.size);
                torn = new TornTail(last, off, end - off);
                b.setMemory(off, seg.size - off, (byte) 0);
                seg.channel.force(false);
                LOG.warn("event=journal_torn_tail segment={} offset={} cut_bytes={}", last, off, end - off);
            }
            final FileJournal j = new FileJournal(dir, segmentSize, torn);
            j.segments.addAll(numbers);
            j.current = seg;
            j.offset = off;
            if (lastSeq == 0) {
                lastSeq = lastSequenceBefore(dir, numbers, last);
            }
            j.nextSequence = lastSeq + 1;
            j.firstSequence = firstSequenceOf(dir, numbers.get(0));
            j.publishAll();
            return j;
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot open journal in " + dir, e);
        }
    }

    public TornTail tornTail() {
        return tornTail;
    }

    /** Sequence the next record gets. */
    public long nextSequence() {
        return nextSequence;
    }

    /** Position after the last appended record. */
    @Override
    public long endPosition() {
        return JournalPosition.of(current.number, offset);
    }

    /** Appends the new state of a code; returns the record's sequence. */
    @Override
    public long appendCodeState(final long codeId, final CodeState state, final long deviceHash, final long consumerHash, final int cause,
                                final long requestKey) {
        ensureRoom(JournalRecord.CODE_STATE_LENGTH);
        final long seq = nextSequence++;
        offset += JournalRecord.writeCodeState(current.buffer, offset, seq, codeId, state, deviceHash, consumerHash, cause, requestKey);
        published.lazySet(JournalPosition.of(current.number, offset));
        return seq;
    }

    /** Appends a record with a JSON payload (batch, campaign, reward, draw); returns the record's sequence. */
    @Override
    public long appendJson(final int type, final byte[] json) {
        final int length = JournalRecord.batchLength(json.length);
        if (length > segmentSize) {
            throw new IllegalArgumentException("record of " + length + " bytes does not fit a segment");
        }
        ensureRoom(length);
        final long seq = nextSequence++;
        offset += JournalRecord.writeJson(current.buffer, offset, type, seq, json);
        published.lazySet(JournalPosition.of(current.number, offset));
        return seq;
    }

    private void ensureRoom(final int length) {
        // the current segment's real size: a last segment from an older config or a cut file may differ
        if (offset + length <= current.size) {
            return;
        }
        final Segment old = current;
        try {
            old.channel.force(false);
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot sync journal segment " + old.number, e);
        }
        final int next = old.number + 1;
        current = Segment.create(segmentFile(dir, next), segmentSize, next);
        segments.add(next);
        offset = 0;
        durable.set(Math.max(durable.get(), JournalPosition.of(old.number, old.size)));
        old.close();
    }

    /** Syncer thread: the position after the last appended record. */
    public long publishedPosition() {
        return published.get();
    }

    /** The position up to which every record is on disk. */
    public long durablePosition() {
        return durable.get();
    }

    /**
     * Forces appended records to disk (fdatasync of the current segment, which covers what was
     * written through the mapping) and returns the position now durable.
     */
    @Override
    public long force() {
        final long target = published.get();
        final Segment seg = current;
        if (JournalPosition.segment(target) == seg.number) {
            try {
                seg.channel.force(false);
            } catch (final ClosedChannelException e) {
                // rolled over meanwhile: the verifier forced that segment before closing it
            } catch (final IOException e) {
                throw new UncheckedIOException("cannot sync journal segment " + seg.number, e);
            }
        }
        long d;
        do {
            d = durable.get();
        } while (target > d && !durable.compareAndSet(d, target));
        return Math.max(d, target);
    }

    /** Reads every whole record from {@code from} to the end, in order. */
    public void replay(final long from, final JournalVisitor visitor) {
        replay(dir, from, visitor);
    }

    /** Reads a journal directory without opening it for append (offline tools, verification). */
    public static void replay(final Path dir, final long from, final JournalVisitor visitor) {
        try {
            final List<Integer> numbers = listSegments(dir);
            long expected = -1;
            for (final int number : numbers) {
                if (number < JournalPosition.segment(from)) {
                    continue;
                }
                final Segment seg = Segment.open(segmentFile(dir, number), number);
                try {
                    int off = number == JournalPosition.segment(from) ? JournalPosition.offset(from) : 0;
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
                    if (length < 0 && number != numbers.get(numbers.size() - 1)) {
                        throw new IllegalStateException("journal segment " + number + " is corrupt at offset " + off
                                + " and later segments follow; restore it from a backup (records after it would be lost)");
                    }
                } finally {
                    seg.close();
                }
            }
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot read journal in " + dir, e);
        }
    }

    /** Sequence of the oldest record kept. */
    public long firstSequence() {
        return firstSequence;
    }

    public int segmentCount() {
        return segments.size();
    }

    private void publishAll() {
        final long end = JournalPosition.of(current.number, offset);
        published.set(end);
        durable.set(end);
    }

    @Override
    public void close() {
        force();
        current.close();
    }

    /** Callback of {@link #replay}. */
    @FunctionalInterface
    public interface JournalVisitor {
        /** {@code end} is the position right after this record. */
        void onRecord(UnsafeBuffer buffer, int offset, int type, long sequence, long end);
    }

    static Path segmentFile(final Path dir, final int number) {
        return dir.resolve(String.format("%s%010d%s", PREFIX, number, SUFFIX));
    }

    static List<Integer> listSegments(final Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith(PREFIX) && n.endsWith(SUFFIX))
                    .map(n -> Integer.parseInt(n.substring(PREFIX.length(), n.length() - SUFFIX.length())))
                    .sorted()
                    .toList();
        }
    }

    private static long firstSequenceOf(final Path dir, final int number) throws IOException {
        final Segment seg = Segment.open(segmentFile(dir, number), number);
        try {
            return JournalRecord.validate(seg.buffer, 0, seg.size) > 0 ? JournalRecord.sequence(seg.buffer, 0) : 1;
        } finally {
            seg.close();
        }
    }

    private static long lastSequenceBefore(final Path dir, final List<Integer> numbers, final int last) throws IOException {
        for (int i = numbers.size() - 1; i >= 0; i--) {
            final int n = numbers.get(i);
            if (n == last) {
                continue;
            }
            final Segment seg = Segment.open(segmentFile(dir, n), n);
            try {
                int off = 0;
                long seq = 0;
                int length;
                while ((length = JournalRecord.validate(seg.buffer, off, seg.size)) > 0) {
                    seq = JournalRecord.sequence(seg.buffer, off);
                    off += length;
                }
                if (seq > 0) {
                    return seq;
                }
            } finally {
                seg.close();
            }
        }
        return 0;
    }

    private static boolean nonZeroAfter(final UnsafeBuffer b, final int from, final int size) {
        return lastNonZero(b, from, size) > from;
    }

    private static int lastNonZero(final UnsafeBuffer b, final int from, final int size) {
        int end = size;
        while (end > from && b.getByte(end - 1) == 0) {
            end--;
        }
        return end;
    }

    /** One mapped segment file. */
    private static final class Segment {
        final int number;
        final FileChannel channel;
        final MappedByteBuffer mapped;
        final UnsafeBuffer buffer;
        final int size;

        private Segment(final int number, final FileChannel channel, final MappedByteBuffer mapped) {
            this.number = number;
            this.channel = channel;
            this.mapped = mapped;
            this.buffer = new UnsafeBuffer(mapped);
            this.size = mapped.capacity();
        }

        static Segment create(final Path file, final int size, final int number) {
            final File tmp = file.resolveSibling(file.getFileName() + ".tmp").toFile();
            // zero-filled up front so an fdatasync never has to commit a size change
            try (FileChannel zeroed = IoUtil.createEmptyFile(tmp, size, true)) {
                zeroed.force(true); // the zeros and the size are on disk before the name is
                Files.move(tmp.toPath(), file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                try (FileChannel d = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
                    d.force(true);
                } catch (final IOException ignored) {
                    // directories cannot be synced on every file system
                }
                return open(file, number);
            } catch (final IOException e) {
                throw new UncheckedIOException("cannot create journal segment " + file, e);
            }
        }

        static Segment open(final Path file, final int number) throws IOException {
            final FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
            final MappedByteBuffer m = ch.map(FileChannel.MapMode.READ_WRITE, 0, ch.size());
            return new Segment(number, ch, m);
        }

        void close() {
            IoUtil.unmap(mapped);
            try {
                channel.close();
            } catch (final IOException ignored) {
                // nothing left to lose: the segment was forced before
            }
        }
    }
}
