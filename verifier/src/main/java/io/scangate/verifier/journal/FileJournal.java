package io.scangate.verifier.journal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import org.agrona.concurrent.SleepingIdleStrategy;
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
 * <p>Rollover costs the verifier thread a rename: a {@link SegmentPreparer} agent on its own thread creates,
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
public final class FileJournal implements Journal, Syncable, AutoCloseable {
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
    /** How long the idle preparer parks before it looks again: a safety net only, as every request wakes it at once. */
    private static final long PREPARER_IDLE_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final Path dir;
    private final int segmentSize;
    private final List<Integer> segments = java.util.Collections.synchronizedList(new ArrayList<>());
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong durable = new AtomicLong();
    private final TornTail tornTail;
    private final SegmentPreparer preparer;
    private final AgentThread preparerThread;
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
    private volatile long firstSequence;

    private FileJournal(final Path dir, final int segmentSize, final TornTail tornTail) {
        this.dir = dir;
        this.segmentSize = segmentSize;
        this.tornTail = tornTail;
        this.preparer = new SegmentPreparer(number -> Segment.prepare(readyFile(dir, number), segmentSize, number),
                segment -> {
                    segment.close();
                    SegmentFiles.deleteQuietly(readyFile(dir, segment.number));
                },
                this::forceRetired,
                this::wakePreparer);
        this.preparerThread = new AgentThread(preparer, new SleepingIdleStrategy(PREPARER_IDLE_NANOS));
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
            io.scangate.verifier.fs.OwnerOnly.restrict(dir); // segments hold campaign seeds and every scan
            SegmentFiles.deleteUnusedReady(dir);
            final List<Integer> numbers = listSegments(dir);
            final FileJournal j = numbers.isEmpty() ? openEmpty(dir, segmentSize) : openExisting(dir, segmentSize, numbers);
            j.publishAll();
            j.startPreparer();
            return j;
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot open journal in " + dir, e);
        }
    }

    private static FileJournal openEmpty(final Path dir, final int segmentSize) {
        final FileJournal j = new FileJournal(dir, segmentSize, null);
        j.segments.add(0);
        j.current = Segment.create(segmentFile(dir, 0), segmentSize, 0);
        j.offset = 0;
        j.nextSequence = 1;
        j.firstSequence = 1;
        return j;
    }

    /** Continues after the last whole record of the last segment, zeroing a torn or corrupt tail. */
    private static FileJournal openExisting(final Path dir, final int segmentSize, final List<Integer> numbers) throws IOException {
        final int last = numbers.get(numbers.size() - 1);
        final Segment seg = Segment.open(segmentFile(dir, last), last);
        final JournalReader.End end = JournalReader.end(seg.buffer, seg.size);
        TornTail torn = null;
        if (end.torn()) {
            torn = new TornTail(last, end.offset(), end.garbageEnd() - end.offset());
            seg.buffer.setMemory(end.offset(), seg.size - end.offset(), (byte) 0);
            seg.channel.force(false);
            LOG.warn("event=journal_torn_tail segment={} offset={} cut_bytes={}", last, torn.offset(), torn.bytes());
        }
        final FileJournal j = new FileJournal(dir, segmentSize, torn);
        j.segments.addAll(numbers);
        j.current = seg;
        j.offset = end.offset();
        final long lastSeq = end.lastSequence() != 0 ? end.lastSequence() : JournalReader.lastSequenceBefore(dir, numbers, last);
        j.nextSequence = lastSeq + 1;
        j.firstSequence = JournalReader.firstSequence(dir, numbers.get(0));
        return j;
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
        return written(JournalRecord.writeJson(current.buffer, offset, type, seq, json), seq);
    }

    /** Publishes the record of {@code length} bytes just written at the end; returns its sequence {@code seq}. */
    private long written(final int length, final long seq) {
        offset += length;
        published.lazySet(JournalPosition.of(current.number, offset));
        if (offset >= prepareAt) {
            requestNextSegment();
        }
        return seq;
    }

    @Override
    public long appendKeyed(final int type, final long key, final long at, final long info, final byte[] bytes, final int bytesLength) {
        final int length = JournalRecord.keyedLength(bytesLength);
        ensureRoom(length);
        final long seq = nextSequence++;
        return written(JournalRecord.writeKeyed(current.buffer, offset, type, seq, key, at, info, bytes, bytesLength), seq);
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
        preparerThread.start();
    }

    private void wakePreparer() {
        preparerThread.wakeUp();
    }

    /** Forces and closes the segments the verifier has left, oldest first, moving the durable position to each one's end. */
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
    @Override
    public long publishedPosition() {
        return published.get();
    }

    /** The position up to which every record is on disk. */
    @Override
    public long durablePosition() {
        return durable.get();
    }

    /** Forces appended records to disk (fdatasync of the current segment, which covers its mapping); the position now durable. */
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
                        Segment.syncDirectory(dir);
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
        JournalReader.replay(dir, from, visitor);
    }

    /** Sequence of the oldest record kept. */
    public long firstSequence() {
        return firstSequence;
    }

    public int segmentCount() {
        return segments.size();
    }

    /** The number of the oldest segment kept. */
    public int firstSegment() {
        synchronized (segments) {
            return segments.get(0);
        }
    }

    /**
     * Compaction (a snapshot's thread): moves the segments numbered below {@code before} to
     * {@code archive} (created if absent), or deletes them if it is null; never the current
     * segment. The oldest record kept is then the first of the oldest
     * segment left. Returns how many segments went.
     */
    public int compactBefore(final int before, final Path archive) {
        // a segment not yet forced may go too: the snapshot that covers it is on disk
        final int limit = Math.min(before, current.number);
        final int n;
        try {
            final List<Integer> gone = SegmentFiles.compact(dir, limit, archive);
            segments.removeAll(gone);
            n = gone.size();
            if (n > 0) {
                Segment.syncDirectory(dir);
                firstSequence = JournalReader.firstSequence(dir, firstSegment());
                LOG.info("event=journal_compacted segments={} before={} archive={}", n, limit, archive == null ? "none" : archive);
            }
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot compact journal " + dir, e);
        }
        return n;
    }

    private void publishAll() {
        final long end = JournalPosition.of(current.number, offset);
        published.set(end);
        durable.set(end);
    }

    @Override
    public void close() {
        preparerThread.close();
        SegmentFiles.deleteQuietly(readyFile(dir, current.number + 1));
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

    static List<Integer> listSegments(final Path dir) throws IOException {
        return SegmentFiles.list(dir);
    }
}
