package io.scangate.verifier.journal;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
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
 * <p>Rollover costs the verifier thread a rename: a {@link SegmentPreparer} thread creates,
 * zero-fills, forces and maps the next segment as {@code segment-NNNNNNNNNN.log.ready} once the
 * current one is an eighth full, and forces and unmaps the full one after the verifier has moved on. A
 * {@code .ready} file never holds a record that was reported durable (the rename to {@code .log}
 * comes before the first append, and {@link #force()} syncs the directory before it reports a
 * position in a renamed segment), so {@link #open} deletes leftover {@code .ready} files.
 *
 * <p>Concurrency: appends and rollover on the verifier thread only; {@link #force()} and
 * {@link #publishedPosition()} from the syncer thread (and rarely the verifier); retired segments
 * are forced and closed under {@code forceLock} by whichever of the syncer, the preparer or
 * {@link #close()} comes first; {@link #durablePosition()} anywhere.
 */
public final class FileJournal implements Journal, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FileJournal.class);
    private static final String PREFIX = "segment-";
    private static final String SUFFIX = ".log";
    static final String READY_SUFFIX = ".ready";
    /**
     * The next segment is requested once 1/8 of the current one is written: zero-filling and
     * forcing 64 MiB took longer than the second half of a segment under load on a shared box, and
     * then the verifier waited at rollover. Not at open, so an idle data dir keeps one segment.
     */
    private static final int PREPARE_AT_FRACTION = 8;

    private final Path dir;
    private final int segmentSize;
    private final List<Integer> segments = new ArrayList<>();
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong durable = new AtomicLong();
    private final TornTail tornTail;
    private final SegmentPreparer preparer;
    /** Full segments the verifier has left: still to force and close, oldest first. */
    private final ConcurrentLinkedQueue<Segment> retired = new ConcurrentLinkedQueue<>();
    private final Object forceLock = new Object();

    // written by the verifier thread; read by force() on the syncer thread
    private volatile Segment current;
    // verifier thread
    private int prepareAt;
    private boolean prepareRequested;
    private int offset;
    private long nextSequence;
    private long firstSequence;

    private FileJournal(final Path dir, final int segmentSize, final TornTail tornTail) {
        this.dir = dir;
        this.segmentSize = segmentSize;
        this.tornTail = tornTail;
        this.preparer = new SegmentPreparer(number -> Segment.prepare(readyFile(dir, number), segmentSize, number),
                segment -> {
                    segment.close();
                    deleteQuietly(readyFile(dir, segment.number));
                },
                this::forceRetired);
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
            deleteUnusedReadySegments(dir);
            final List<Integer> numbers = listSegments(dir);
            if (numbers.isEmpty()) {
                final FileJournal j = new FileJournal(dir, segmentSize, null);
                j.segments.add(0);
                j.current = Segment.create(segmentFile(dir, 0), segmentSize, 0);
                j.offset = 0;
                j.nextSequence = 1;
                j.firstSequence = 1;
                j.publishAll();
                j.startPreparer();
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
            j.startPreparer();
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
        final Segment seg = current;
        offset += JournalRecord.writeCodeState(seg.buffer, offset, seq, codeId, state, deviceHash, consumerHash, cause, requestKey);
        published.lazySet(JournalPosition.of(seg.number, offset));
        if (offset >= prepareAt) {
            requestNextSegment();
        }
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
        if (offset >= prepareAt) {
            requestNextSegment();
        }
        return seq;
    }

    private void ensureRoom(final int length) {
        // the current segment's real size: a last segment from an older config or a cut file may differ
        if (offset + length <= current.size) {
            return;
        }
        final Segment old = current;
        final int next = old.number + 1;
        requestNextSegment();
        Segment fresh = preparer.take(next);
        if (fresh != null) {
            try {
                // the rename is all the verifier pays; force() syncs the directory before it reports
                // any position in this segment as durable
                Files.move(readyFile(dir, next), segmentFile(dir, next), StandardCopyOption.ATOMIC_MOVE);
            } catch (final IOException e) {
                fresh.close();
                throw new UncheckedIOException("cannot take prepared journal segment " + next, e);
            }
        } else {
            // the preparer failed (its error is logged): create it here, which throws the cause if it persists
            fresh = Segment.create(segmentFile(dir, next), segmentSize, next);
        }
        // retired before current moves on: force() reads current, then drains retired
        retired.add(old);
        current = fresh;
        segments.add(next);
        offset = 0;
        prepareAt = fresh.size / PREPARE_AT_FRACTION;
        prepareRequested = false;
        preparer.retire();
    }

    private void requestNextSegment() {
        if (!prepareRequested) {
            prepareRequested = true;
            preparer.prepare(current.number + 1);
        }
    }

    private void startPreparer() {
        prepareAt = current.size / PREPARE_AT_FRACTION;
        preparer.start();
    }

    /**
     * Forces and closes the segments the verifier has left, oldest first, and moves the durable
     * position to the end of each. Syncer, preparer or closing thread.
     */
    private void forceRetired() {
        synchronized (forceLock) {
            Segment old;
            while ((old = retired.peek()) != null) {
                try {
                    old.channel.force(false);
                } catch (final IOException e) {
                    throw new UncheckedIOException("cannot sync journal segment " + old.number, e);
                }
                retired.poll();
                old.close();
                final long end = JournalPosition.of(old.number, old.size);
                long d;
                do {
                    d = durable.get();
                } while (end > d && !durable.compareAndSet(d, end));
            }
        }
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
        synchronized (forceLock) {
            final long target = published.get();
            final Segment seg = current;
            // a target in a segment the verifier has left: forced with the retired ones below
            forceRetired();
            if (JournalPosition.segment(target) == seg.number) {
                try {
                    if (!seg.linked) {
                        syncDirectory(dir);
                        seg.linked = true;
                    }
                    seg.channel.force(false);
                } catch (final ClosedChannelException e) {
                    // closed by close() meanwhile, after its own force
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
        preparer.close();
        deleteQuietly(readyFile(dir, current.number + 1));
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

    static Path readyFile(final Path dir, final int number) {
        return dir.resolve(String.format("%s%010d%s%s", PREFIX, number, SUFFIX, READY_SUFFIX));
    }

    /** A prepared segment never holds a durable record: left over from a crash or a stop, it goes. */
    private static void deleteUnusedReadySegments(final Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            for (final Path f : files.filter(p -> p.getFileName().toString().startsWith(PREFIX)
                    && p.getFileName().toString().endsWith(SUFFIX + READY_SUFFIX)).toList()) {
                LOG.info("event=journal_unused_segment_deleted file={}", f.getFileName());
                Files.delete(f);
            }
        }
    }

    private static void deleteQuietly(final Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (final IOException e) {
            LOG.warn("event=journal_ready_segment_not_deleted file={} error=\"{}\"", file, e.toString());
        }
    }

    private static void syncDirectory(final Path dir) {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (final IOException ignored) {
            // directories cannot be synced on every file system
        }
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
    static final class Segment {
        final int number;
        final FileChannel channel;
        final MappedByteBuffer mapped;
        final UnsafeBuffer buffer;
        final int size;
        /** Its name is durable: false for a prepared segment until force() syncs the directory after the rename. */
        volatile boolean linked = true;

        private Segment(final int number, final FileChannel channel, final MappedByteBuffer mapped) {
            this.number = number;
            this.channel = channel;
            this.mapped = mapped;
            this.buffer = new UnsafeBuffer(mapped);
            this.size = mapped.capacity();
        }

        /**
         * Creates {@code file} (a {@code .ready} name) zero-filled to {@code size}, forces it and maps it,
         * pages loaded, so the verifier's first writes find them in memory. Preparer thread.
         */
        static Segment prepare(final Path file, final int size, final int number) {
            FileChannel ch = null;
            try {
                Files.deleteIfExists(file);
                ch = IoUtil.createEmptyFile(file.toFile(), size, true);
                ch.force(true); // the zeros and the size: an fdatasync after the rename commits no size change
                final MappedByteBuffer m = ch.map(FileChannel.MapMode.READ_WRITE, 0, size);
                m.load();
                final Segment s = new Segment(number, ch, m);
                s.linked = false;
                return s;
            } catch (final IOException e) {
                if (ch != null) {
                    try {
                        ch.close();
                    } catch (final IOException ignored) {
                        // reported below
                    }
                }
                throw new UncheckedIOException("cannot prepare journal segment " + file, e);
            }
        }

        static Segment create(final Path file, final int size, final int number) {
            final File tmp = file.resolveSibling(file.getFileName() + ".tmp").toFile();
            // zero-filled up front so an fdatasync never has to commit a size change
            try (FileChannel zeroed = IoUtil.createEmptyFile(tmp, size, true)) {
                zeroed.force(true); // the zeros and the size are on disk before the name is
                Files.move(tmp.toPath(), file, StandardCopyOption.ATOMIC_MOVE);
                syncDirectory(file.getParent());
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
