package io.scangate.loadtest.tools;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import io.scangate.verifier.consumer.ConsumerFiles;
import io.scangate.verifier.batch.Batch;
import io.scangate.verifier.batch.BatchSpec;
import io.scangate.verifier.code.KeyRing;
import io.scangate.verifier.journal.Checkpoint;
import io.scangate.verifier.journal.DurabilityMode;
import io.scangate.verifier.journal.FileJournal;
import io.scangate.verifier.journal.JournalPosition;
import io.scangate.verifier.journal.JournalSyncer;
import io.scangate.verifier.journal.Recovery;
import io.scangate.verifier.ledger.Regions;
import io.scangate.verifier.verdict.ScanEvent;
import io.scangate.verifier.verdict.Verdict;
import io.scangate.verifier.verdict.Verifier;
import io.scangate.verifier.verdict.VerifierContext;

/**
 * Fills a data directory with N first scans of distinct codes, the way the server's verifier
 * thread makes them ({@link Verifier#scan} with the real journal and ledger, no ring, no HTTP),
 * and either stops cleanly or stops as a killed server would. Prepares the 10M-code data dir for
 * the replay and restart measurements in BENCHMARKS.md, and reports the fill rate: the verifier
 * core with the journal append.
 *
 * <pre>
 * java @config/jvm.options -cp loadtest/target/benchmarks.jar io.scangate.loadtest.tools.FillLedger \
 *     --data-dir DIR [--count 10000000] [--ledger-entries 11000000] [--segment-bytes 67108864] \
 *     [--history N] [--snapshot-bytes B] [--exit clean|crash] [--syncer async|none] [--async-interval-ms 10] \
 *     [--max-seconds 900]
 * </pre>
 *
 * <p>{@code --history N} (default {@code --count}): N scans in all, first the {@code --count}
 * first scans, then repeat scans of codes drawn at random (fixed seed) until N. {@code
 * --snapshot-bytes B} (default 0: none): a snapshot every B bytes of journal during the fill, with
 * compaction (keep 2, segments deleted), see {@link FillSnapshots}: history that a restart from
 * the newest snapshot need not replay.
 *
 * <p>{@code --exit clean} saves the request window, closes the ledger and journal and writes a
 * clean checkpoint with the ledger file's checksum, as the server's SIGTERM does (the next start
 * on the same boot opens the ledger: {@code OPENED}). {@code --exit crash}
 * forces the journal and halts the JVM with the ledger still open and only the unclean
 * checkpoint written at start (the next start rebuilds: {@code REBUILT}). The server must not
 * run on the directory meanwhile (this tool does not take the server's lock file). Its
 * {@code ledger.entries} must equal {@code --ledger-entries} when it opens the directory.
 *
 * <p>Concurrency: the main thread is the verifier thread; with {@code --syncer async} a
 * {@link JournalSyncer} forces the journal every interval on its own thread, as the server's
 * {@code durability=async} does.
 */
public final class FillLedger {
    private static final String USAGE = "usage: FillLedger --data-dir DIR [--count N] [--ledger-entries N] [--segment-bytes N]"
            + " [--history N] [--snapshot-bytes B] [--exit clean|crash] [--syncer async|none] [--async-interval-ms N] [--max-seconds N]";
    private static final long PROGRESS_EVERY = 1_000_000;
    private static final long SNAPSHOT_CHECK_EVERY = 4096;

    private FillLedger() {
    }

    /** Validated command-line options. */
    private record Options(Path dataDir, long count, long ledgerEntries, int segmentBytes, boolean crash, boolean syncer,
                           long asyncIntervalMillis, long maxSeconds, long history, long snapshotBytes) {

        static Options parse(final String[] args) {
            Path dataDir = null;
            long count = 10_000_000L;
            long entries = 11_000_000L;
            long segment = 64L << 20;
            String exit = "clean";
            String syncer = "async";
            long interval = 10;
            long maxSeconds = 900;
            long history = -1;
            long snapshotBytes = 0;
            for (int i = 0; i < args.length; i++) {
                final String name = args[i];
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("option " + name + " needs a value; " + USAGE);
                }
                final String value = args[++i];
                switch (name) {
                    case "--data-dir" -> dataDir = Path.of(value);
                    case "--count" -> count = Long.parseLong(value);
                    case "--ledger-entries" -> entries = Long.parseLong(value);
                    case "--segment-bytes" -> segment = Long.parseLong(value);
                    case "--exit" -> exit = value;
                    case "--syncer" -> syncer = value;
                    case "--async-interval-ms" -> interval = Long.parseLong(value);
                    case "--max-seconds" -> maxSeconds = Long.parseLong(value);
                    case "--history" -> history = Long.parseLong(value);
                    case "--snapshot-bytes" -> snapshotBytes = Long.parseLong(value);
                    default -> throw new IllegalArgumentException("unknown option " + name + "; " + USAGE);
                }
            }
            if (dataDir == null) {
                throw new IllegalArgumentException("--data-dir is required; " + USAGE);
            }
            if (count < 1 || count > BatchSpec.MAX_COUNT) {
                throw new IllegalArgumentException("--count must be 1.." + BatchSpec.MAX_COUNT + " (one batch)");
            }
            if (entries < count) {
                throw new IllegalArgumentException("--ledger-entries (" + entries + ") must be at least --count (" + count + ")");
            }
            if (segment < 65_536 || segment > 1L << 30) {
                throw new IllegalArgumentException("--segment-bytes must be 65536..1073741824");
            }
            if (!"clean".equals(exit) && !"crash".equals(exit)) {
                throw new IllegalArgumentException("--exit must be clean or crash");
            }
            if (!"async".equals(syncer) && !"none".equals(syncer)) {
                throw new IllegalArgumentException("--syncer must be async or none");
            }
            if (interval < 1 || interval > 1000) {
                throw new IllegalArgumentException("--async-interval-ms must be 1..1000");
            }
            if (maxSeconds < 1 || maxSeconds > 3600) {
                throw new IllegalArgumentException("--max-seconds must be 1..3600");
            }
            return new Options(dataDir, count, entries, (int) segment, "crash".equals(exit), "async".equals(syncer), interval,
                    maxSeconds, history(history, count), snapshotBytes(snapshotBytes, segment));
        }

        /** {@code --history}, {@code count} when not given. */
        private static long history(final long history, final long count) {
            final long h = history < 0 ? count : history;
            if (h < count || h > 1_000_000_000L) {
                throw new IllegalArgumentException("--history must be --count..1000000000");
            }
            return h;
        }

        private static long snapshotBytes(final long snapshotBytes, final long segment) {
            if (snapshotBytes != 0 && snapshotBytes < segment) {
                throw new IllegalArgumentException("--snapshot-bytes must be 0 (none) or at least --segment-bytes");
            }
            return snapshotBytes;
        }
    }

    public static void main(final String[] args) throws IOException {
        final Options o;
        try {
            o = Options.parse(args);
        } catch (final IllegalArgumentException e) {
            System.err.println("FillLedger: " + e.getMessage());
            System.exit(2);
            return;
        }
        Files.createDirectories(o.dataDir());
        System.out.printf(Locale.ROOT, "fill: data_dir=%s count=%d history=%d snapshot_bytes=%d ledger_entries=%d segment_bytes=%d"
                + " exit=%s syncer=%s%n", o.dataDir().toAbsolutePath(), o.count(), o.history(), o.snapshotBytes(), o.ledgerEntries(),
                o.segmentBytes(), o.crash() ? "crash" : "clean", o.syncer() ? "async/" + o.asyncIntervalMillis() + "ms" : "none");

        final long t0 = System.nanoTime();
        final Recovery.State state = Recovery.open(o.dataDir(), o.ledgerEntries(), o.segmentBytes());
        final FileJournal journal = state.journal();
        final String boot = Checkpoint.currentBootId();
        // as the server does at start: until a clean stop, the next open must replay
        new Checkpoint(journal.endPosition(), false, boot).write(o.dataDir());
        final Verifier verifier = new Verifier(new VerifierContext().ledger(state.ledger()).journal(journal).batches(state.batches())
                .keys(KeyRing.openOrCreate(o.dataDir())).requestWindow(state.requests()));
        System.out.printf(Locale.ROOT, "open: %s (%d ms)%n", state.report(), (System.nanoTime() - t0) / 1_000_000);

        final JournalSyncer syncer = o.syncer()
                ? new JournalSyncer(journal, DurabilityMode.ASYNC, o.asyncIntervalMillis(), position -> { }, (nanos, bytes) -> { })
                : null;
        if (syncer != null) {
            syncer.start();
        }
        final Batch batch = verifier.createBatch(BatchSpec.of("FILL-COLA-330", "06901234567892", "CN-31", o.count(), "ACTIVE", null));
        System.out.printf(Locale.ROOT, "batch: id=%d first_serial=%d count=%d%n", batch.batchId(), batch.firstSerial(), batch.count());

        final FillSnapshots snapshots = o.snapshotBytes() > 0 ? new FillSnapshots(state, o.dataDir(), o.snapshotBytes(), o.segmentBytes())
                : null;
        final long scanned = fill(verifier, batch, o, snapshots);

        final long tClose = System.nanoTime();
        if (syncer != null) {
            syncer.close(); // stops the thread after a last force
        }
        final long end = journal.endPosition();
        journal.force();
        System.out.printf(Locale.ROOT, "journal: %d segment(s), end %s, next sequence %d, %d bytes of records%n",
                journal.segmentCount(), JournalPosition.toString(end), journal.nextSequence(), journalBytes(end, o.segmentBytes()));
        System.out.printf(Locale.ROOT, "ledger: %d entries (capacity %d)%n", state.ledger().size(), state.ledger().capacity());
        if (o.crash()) {
            System.out.printf(Locale.ROOT, "exit: crash after %d scans: journal forced, ledger left open, checkpoint unclean; halting%n",
                    scanned);
            System.out.flush();
            Runtime.getRuntime().halt(0);
        }
        stopCleanly(state, o, end, boot);
        System.out.printf(Locale.ROOT, "exit: clean after %d scans: ledger and journal closed, clean checkpoint at %s (%d ms)%n",
                scanned, JournalPosition.toString(end), (System.nanoTime() - tClose) / 1_000_000);
        System.out.printf(Locale.ROOT, "files: %s%n", sizes(o.dataDir()));
    }

    /**
     * As the server's clean stop does: the request window, the ledger, the journal, then a clean
     * checkpoint with the ledger's checksum (without it the next start rebuilds).
     */
    private static void stopCleanly(final Recovery.State state, final Options o, final long end, final String boot) {
        state.requests().save(o.dataDir());
        state.ledger().close();
        state.journal().close();
        ConsumerFiles.closeAndSeal(o.dataDir(), state.consumers().table(), end);
        new Checkpoint(end, true, boot, Checkpoint.fileCrc(o.dataDir().resolve(Recovery.LEDGER_FILE))).write(o.dataDir());
    }

    /**
     * Scans {@code o.count()} distinct codes of {@code batch} once each, then codes drawn at random
     * until {@code o.history()} scans in all, with {@code snapshots} (or none) on its schedule;
     * returns how many it scanned.
     */
    private static long fill(final Verifier verifier, final Batch batch, final Options o, final FillSnapshots snapshots) {
        final SplittableRandom random = new SplittableRandom(0x5ca9_6a7eL);
        final long[] devices = new long[1024];
        for (int i = 0; i < devices.length; i++) {
            devices[i] = random.nextLong();
        }
        final long[] regions = {Regions.pack("CN-31"), Regions.pack("CN-11"), Regions.pack("CN-44"), Regions.pack("HK")};
        final long first = batch.firstCodeId();
        final long deadline = System.nanoTime() + o.maxSeconds() * 1_000_000_000L;
        final ScanEvent e = new ScanEvent();
        final long t0 = System.nanoTime();
        long windowStart = t0;
        long i = 0;
        for (; i < o.history(); i++) {
            final boolean firstScan = i < o.count();
            e.codeId = first + (firstScan ? i : random.nextLong(o.count()));
            e.deviceHash = devices[firstScan ? (int) (i & 1023) : random.nextInt(devices.length)];
            e.region = regions[firstScan ? (int) ((i >>> 10) & 3) : random.nextInt(regions.length)];
            e.gtin = 0;
            e.status = ScanEvent.STATUS_OK;
            verifier.scan(e);
            check(e, i, firstScan);
            if (i + 1 == o.count()) {
                final long nanos = System.nanoTime() - t0;
                System.out.printf(Locale.ROOT, "fill: %,d first scans in %,d ms = %,.0f scans/s (%.0f ns per scan; Verifier.scan with"
                        + " journal append and Chronicle insert, one thread)%n", i + 1, nanos / 1_000_000, (i + 1) * 1e9 / nanos,
                        (double) nanos / (i + 1));
            }
            if (snapshots != null && (i + 1) % SNAPSHOT_CHECK_EVERY == 0) {
                snapshots.check(i + 1, o.history());
            }
            if ((i + 1) % PROGRESS_EVERY == 0) {
                final long now = System.nanoTime();
                System.out.printf(Locale.ROOT, "progress: %,d scans, last %,d at %,.0f scans/s%n", i + 1, PROGRESS_EVERY,
                        PROGRESS_EVERY * 1e9 / (now - windowStart));
                windowStart = now;
                if (now > deadline) {
                    System.out.printf(Locale.ROOT, "stopping early: --max-seconds %d reached%n", o.maxSeconds());
                    i++;
                    break;
                }
            }
        }
        final long nanos = System.nanoTime() - t0;
        System.out.printf(Locale.ROOT, "history: %,d scans (%,d of them repeats) in %,d ms = %,.0f scans/s, snapshots included%n", i,
                Math.max(0, i - o.count()), nanos / 1_000_000, i * 1e9 / nanos);
        if (snapshots != null) {
            System.out.println(snapshots.summary());
        }
        return i;
    }

    /** Throws unless scan {@code i} was counted as it should: a genuine first scan, or a repeat (genuine or suspect). */
    private static void check(final ScanEvent e, final long i, final boolean firstScan) {
        final boolean counted = e.status == ScanEvent.STATUS_OK && e.firstScan == firstScan
                && (e.verdict == Verdict.GENUINE || !firstScan && e.verdict == Verdict.SUSPECT);
        if (!counted) {
            throw new IllegalStateException("scan " + i + " gave " + e.verdict + " first=" + e.firstScan + " status=" + e.status);
        }
    }

    private static long journalBytes(final long end, final int segmentBytes) {
        return (long) JournalPosition.segment(end) * segmentBytes + JournalPosition.offset(end);
    }

    private static String sizes(final Path dataDir) {
        final StringBuilder sb = new StringBuilder();
        try (Stream<Path> files = Files.walk(dataDir)) {
            long journal = 0;
            for (final Path p : (Iterable<Path>) files::iterator) {
                if (!Files.isRegularFile(p)) {
                    continue;
                }
                if (p.getParent().getFileName().toString().equals(Recovery.JOURNAL_DIR)) {
                    journal += Files.size(p);
                } else {
                    sb.append(p.getFileName()).append('=').append(Files.size(p)).append("B ");
                }
            }
            sb.append("journal/*=").append(journal).append('B');
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
        return sb.toString();
    }
}
