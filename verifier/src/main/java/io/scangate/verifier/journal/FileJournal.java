package io.scangate.verifier.journal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.agrona.concurrent.SleepingIdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.scangate.verifier.ledger.CodeState;

/**
 * The journal as fixed-size, zero-filled segment files {@code <dir>/segment-NNNNNNNNNN.log}. An
 * append is a copy into the {@link AppendStage}; the staged records reach the file (the page cache,
 * which survives {@code kill -9}) with one positional write at each {@link #flush()}: at once for
 * each append, or, while the verifier {@link #deferWrites defers}, at the end of its batch, before
 * any answer of the batch is released. Durability against power loss is {@link #force()}, an
 * fdatasync run by a separate syncer thread (group commit) or by the verifier for rare admin changes.
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
 * are forced and closed under {@link SegmentSync}'s lock by whichever of the syncer, the preparer or
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
    private final TornTail tornTail;
    private final SegmentPreparer preparer;
    private final AgentThread preparerThread;
    /** Forcing, the positions published and durable, and the segments the verifier has left. */
    private final SegmentSync sync;
    private final java.util.function.Supplier<Segment> currentSegment = () -> this.current;

    // written by the verifier thread; read by force() on the syncer thread
    private volatile Segment current;
    // verifier thread
    private int prepareAt;
    private boolean prepareRequested;
    /** The end of the appended records in {@link #current}, staged ones included. */
    private int offset;
    /** The end of the records written to {@link #current}'s file: {@link #offset} less the staged bytes. */
    private int flushed;
    private final AppendStage stage = new AppendStage(AppendStage.CAPACITY);
    /** The thread whose appends wait for {@link #flush()} (the verifier), null while each append is written at once. */
    private Thread deferring;
    private long nextSequence;
    private volatile long firstSequence;

    private FileJournal(final Path dir, final int segmentSize, final TornTail tornTail) {
        this.dir = dir;
        this.sync = new SegmentSync(dir);
        this.segmentSize = segmentSize;
        this.tornTail = tornTail;
        this.preparer = new SegmentPreparer(number -> Segment.prepare(readyFile(dir, number), segmentSize, number),
                segment -> {
                    segment.close();
                    SegmentFiles.deleteQuietly(readyFile(dir, segment.number));
                },
                sync::forceRetired,
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
            j.sync.publishAll(JournalPosition.of(j.current.number, j.offset));
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
        j.flushed = end.offset();
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
        final UnsafeBuffer b = room(JournalRecord.CODE_STATE_LENGTH);
        final long seq = nextSequence++;
        return written(JournalRecord.writeCodeState(b, stage.length(), seq, codeId, state, deviceHash, consumerHash, cause, requestKey), seq);
    }

    /** Appends a record with a JSON payload (batch, campaign, reward, draw); returns the record's sequence. */
    @Override
    public long appendJson(final int type, final byte[] json) {
        final int length = JournalRecord.batchLength(json.length);
        if (length > segmentSize) {
            throw new IllegalArgumentException("record of " + length + " bytes does not fit a segment");
        }
        final UnsafeBuffer b = room(length);
        final long seq = nextSequence++;
        return written(JournalRecord.writeJson(b, stage.length(), type, seq, json), seq);
    }

    /**
     * Room for a record of {@code length} bytes: in the current segment (rolled over first if it is
     * full) and at the end of the stage (written out first if full); the stage's buffer to write it into.
     */
    private UnsafeBuffer room(final int length) {
        ensureRoom(length);
        if (!stage.fits(length)) {
            flush();
            stage.growTo(length);
        }
        return stage.buffer();
    }

    /** Takes the record of {@code length} bytes just staged (and writes it, unless appends are deferred); returns its sequence {@code seq}. */
    private long written(final int length, final long seq) {
        stage.added(length);
        offset += length;
        if (deferring == null) {
            flush();
        }
        if (offset >= prepareAt) {
            requestNextSegment();
        }
        return seq;
    }

    @Override
    public long appendKeyed(final int type, final long key, final long at, final long info, final byte[] bytes, final int bytesLength) {
        final int length = JournalRecord.keyedLength(bytesLength);
        final UnsafeBuffer b = room(length);
        final long seq = nextSequence++;
        return written(JournalRecord.writeKeyed(b, stage.length(), type, seq, key, at, info, bytes, bytesLength), seq);
    }

    /**
     * Writes the staged records to the current segment's file and publishes their end to the
     * syncer. Throws if the write fails; the records then stay staged for the next flush.
     */
    @Override
    public void flush() {
        if (stage.length() == 0) {
            return;
        }
        try {
            stage.writeTo(current.channel, flushed);
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot write journal segment " + current.number, e);
        }
        flushed = offset;
        sync.publish(JournalPosition.of(current.number, offset));
    }

    /**
     * With {@code defer}, this thread's appends are written at its next {@link #flush()} (the end of a
     * verifier batch); without, what is staged is written now and every later append at once.
     */
    @Override
    public void deferWrites(final boolean defer) {
        if (!defer) {
            flush();
        }
        deferring = defer ? Thread.currentThread() : null;
    }

    private void ensureRoom(final int length) {
        // the current segment's real size: a last segment from an older config or a cut file may differ
        if (offset + length <= current.size) {
            return;
        }
        flush(); // the old segment's staged records go to its own file
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
        sync.retire(old);
        current = fresh;
        segments.add(next);
        offset = 0;
        flushed = 0;
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

    /** Syncer thread: the position after the last record written to the file. */
    @Override
    public long publishedPosition() {
        return sync.publishedPosition();
    }

    /** The position up to which every record is on disk. */
    @Override
    public long durablePosition() {
        return sync.durablePosition();
    }

    /** Forces the records written to disk (fdatasync of the current segment); the position now durable. */
    @Override
    public long force() {
        if (deferring == Thread.currentThread()) {
            flush(); // the verifier forcing its own appends (admin changes): they must be in the file first
        }
        return sync.force(currentSegment);
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

    @Override
    public void close() {
        flush(); // anything staged by a verifier that stopped between a batch's appends and its end
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
