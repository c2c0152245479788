package io.scangate.verifier.journal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.scangate.verifier.batch.BatchRegistry;
import io.scangate.verifier.campaign.CampaignBook;
import io.scangate.verifier.ledger.ChronicleLedger;
import io.scangate.verifier.ledger.CodeState;
import io.scangate.verifier.ledger.Ledger;
import io.scangate.verifier.ledger.RequestWindow;

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
        REBUILT
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
                        Report report) {
    }

    private Recovery() {
    }

    /** Opens (and if needed recovers or rebuilds) the state in {@code dataDir}. */
    public static State open(final Path dataDir, final long ledgerEntries, final int segmentBytes) {
        return open(dataDir, ledgerEntries, segmentBytes, 1024);
    }

    /** As {@link #open(Path, long, int)}, with an idempotency window of {@code windowCapacity} requests. */
    public static State open(final Path dataDir, final long ledgerEntries, final int segmentBytes, final int windowCapacity) {
        final long t0 = System.nanoTime();
        final FileJournal journal = FileJournal.open(dataDir.resolve(JOURNAL_DIR), segmentBytes);
        final Path mapFile = dataDir.resolve(LEDGER_FILE);
        final Checkpoint cp = Checkpoint.read(dataDir);
        final String boot = Checkpoint.currentBootId();
        BatchRegistry batches;
        boolean batchesFromJournal = false;
        try {
            batches = BatchRegistry.open(dataDir);
            batchesFromJournal = !Files.exists(dataDir.resolve(BatchRegistry.FILE_NAME)) && journal.endPosition() != 0;
        } catch (final RuntimeException e) {
            LOG.warn("event=batches_unreadable file={} error=\"{}\" action=rebuild_from_journal", dataDir.resolve(BatchRegistry.FILE_NAME), e.toString());
            batches = BatchRegistry.empty(dataDir);
            batchesFromJournal = true;
        }

        Mode mode;
        String reason;
        long from;
        ChronicleLedger ledger = null;
        if (!Files.exists(mapFile)) {
            mode = Mode.REBUILT;
            reason = "no ledger file";
        } else if (cp == null) {
            mode = Mode.REBUILT;
            reason = "no checkpoint";
        } else if (!cp.clean()) {
            // Chronicle Map's own crash recovery (recoverPersistedTo) lost entries in our kill -9
            // tests, and after a power loss the never-fsynced file may be torn anywhere: after any
            // unclean stop the ledger is rebuilt from the journal, the source of truth.
            mode = Mode.REBUILT;
            reason = cp.bootId().equals(boot) ? "unclean stop (process killed)" : "unclean stop on an earlier boot (power loss or OS crash)";
        } else if (cp.ledgerFormat() != Checkpoint.LEDGER_FORMAT) {
            mode = Mode.REBUILT;
            reason = "ledger format " + cp.ledgerFormat() + " written by another version; this one uses " + Checkpoint.LEDGER_FORMAT;
        } else if (!cp.bootId().equals(boot)) {
            // the ledger is never fsynced: a power loss after a clean stop may have lost its pages
            mode = Mode.REBUILT;
            reason = "clean stop on an earlier boot: the ledger was never fsynced";
        } else if (cp.ledgerCrc() == Checkpoint.NO_CRC || Checkpoint.fileCrc(mapFile) != cp.ledgerCrc()) {
            mode = Mode.REBUILT;
            reason = "ledger file does not match the checksum of the clean stop";
        } else {
            mode = Mode.OPENED;
            reason = "clean stop";
            try {
                ledger = ChronicleLedger.open(mapFile, ledgerEntries);
            } catch (final RuntimeException e) {
                LOG.warn("event=ledger_unusable file={} error=\"{}\"", mapFile, e.toString());
                mode = Mode.REBUILT;
                reason = "ledger file unusable: " + e.getMessage();
            }
        }
        if (mode == Mode.REBUILT) {
            if (journal.firstSequence() > 1) {
                journal.close();
                throw new IllegalStateException("the ledger must be rebuilt (" + reason + ") but journal records before sequence "
                        + journal.firstSequence() + " were compacted away; restore them or the ledger from a backup");
            }
            try {
                Files.deleteIfExists(mapFile);
            } catch (final IOException e) {
                journal.close();
                throw new UncheckedIOException("cannot remove unusable ledger " + mapFile, e);
            }
            ledger = ChronicleLedger.open(mapFile, ledgerEntries);
            batches.clear();
            from = JournalPosition.of(0, 0);
        } else {
            from = cp.position();
        }
        if (batchesFromJournal && mode == Mode.OPENED) {
            // batches.json is a cache of the journal's batch records: rebuild it from them
            final BatchRegistry target = batches;
            journal.replay(JournalPosition.of(0, 0), (buffer, offset, type, sequence, end) -> {
                if (type == JournalRecord.TYPE_BATCH) {
                    target.apply(BatchRegistry.fromJson(JournalRecord.readJson(buffer, offset)));
                }
            });
        }
        final RequestWindow requests = new RequestWindow(windowCapacity);
        if (mode == Mode.OPENED && !requests.load(dataDir)) {
            LOG.warn("event=request_window_missing file={} effect=\"retries of requests before the stop count again\"",
                    dataDir.resolve(RequestWindow.FILE_NAME));
        }
        RequestWindow.discardSaved(dataDir);
        final CampaignBook campaigns = new CampaignBook();
        if (mode == Mode.OPENED) {
            // campaigns, rewards and draws live only in the journal: read them from its start
            journal.replay(JournalPosition.of(0, 0), (buffer, offset, type, sequence, end) -> {
                if (type >= JournalRecord.TYPE_CAMPAIGN) {
                    campaigns.replay(type, JournalRecord.readJson(buffer, offset), end);
                }
            });
        }
        final long records = replay(journal, from, ledger, batches, requests, mode == Mode.OPENED ? null : campaigns);
        final Report report = new Report(mode, reason, from, records, journal.endPosition(), journal.nextSequence(), journal.tornTail(),
                (System.nanoTime() - t0) / 1_000_000);
        LOG.info("event=recovered {}", report);
        return new State(journal, ledger, batches, requests, campaigns, report);
    }

    /**
     * Replays the whole journal into a fresh in-memory ledger and compares it with {@code ledger}
     * entry by entry (empty entries ignored). Reports up to 10 differences to {@code report};
     * returns how many codes differ.
     */
    public static long verify(final FileJournal journal, final Ledger ledger, final long entries,
                              final java.util.function.Consumer<String> report) {
        try (ChronicleLedger fresh = ChronicleLedger.inMemory(entries)) {
            replay(journal, JournalPosition.of(0, 0), fresh, BatchRegistry.inMemory(), new RequestWindow(16), null);
            final java.util.Map<Long, CodeState> expected = new java.util.HashMap<>();
            fresh.forEach((s, codeId) -> {
                final CodeState copy = new CodeState();
                copy.copyFrom(s);
                expected.put(codeId, copy);
            });
            final long[] mismatches = {0};
            ledger.forEach((s, codeId) -> {
                final CodeState want = expected.remove(codeId);
                if (!s.equals(want) && mismatches[0]++ < 10) {
                    report.accept("code id " + codeId + ": ledger " + s + ", journal " + want);
                }
            });
            for (final java.util.Map.Entry<Long, CodeState> missing : expected.entrySet()) {
                if (mismatches[0]++ < 10) {
                    report.accept("code id " + missing.getKey() + ": ledger has nothing, journal " + missing.getValue());
                }
            }
            return mismatches[0];
        }
    }

    /**
     * Applies every record from {@code from} to the ledger, batches and (unless null) campaigns;
     * returns how many.
     */
    public static long replay(final FileJournal journal, final long from, final Ledger ledger, final BatchRegistry batches,
                              final RequestWindow requests, final CampaignBook campaigns) {
        final CodeState s = new CodeState();
        final long[] count = {0};
        journal.replay(from, (buffer, offset, type, sequence, end) -> {
            if (type == JournalRecord.TYPE_CODE_STATE) {
                final long codeId = JournalRecord.readCodeState(buffer, offset, s);
                ledger.put(codeId, s);
                requests.remember(JournalRecord.requestKey(buffer, offset), codeId, s.scanCount);
            } else if (type == JournalRecord.TYPE_BATCH) {
                batches.apply(BatchRegistry.fromJson(JournalRecord.readJson(buffer, offset)));
            } else if (campaigns != null && type >= JournalRecord.TYPE_CAMPAIGN) {
                campaigns.replay(type, JournalRecord.readJson(buffer, offset), end);
            }
            count[0]++;
        });
        return count[0];
    }
}
