package io.scangate.verifier.journal;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

import org.agrona.concurrent.UnsafeBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.scangate.verifier.audit.AuditLog;
import io.scangate.verifier.batch.BatchRegistry;
import io.scangate.verifier.campaign.CampaignBook;
import io.scangate.verifier.channel.ChannelBook;
import io.scangate.verifier.channel.ChannelSection;
import io.scangate.verifier.consumer.ConsumerBook;
import io.scangate.verifier.consumer.ConsumerSection;
import io.scangate.verifier.consumer.ConsumerTable;
import io.scangate.verifier.ledger.Ledger;
import io.scangate.verifier.ledger.LedgerBase;
import io.scangate.verifier.ledger.TailCollector;
import io.scangate.verifier.ledger.RequestWindow;
import io.scangate.verifier.link.LinkBook;
import io.scangate.verifier.snapshot.BooksSection;
import io.scangate.verifier.snapshot.LedgerSection;
import io.scangate.verifier.snapshot.SnapshotReader;
import io.scangate.verifier.snapshot.SnapshotStore;
import io.scangate.verifier.snapshot.Snapshotter;

/**
 * Recovery's use of a snapshot: finding the newest valid one (each one skipped logged with its
 * reason) and restoring its sections into fresh components. Each section says the journal
 * position its component holds every effect up to; the replay that follows gives each record only
 * to the components it is past ({@link RecordReplayer#from}).
 *
 * <p>Concurrency: the recovering thread.
 */
public final class Restore {
    private static final Logger LOG = LoggerFactory.getLogger(Restore.class);

    private Restore() {
    }

    /** Where each restored component's effects reach. */
    record Positions(long ledger, long window, long consumers, long books) {
        long min() {
            return Math.min(Math.min(ledger, window), Math.min(consumers, books));
        }
    }

    /** The newest snapshot of {@code dataDir} that checks out, or null; each damaged one is logged and skipped. */
    public static SnapshotReader newest(final Path dataDir, final StringBuilder skipped) {
        final long t0 = System.nanoTime();
        final SnapshotReader snap = new SnapshotStore(dataDir.resolve(Snapshotter.DIR)).newestValid(why -> {
            LOG.warn("event=snapshot_skipped reason=\"{}\"", why);
            skipped.append(skipped.length() == 0 ? "" : "; ").append(why);
        });
        if (snap != null) { // the checks read the whole file: part of a restart's time
            LOG.info("event=snapshot_validated file={} millis={}", snap.file().getFileName(), (System.nanoTime() - t0) / 1_000_000);
        }
        return snap;
    }

    public static long position(final SnapshotReader snap, final String section) {
        final SnapshotReader.Section s = snap.section(section);
        if (s == null) {
            throw new IllegalStateException("snapshot " + snap.file().getFileName() + " has no " + section + " section");
        }
        return s.position();
    }

    /** The books section into the (empty) books given, then the channel's section; returns the books' position. */
    public static long books(final SnapshotReader snap, final BatchRegistry batches, final CampaignBook campaigns, final ChannelBook channel,
                      final LinkBook links, final AuditLog audit, final ConsumerBook lifecycleLog) {
        final byte[] bytes = snap.read(BooksSection.NAME);
        if (bytes == null) {
            throw new IllegalStateException("snapshot " + snap.file().getFileName() + " has no books section");
        }
        final UnsafeBuffer records = new UnsafeBuffer(ByteBuffer.allocateDirect(Math.max(1, bytes.length)));
        records.putBytes(0, bytes);
        // batches into memory first, then published at once: the registry writes its file at each change
        final BatchRegistry restored = BatchRegistry.inMemory();
        Recovery.replayRecords(records, bytes.length, restored, campaigns, channel, links, audit, lifecycleLog);
        batches.restore(restored.index().all());
        try (InputStream in = snap.stream(ChannelSection.NAME)) {
            if (in == null) {
                throw new IllegalStateException("snapshot " + snap.file().getFileName() + " has no channel section");
            }
            ChannelSection.restore(in, channel);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
        return position(snap, BooksSection.NAME);
    }

    /** The first half of {@link #ledgerBase}: the snapshot's ledger section mapped and its codes sorted for indexing. */
    public static LedgerBase.Prepared prepareLedgerBase(final SnapshotReader snap) {
        final long t0 = System.nanoTime();
        final LedgerBase.Prepared prepared = LedgerBase.prepare(LedgerSection.source(snap));
        LOG.info("event=snapshot_ledger_sorted file={} millis={}", snap.file().getFileName(), (System.nanoTime() - t0) / 1_000_000);
        return prepared;
    }

    /**
     * The ledger section indexed as a base to refill a fresh ledger from while the server runs
     * ({@link io.scangate.verifier.ledger.ChronicleLedger#refillFrom}), by as many threads as
     * cores, counting the codes {@code tail} holds too.
     */
    public static LedgerBase.Built ledgerBase(final SnapshotReader snap, final LedgerBase.Prepared prepared, final TailCollector tail) {
        final long t0 = System.nanoTime();
        final LedgerBase.Built built = prepared.build(Math.max(1, Runtime.getRuntime().availableProcessors()), tail);
        LOG.info("event=snapshot_ledger_indexed file={} codes={} journal_codes={} in_both={} millis={}", snap.file().getFileName(),
                built.base().count(), tail.size(), built.overlap(), (System.nanoTime() - t0) / 1_000_000);
        return built;
    }

    /** The ledger section into an empty ledger, by as many threads as cores; returns how many codes. */
    public static long ledger(final SnapshotReader snap, final io.scangate.verifier.ledger.ChronicleLedger ledger) {
        final long t0 = System.nanoTime();
        final long codes = LedgerSection.readInRanges(snap, ledger, Math.max(1, Runtime.getRuntime().availableProcessors()));
        LOG.info("event=snapshot_ledger_restored file={} codes={} millis={}", snap.file().getFileName(), codes, (System.nanoTime() - t0) / 1_000_000);
        return codes;
    }

    /**
     * Whether refilling the ledger behind the server fits in half the heap: the snapshot's codes
     * indexed (some 32 bytes a code while the index is built) and the journal after {@code from}
     * collected (some 100 bytes a code, a code a 64-byte record at most). 10M codes and 256 MiB of
     * journal, the default schedule, need some 740 MB. {@code -Dscangate.refill.behind=false}
     * turns it off (the snapshot's codes are then inserted before the journal is replayed).
     */
    static boolean refillFitsTheHeap(final SnapshotReader snap, final FileJournal journal, final int segmentBytes, final long from) {
        if ("false".equals(System.getProperty("scangate.refill.behind"))) {
            return false;
        }
        final long tailBytes = JournalPosition.bytesBetween(from, journal.endPosition(), segmentBytes);
        final SnapshotReader.Section section = snap.section(LedgerSection.NAME);
        final long codes = section == null ? 0 : section.length() / LedgerSection.ENTRY;
        final long need = codes * 32 + tailBytes / 64 * 100;
        final boolean fits = need < Runtime.getRuntime().maxMemory() / 2;
        if (!fits) {
            LOG.warn("event=ledger_refill_before_listening needed_heap_bytes={} max_heap_bytes={}", need, Runtime.getRuntime().maxMemory());
        }
        return fits;
    }

    public static void window(final SnapshotReader snap, final RequestWindow window) {
        try (DataInputStream in = new DataInputStream(snap.stream(Snapshotter.WINDOW))) {
            if (!window.readFrom(in)) {
                throw new IllegalStateException("snapshot " + snap.file().getFileName() + ": request window section unreadable");
            }
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void consumers(final SnapshotReader snap, final ConsumerTable table) {
        try (InputStream in = snap.stream(ConsumerSection.NAME)) {
            ConsumerSection.restore(in, table);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
