package io.scangate.verifier.snapshot;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.agrona.concurrent.UnsafeBuffer;

import io.scangate.verifier.batch.Batch;
import io.scangate.verifier.batch.BatchRegistry;
import io.scangate.verifier.campaign.Campaign;
import io.scangate.verifier.campaign.CampaignBook;
import io.scangate.verifier.campaign.CampaignRecords;
import io.scangate.verifier.campaign.Reward;
import io.scangate.verifier.channel.Actor;
import io.scangate.verifier.channel.ChannelBook;
import io.scangate.verifier.channel.ChannelRecords;
import io.scangate.verifier.audit.AuditLog;
import io.scangate.verifier.consumer.LifecycleEvent;
import io.scangate.verifier.consumer.LifecycleLog;
import io.scangate.verifier.journal.JournalRecord;
import io.scangate.verifier.link.LinkBook;
import io.scangate.verifier.link.LinkRecords;
import io.scangate.verifier.link.LinkSet;

/**
 * The in-heap books' section of a snapshot as a compacted journal: the records that rebuild them
 * as they are, in the journal's own format, replayed by the same code ({@code Recovery.replayRecords}):
 * each batch's latest BATCH and its BATCH_META, each campaign's latest CAMPAIGN, every REWARD, the
 * won draws that got no prize (DRAW), each anchor's LINKS, each actor's latest ACTOR, every AUDIT
 * entry and every LIFECYCLE event (their logs; the profiles are the consumer section's). The channel's
 * unit positions, orders and cases are not in it yet (docs/SNAPSHOTS.md).
 *
 * <p>Concurrency: {@link #capture} on the verifier thread between two events (immutable parts and
 * a copy of the refused draws); {@link #write} on the snapshot's thread.
 */
public final class BooksSection {
    public static final String NAME = "books";

    private BooksSection() {
    }

    /** The books at one moment: immutable values, the reward log's last id, a copy of the refused draws. */
    public record Capture(List<Batch> batches, List<Campaign> campaigns, long lastRewardId, long[][] refusedDraws, List<LinkSet> links,
                          List<Actor> actors, long lastAuditId, long lastEventId) {
    }

    /** Verifier thread: what {@link #write} needs, taken between two events. */
    public static Capture capture(final BatchRegistry batches, final CampaignBook campaigns, final LinkBook links, final ChannelBook channel,
                                  final AuditLog audit, final LifecycleLog events) {
        return new Capture(batches.index().all(), campaigns.runtimes().stream().map(r -> r.campaign()).toList(), campaigns.rewards().size(),
                campaigns.refusedDraws(), links.all(), channel.actors(), audit.size(), events.size());
    }

    /**
     * Snapshot thread: writes the records of {@code c} (the rewards, audit entries and lifecycle
     * events read from their logs up to the captured ids); returns how many.
     */
    public static long write(final Capture c, final CampaignBook campaigns, final AuditLog audit, final LifecycleLog events, final OutputStream out) {
        final Records r = new Records(out);
        for (final Batch b : c.batches()) {
            r.add(JournalRecord.TYPE_BATCH, BatchRegistry.toJson(b));
            if (b.meta() != null) {
                r.add(JournalRecord.TYPE_BATCH_META, BatchRegistry.metaToJson(b.batchId(), b.meta()));
            }
        }
        for (final Campaign k : c.campaigns()) {
            r.add(JournalRecord.TYPE_CAMPAIGN, CampaignRecords.campaignJson(k));
        }
        for (long id = 1; id <= c.lastRewardId(); id++) {
            final Reward w = campaigns.rewards().get(id); // appended before the capture: immutable, published
            r.add(JournalRecord.TYPE_REWARD, CampaignRecords.rewardJson(w));
        }
        for (final long[] d : c.refusedDraws()) {
            r.add(JournalRecord.TYPE_DRAW, CampaignRecords.refusalJson((int) d[1], d[0]));
        }
        for (final LinkSet s : c.links()) {
            r.add(JournalRecord.TYPE_LINKS, LinkRecords.json(s));
        }
        for (final Actor a : c.actors()) {
            r.add(JournalRecord.TYPE_ACTOR, ChannelRecords.actorJson(a));
        }
        for (long id = 1; id <= c.lastAuditId(); id++) {
            r.add(JournalRecord.TYPE_AUDIT, AuditLog.json(audit.get(id)));
        }
        for (long id = 1; id <= c.lastEventId(); id++) {
            final LifecycleEvent e = events.get(id);
            final byte[] consumer = e.consumer() == null ? new byte[0] : e.consumer().getBytes(StandardCharsets.UTF_8);
            r.addKeyed(JournalRecord.TYPE_LIFECYCLE, e.consumerHash(), e.atMillis(), e.info(), consumer);
        }
        return r.count;
    }

    /** Journal-format records written one after the other into a stream (through direct memory: the record checksum reads by address). */
    private static final class Records {
        private final OutputStream out;
        private UnsafeBuffer buf = new UnsafeBuffer(ByteBuffer.allocateDirect(1 << 12));
        private byte[] bytes = new byte[1 << 12];
        private long count;

        Records(final OutputStream out) {
            this.out = out;
        }

        void add(final int type, final byte[] json) {
            room(JournalRecord.batchLength(json.length));
            emit(JournalRecord.writeJson(buf, 0, type, ++count, json));
        }

        void addKeyed(final int type, final long key, final long at, final long info, final byte[] data) {
            room(JournalRecord.keyedLength(data.length));
            emit(JournalRecord.writeKeyed(buf, 0, type, ++count, key, at, info, data, data.length));
        }

        private void room(final int need) {
            if (need > buf.capacity()) {
                buf = new UnsafeBuffer(ByteBuffer.allocateDirect(Integer.highestOneBit(need) << 1));
                bytes = new byte[buf.capacity()];
            }
        }

        private void emit(final int length) {
            buf.getBytes(0, bytes, 0, length);
            try {
                out.write(bytes, 0, length);
            } catch (final IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
