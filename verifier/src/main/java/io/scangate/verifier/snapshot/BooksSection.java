package io.scangate.verifier.snapshot;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
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
import io.scangate.verifier.journal.JournalRecord;
import io.scangate.verifier.link.LinkBook;
import io.scangate.verifier.link.LinkRecords;
import io.scangate.verifier.link.LinkSet;

/**
 * The in-heap books' section of a snapshot as a compacted journal: the records that rebuild them
 * as they are, in the journal's own format, replayed by the same code ({@code Recovery.replayRecords}):
 * each batch's latest BATCH and its BATCH_META, each campaign's latest CAMPAIGN, every REWARD, the
 * won draws that got no prize (DRAW), each anchor's LINKS, each actor's latest ACTOR. The channel's
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
                          List<Actor> actors) {
    }

    /** Verifier thread: what {@link #write} needs, taken between two events. */
    public static Capture capture(final BatchRegistry batches, final CampaignBook campaigns, final LinkBook links, final ChannelBook channel) {
        return new Capture(batches.index().all(), campaigns.runtimes().stream().map(r -> r.campaign()).toList(), campaigns.rewards().size(),
                campaigns.refusedDraws(), links.all(), channel.actors());
    }

    /** Snapshot thread: writes the records of {@code c} (the rewards read from {@code campaigns}' log up to the captured id); returns how many. */
    public static long write(final Capture c, final CampaignBook campaigns, final OutputStream out) {
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
            final int need = JournalRecord.batchLength(json.length);
            if (need > buf.capacity()) {
                buf = new UnsafeBuffer(ByteBuffer.allocateDirect(Integer.highestOneBit(need) << 1));
                bytes = new byte[buf.capacity()];
            }
            final int length = JournalRecord.writeJson(buf, 0, type, ++count, json);
            buf.getBytes(0, bytes, 0, length);
            try {
                out.write(bytes, 0, length);
            } catch (final IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
