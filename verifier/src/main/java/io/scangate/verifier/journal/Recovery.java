package io.scangate.verifier.journal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

import org.agrona.CloseHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.scangate.verifier.batch.BatchRegistry;
import io.scangate.verifier.campaign.CampaignBook;
import io.scangate.verifier.audit.AuditLog;
import io.scangate.verifier.channel.ChannelBook;
import io.scangate.verifier.consumer.ConsumerBook;
import io.scangate.verifier.consumer.ConsumerFiles;
import io.scangate.verifier.consumer.ConsumerTable;
import io.scangate.verifier.consumer.LifecycleRules;
import io.scangate.verifier.ledger.ChronicleLedger;
import io.scangate.verifier.ledger.CodeState;
import io.scangate.verifier.ledger.Ledger;
import io.scangate.verifier.ledger.RequestWindow;
import io.scangate.verifier.link.LinkBook;
import io.scangate.verifier.snapshot.SnapshotReader;

/**
 * Opens the durable state of a data directory: the journal (cutting a torn tail), the batches and
 * the ledger, replaying the journal into the ledger as far as the last stop requires. Afterwards
 * the ledger equals a fresh replay of the journal. Used by the server at start and by
 * {@code scangate recover} offline.
 */
public final class Recovery {
    private static final Logger LOG = LoggerFactory.getLogger(Recovery.class);
    public static final String LEDGER_FILE = "ledger.cm3";
    public static final String JOURNAL_DIR = "journal";

    /** How the ledger was brought up to date. */
    public enum Mode {
        /** Clean stop on this boot: opened as it was. */
        OPENED,
        /** No usable ledger (missing, corrupt, or any unclean stop): built from the whole journal. */
        REBUILT,
        /** No usable ledger: restored from the newest valid snapshot, then the journal after it. */
        SNAPSHOT
    }

    /** What recovery found and did. */
    public record Report(Mode mode, String reason, long fromPosition, long records, long endPosition, long nextSequence,
                         FileJournal.TornTail tornTail, long millis) {
        @Override
        public String toString() {
            return "mode=" + mode + " reason=\"" + reason + "\" from=" + JournalPosition.toString(fromPosition) + " records_replayed=" + records
                    + " journal_end=" + JournalPosition.toString(endPosition) + " next_sequence=" + nextSequence
                    + " torn_tail=" + (tornTail == null ? "none" : tornTail.segment() + ":" + tornTail.offset() + "+" + tornTail.bytes() + "B")
                    + " millis=" + millis;
        }
    }

    /** The opened state; the caller owns and closes its parts. */
    public record State(FileJournal journal, ChronicleLedger ledger, BatchRegistry batches, RequestWindow requests, CampaignBook campaigns,
                        ChannelBook channel, LinkBook links, ConsumerBook consumers, AuditLog audit,
                        Report report) {
        /**
         * Closes the ledger and the journal as a clean stop must: the idempotency window saved
         * (recovery deleted the saved one, and after a crash rebuilt it from the journal), then a
         * clean checkpoint at the journal's end with the ledger's checksum. The next start opens the
         * ledger as it is and still answers a retry of a request made before with its original
         * answer. Only when nothing uses the state any more (the verifier has stopped). Every part
         * is closed even if an earlier step fails; then the first failure is thrown (the others
         * suppressed in it) and no clean checkpoint is written.
         */
        public void closeCleanly(final Path dataDir) {
            final long end = journal.endPosition();
            RuntimeException failure = step(null, () -> requests.save(dataDir));
            failure = step(failure, () -> ConsumerFiles.closeAndSeal(dataDir, consumers.table(), end));
            failure = step(failure, ledger::close);
            failure = step(failure, journal::close);
            if (failure != null) {
                throw failure;
            }
            new Checkpoint(end, true, Checkpoint.currentBootId(), Checkpoint.fileCrc(dataDir.resolve(LEDGER_FILE))).write(dataDir);
        }

        private static RuntimeException step(final RuntimeException failed, final Runnable step) {
            try {
                step.run();
                return failed;
            } catch (final RuntimeException e) {
                if (failed == null) {
                    return e;
                }
                failed.addSuppressed(e);
                return failed;
            }
        }
    }

    private Recovery() {
    }

    /** Opens (and if needed recovers or rebuilds) the state in {@code dataDir}. */
    public static State open(final Path dataDir, final long ledgerEntries, final int segmentBytes) {
        return open(dataDir, ledgerEntries, segmentBytes, RecoveryContext.REQUEST_WINDOW_DEFAULT);
    }

    /** Opens the state {@code ctx} describes, after {@link RecoveryContext#conclude() concluding} it. */
    public static State open(final RecoveryContext ctx) {
        ctx.conclude();
        return open(ctx.dataDir(), ctx.ledgerEntries(), ctx.segmentBytes(), ctx.requestWindow(), ctx.consumers(), ctx.lifecycle());
    }

    /**
     * As {@link #open(Path, long, int)}, with an idempotency window of {@code windowCapacity} requests.
     * Throws if the journal cannot be replayed (a record of an unknown type, missing or corrupt
     * records), after closing what it opened.
     */
    public static State open(final Path dataDir, final long ledgerEntries, final int segmentBytes, final int windowCapacity) {
        return open(dataDir, ledgerEntries, segmentBytes, windowCapacity, RecoveryContext.CONSUMERS_DEFAULT, LifecycleRules.DEFAULTS);
    }

    private static State open(final Path dataDir, final long ledgerEntries, final int segmentBytes, final int windowCapacity,
                              final long consumerCapacity, final LifecycleRules lifecycle) {
        final long t0 = System.nanoTime();
        final FileJournal journal = FileJournal.open(dataDir.resolve(JOURNAL_DIR), segmentBytes);
        ChronicleLedger ledger = null;
        CompletableFuture<ChronicleLedger> fresh = null;
        ConsumerTable table = null;
        try {
            final BatchRegistry batches = openBatches(dataDir);
            Start start = start(dataDir, ledgerEntries);
            if (start.mode() == Mode.OPENED) {
                final StringBuilder why = new StringBuilder();
                table = ConsumerFiles.openSealed(dataDir, start.from(), consumerCapacity, why);
                if (table == null) {
                    start.ledger().close();
                    start = new Start(Mode.REBUILT, why.toString(), JournalPosition.of(0, 0), null);
                }
            }
            final StringBuilder skipped = new StringBuilder();
            final SnapshotReader snap = Restore.newest(dataDir, skipped);
            if (start.mode() == Mode.REBUILT && snap != null) {
                start = new Start(Mode.SNAPSHOT, start.reason() + "; from snapshot " + snap.file().getFileName()
                        + (skipped.length() == 0 ? "" : " (skipped: " + skipped + ")"), snap.position(), null);
            } else if (start.mode() == Mode.REBUILT && skipped.length() > 0) {
                start = new Start(Mode.REBUILT, start.reason() + "; no usable snapshot: " + skipped, start.from(), null);
            }
            table = table != null ? table : ConsumerFiles.fresh(dataDir, consumerCapacity);
            ConsumerFiles.unseal(dataDir);
            final ConsumerBook consumers = new ConsumerBook(table, lifecycle);
            fresh = start.mode() == Mode.OPENED ? CompletableFuture.completedFuture(start.ledger())
                    : emptyLedger(dataDir, journal, ledgerEntries, batches, start.reason(), start.mode() == Mode.SNAPSHOT);
            final RequestWindow requests = openWindow(dataDir, start.mode(), windowCapacity);
            final Books books = new Books(batches, consumers);
            final Restore.Positions from = positions(start, snap, requests, table, books);
            final long records = TailReplay.replay(journal, segmentBytes, from, fresh, start.mode(), snap, requests, books);
            ledger = TailReplay.join(fresh);
            io.scangate.verifier.fs.Discard.sweep(dataDir); // the unusable ledger set aside, now that the tail's loaders have the cores no more
            books.links.publish();
            final Report report = new Report(start.mode(), start.reason(), from.min(), records, journal.endPosition(),
                    journal.nextSequence(), journal.tornTail(), (System.nanoTime() - t0) / 1_000_000);
            LOG.info("event=recovered {}", report);
            return new State(journal, ledger, batches, requests, books.campaigns, books.channel, books.links, consumers,
                    books.audit, report);
        } catch (final RuntimeException e) {
            CloseHelper.quietCloseAll(ledger, table, journal);
            if (ledger == null && fresh != null) {
                fresh.thenAccept(ChronicleLedger::close); // whenever it is made
            }
            throw e;
        }
    }

    /** The in-heap books, empty. */
    static final class Books {
        final BatchRegistry batches;
        final ConsumerBook lifecycleLog;
        final CampaignBook campaigns = new CampaignBook();
        final ChannelBook channel;
        final LinkBook links = new LinkBook();
        final AuditLog audit = new AuditLog();

        Books(final BatchRegistry batches, final ConsumerBook lifecycleLog) {
            this.batches = batches;
            this.lifecycleLog = lifecycleLog;
            this.channel = new ChannelBook(id -> batches.index().find(id));
        }
    }

    /**
     * Restores what the snapshot holds for this start and says from where the journal must be
     * replayed into each component: the ledger, window and profiles from the clean stop's position
     * when opened as they were, else from the snapshot's sections (or the start, without one); the
     * books from the snapshot's books section if there is one, else from the journal's start.
     */
    private static Restore.Positions positions(final Start start, final SnapshotReader snap, final RequestWindow requests,
                                               final ConsumerTable table, final Books books) {
        long ledgerFrom = start.from();
        long windowFrom = start.from();
        long consumersFrom = start.from();
        if (start.mode() == Mode.SNAPSHOT) {
            ledgerFrom = Restore.position(snap, io.scangate.verifier.snapshot.LedgerSection.NAME);
            Restore.window(snap, requests);
            windowFrom = Restore.position(snap, io.scangate.verifier.snapshot.Snapshotter.WINDOW);
            Restore.consumers(snap, table);
            consumersFrom = Restore.position(snap, io.scangate.verifier.consumer.ConsumerSection.NAME);
        }
        final long t0 = System.nanoTime();
        final long booksFrom = snap == null ? JournalPosition.of(0, 0)
                : Restore.books(snap, books.batches, books.campaigns, books.channel, books.links, books.audit, books.lifecycleLog);
        if (snap != null) {
            LOG.info("event=snapshot_books_restored file={} millis={}", snap.file().getFileName(), (System.nanoTime() - t0) / 1_000_000);
        }
        return new Restore.Positions(ledgerFrom, windowFrom, consumersFrom, booksFrom);
    }

    /**
     * {@code batches.json}, empty if unreadable: a cache only, since the snapshot's books and the
     * journal's batch records after them (or all of them) are applied over it at every start.
     */
    private static BatchRegistry openBatches(final Path dataDir) {
        try {
            return BatchRegistry.open(dataDir);
        } catch (final RuntimeException e) {
            LOG.warn("event=batches_unreadable file={} error=\"{}\" action=rebuild_from_journal", dataDir.resolve(BatchRegistry.FILE_NAME), e.toString());
            return BatchRegistry.empty(dataDir);
        }
    }

    /** How recovery starts: opening the ledger as it was (from the checkpoint's position) or rebuilding it (from the start). */
    private record Start(Mode mode, String reason, long from, ChronicleLedger ledger) {
    }

    private static Start start(final Path dataDir, final long ledgerEntries) {
        final Path mapFile = dataDir.resolve(LEDGER_FILE);
        final Checkpoint cp = Checkpoint.read(dataDir);
        final String rebuild = rebuildReason(mapFile, cp);
        if (rebuild != null) {
            return new Start(Mode.REBUILT, rebuild, JournalPosition.of(0, 0), null);
        }
        try {
            return new Start(Mode.OPENED, "clean stop", cp.position(), ChronicleLedger.open(mapFile, ledgerEntries));
        } catch (final RuntimeException e) {
            LOG.warn("event=ledger_unusable file={} error=\"{}\"", mapFile, e.toString());
            return new Start(Mode.REBUILT, "ledger file unusable: " + e.getMessage(), JournalPosition.of(0, 0), null);
        }
    }

    /** Why the ledger cannot be opened as it was, or null if it can. */
    private static String rebuildReason(final Path mapFile, final Checkpoint cp) {
        final String boot = Checkpoint.currentBootId();
        if (!Files.exists(mapFile)) {
            return "no ledger file";
        }
        if (cp == null) {
            return "no checkpoint";
        }
        if (!cp.clean()) {
            // Chronicle Map's own crash recovery (recoverPersistedTo) lost entries in our kill -9
            // tests, and after a power loss the never-fsynced file may be torn anywhere: after any
            // unclean stop the ledger is rebuilt from the journal, the source of truth.
            return cp.bootId().equals(boot) ? "unclean stop (process killed)" : "unclean stop on an earlier boot (power loss or OS crash)";
        }
        if (cp.ledgerFormat() != Checkpoint.LEDGER_FORMAT) {
            return "ledger format " + cp.ledgerFormat() + " written by another version; this one uses " + Checkpoint.LEDGER_FORMAT;
        }
        if (!cp.bootId().equals(boot)) {
            // the ledger is never fsynced: a power loss after a clean stop may have lost its pages
            return "clean stop on an earlier boot: the ledger was never fsynced";
        }
        if (cp.ledgerCrc() == Checkpoint.NO_CRC || Checkpoint.fileCrc(mapFile) != cp.ledgerCrc()) {
            return "ledger file does not match the checksum of the clean stop";
        }
        return null;
    }

    /**
     * An empty ledger (and no batches) for a rebuild, which needs the journal from its first
     * record unless a snapshot fills it; made on a pool thread when a snapshot does (the map is
     * only needed once the journal's tail has been collected: 0.6-3 s off a restart).
     */
    private static CompletableFuture<ChronicleLedger> emptyLedger(final Path dataDir, final FileJournal journal, final long ledgerEntries,
                                               final BatchRegistry batches, final String reason, final boolean fromSnapshot) {
        if (!fromSnapshot && journal.firstSequence() > 1) {
            throw new IllegalStateException("the ledger must be rebuilt (" + reason + ") but journal records before sequence "
                    + journal.firstSequence() + " were compacted away; restore them or the ledger from a backup");
        }
        final Path mapFile = dataDir.resolve(LEDGER_FILE);
        // a gigabyte's unlink takes the kernel most of a second: set aside now, deleted once the refill is done
        io.scangate.verifier.fs.Discard.file(mapFile);
        batches.clear();
        final java.util.function.Supplier<ChronicleLedger> create = () -> {
            final long t0 = System.nanoTime();
            final ChronicleLedger ledger = ChronicleLedger.open(mapFile, ledgerEntries);
            LOG.info("event=ledger_created entries={} millis={}", ledgerEntries, (System.nanoTime() - t0) / 1_000_000);
            return ledger;
        };
        return fromSnapshot ? CompletableFuture.supplyAsync(create) : CompletableFuture.completedFuture(create.get());
    }

    /**
     * The idempotency window: as saved at the clean stop when the ledger is opened as it was
     * (the replay adds what followed), else empty (the replay of the whole journal fills it). The
     * saved file is deleted, so a later crash cannot load a stale window.
     */
    private static RequestWindow openWindow(final Path dataDir, final Mode mode, final int windowCapacity) {
        final RequestWindow requests = new RequestWindow(windowCapacity);
        if (mode == Mode.OPENED && !requests.load(dataDir)) {
            LOG.warn("event=request_window_missing file={} effect=\"retries of requests before the stop count again\"",
                    dataDir.resolve(RequestWindow.FILE_NAME));
        }
        RequestWindow.discardSaved(dataDir);
        return requests;
    }

    /**
     * Replays {@code length} bytes of journal-format records in {@code records} (a snapshot's
     * compacted journal; direct memory, as record checksums are read by address) into the books
     * given (any may be null); returns how many. Throws at a damaged record or one of a type this
     * version does not know.
     */
    public static long replayRecords(final org.agrona.concurrent.UnsafeBuffer records, final int length, final BatchRegistry batches,
                                     final CampaignBook campaigns, final ChannelBook channel, final LinkBook links, final AuditLog audit,
                                     final ConsumerBook lifecycleLog) {
        if (records.byteArray() != null) {
            throw new IllegalArgumentException("records must be in direct memory");
        }
        final RecordReplayer replayer = new RecordReplayer(null, null, batches, campaigns, channel, links).audit(audit)
                .consumers(null, lifecycleLog);
        int offset = 0;
        while (offset < length) {
            final int n = JournalRecord.validate(records, offset, length);
            if (n <= 0) {
                throw new IllegalStateException("snapshot records damaged at byte " + offset);
            }
            replayer.onRecord(records, offset, JournalRecord.type(records, offset), JournalRecord.sequence(records, offset), 0);
            offset += n;
        }
        return replayer.records();
    }

    /**
     * Applies every record from {@code from} to the ledger, the request window, the batches and
     * (unless null) campaigns and channel; returns how many. Throws, naming its position, at a record of a type
     * this version does not know.
     */
    public static long replay(final FileJournal journal, final long from, final Ledger ledger, final BatchRegistry batches,
                              final RequestWindow requests, final CampaignBook campaigns, final ChannelBook channel) {
        return replay(journal, from, ledger, batches, requests, campaigns, channel, null);
    }

    /**
     * As {@link #replay(FileJournal, long, Ledger, BatchRegistry, RequestWindow, CampaignBook, ChannelBook)},
     * also into {@code links} (unless null), which it leaves unpublished: the caller publishes.
     */
    public static long replay(final FileJournal journal, final long from, final Ledger ledger, final BatchRegistry batches,
                              final RequestWindow requests, final CampaignBook campaigns, final ChannelBook channel,
                              final LinkBook links) {
        final RecordReplayer replayer = new RecordReplayer(ledger, requests, batches, campaigns, channel, links);
        journal.replay(from, replayer);
        return replayer.records();
    }
}
