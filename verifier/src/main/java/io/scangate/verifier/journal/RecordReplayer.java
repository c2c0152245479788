package io.scangate.verifier.journal;

import org.agrona.concurrent.UnsafeBuffer;

import io.scangate.verifier.batch.BatchRegistry;
import io.scangate.verifier.campaign.CampaignBook;
import io.scangate.verifier.channel.ChannelBook;
import io.scangate.verifier.channel.ChannelRecords;
import io.scangate.verifier.consumer.ConsumerBook;
import io.scangate.verifier.ledger.CodeState;
import io.scangate.verifier.ledger.Ledger;
import io.scangate.verifier.ledger.RequestWindow;
import io.scangate.verifier.link.LinkBook;
import io.scangate.verifier.link.LinkRecords;

/**
 * Applies journal records to the state they rebuild: the one place where replay dispatches on a
 * record's type, so a new type is added here (and in {@link JournalRecord}). A type this version
 * does not know stops the replay with its position named: skipping it would silently drop its
 * effect (a journal written by a newer version, or a type added without its replay).
 *
 * <p>Each target may be null: its records are then passed over (a pass that rebuilds only some of
 * the state). Concurrency: confined to the thread that replays.
 */
final class RecordReplayer implements FileJournal.JournalVisitor {
    private final Ledger ledger;
    private final RequestWindow requests;
    private final BatchRegistry batches;
    private final CampaignBook campaigns;
    private final ChannelBook channel;
    private final LinkBook links;
    private final CodeState state = new CodeState();
    private ConsumerBook profiles;
    private ConsumerBook lifecycleLog;
    private io.scangate.verifier.audit.AuditLog audit;
    private long records;
    /** Record ends past which each target takes records (Long.MIN_VALUE: every record). */
    private long ledgerFrom = Long.MIN_VALUE;
    private long windowFrom = Long.MIN_VALUE;
    private long consumersFrom = Long.MIN_VALUE;
    private long booksFrom = Long.MIN_VALUE;

    /**
     * {@code ledger} and {@code requests} go together: both are rebuilt from CODE_STATE records;
     * {@code campaigns}, {@code channel} and {@code links} too: they live only in the journal and are read from its start.
     */
    RecordReplayer(final Ledger ledger, final RequestWindow requests, final BatchRegistry batches, final CampaignBook campaigns,
                   final ChannelBook channel, final LinkBook links) {
        this.ledger = ledger;
        this.requests = requests;
        this.batches = batches;
        this.campaigns = campaigns;
        this.channel = channel;
        this.links = links;
    }

    /**
     * Also rebuilds {@code profiles} (from CONSUMER records, the purchases among CODE_STATE records,
     * and the LAPSING and CHURNED events) and {@code log}'s lifecycle event log (from LIFECYCLE
     * records); either may be null. Returns this.
     */
    RecordReplayer consumers(final ConsumerBook profiles, final ConsumerBook log) {
        this.profiles = profiles;
        this.lifecycleLog = log;
        return this;
    }

    /**
     * Gives each record only to the targets whose state it is past: the ledger from
     * {@code p.ledger()}, the request window from {@code p.window()}, the consumer profiles from
     * {@code p.consumers()}, the books (batches, campaigns, channel, links, audit and lifecycle
     * logs) from {@code p.books()}. Returns this.
     */
    RecordReplayer from(final Restore.Positions p) {
        this.ledgerFrom = p.ledger();
        this.windowFrom = p.window();
        this.consumersFrom = p.consumers();
        this.booksFrom = p.books();
        return this;
    }

    /** Also rebuilds the audit log (may be null: passed over). Returns this. */
    RecordReplayer audit(final io.scangate.verifier.audit.AuditLog log) {
        this.audit = log;
        return this;
    }

    @Override
    public void onRecord(final UnsafeBuffer buffer, final int offset, final int type, final long sequence, final long end) {
        if (type == JournalRecord.TYPE_CODE_STATE) {
            codeState(buffer, offset, end);
        } else if (type == JournalRecord.TYPE_CONSUMER || type == JournalRecord.TYPE_LIFECYCLE) {
            consumerRecord(buffer, offset, type, end);
        } else if (end > booksFrom) {
            books(buffer, offset, type, sequence, end);
        }
        records++;
    }

    private void consumerRecord(final UnsafeBuffer buffer, final int offset, final int type, final long end) {
        final boolean toProfiles = profiles != null && end > consumersFrom;
        switch (type) {
            case JournalRecord.TYPE_CONSUMER -> {
                if (toProfiles) {
                    profiles.replayConsumer(buffer.getLong(offset + JournalRecord.KEY), JournalRecord.readKeyedBytes(buffer, offset));
                }
            }
            case JournalRecord.TYPE_LIFECYCLE -> {
                final long hash = buffer.getLong(offset + JournalRecord.KEY);
                final long info = buffer.getLong(offset + JournalRecord.KEYED_INFO);
                if (toProfiles) {
                    profiles.replayEvent(hash, info);
                }
                if (lifecycleLog != null && end > booksFrom) {
                    lifecycleLog.replayLog(hash, buffer.getLong(offset + JournalRecord.KEYED_AT), info, JournalRecord.readKeyedBytes(buffer, offset), end);
                }
            }
            default -> throw new IllegalArgumentException("not a consumer record type: " + type);
        }
    }

    private void books(final UnsafeBuffer buffer, final int offset, final int type, final long sequence, final long end) {
        switch (type) {
            case JournalRecord.TYPE_BATCH -> {
                if (batches != null) {
                    batches.apply(BatchRegistry.fromJson(JournalRecord.readJson(buffer, offset)));
                }
            }
            case JournalRecord.TYPE_BATCH_META -> {
                if (batches != null) {
                    batches.applyMeta(JournalRecord.readJson(buffer, offset));
                }
            }
            case JournalRecord.TYPE_CAMPAIGN, JournalRecord.TYPE_REWARD, JournalRecord.TYPE_DRAW -> {
                if (campaigns != null && !campaigns.replay(type, JournalRecord.readJson(buffer, offset), end)) {
                    throw unknownType(type, sequence, start(offset, end));
                }
            }
            case JournalRecord.TYPE_ACTOR, JournalRecord.TYPE_ROLE_SCAN, JournalRecord.TYPE_DIVERSION, JournalRecord.TYPE_CASE -> {
                if (channel != null && !ChannelRecords.replay(channel, type, JournalRecord.readJson(buffer, offset), end)) {
                    throw unknownType(type, sequence, start(offset, end));
                }
            }
            case JournalRecord.TYPE_LINKS -> {
                if (links != null) {
                    LinkRecords.replay(links, JournalRecord.readJson(buffer, offset));
                }
            }
            case JournalRecord.TYPE_AUDIT -> {
                if (audit != null) {
                    audit.replay(JournalRecord.readJson(buffer, offset), end);
                }
            }
            default -> throw unknownType(type, sequence, start(offset, end));
        }
    }

    /**
     * A code's new state: to the ledger and the request window, and a purchase to the profiles,
     * each if the record is past its position (a purchase is a count, so the consumer table's
     * exact position is what keeps it from counting twice).
     */
    private void codeState(final UnsafeBuffer buffer, final int offset, final long end) {
        final boolean purchase = profiles != null && end > consumersFrom && purchase(buffer, offset);
        if (ledger != null && end > ledgerFrom) {
            ledger.put(JournalRecord.readCodeState(buffer, offset, state), state);
        }
        if (requests != null && end > windowFrom) {
            requests.remember(JournalRecord.requestKey(buffer, offset), buffer.getLong(offset + JournalRecord.CODE_ID),
                    buffer.getInt(offset + JournalRecord.SCAN_COUNT));
        }
        if (purchase) {
            final long codeId = buffer.getLong(offset + JournalRecord.CODE_ID);
            final io.scangate.verifier.batch.Batch batch = batches == null ? null : batches.index().find(codeId);
            profiles.replayPurchase(buffer.getLong(offset + JournalRecord.CONSUMER), buffer.getLong(offset + JournalRecord.FIRST_SCAN_AT),
                    batch == null ? 0 : (int) batch.batchId());
        }
    }

    /** Whether a CODE_STATE record is a genuine first scan with a consumer: a purchase (the rule of {@code Verifier.scan}). */
    private static boolean purchase(final UnsafeBuffer buffer, final int offset) {
        return buffer.getInt(offset + JournalRecord.CAUSE) == JournalRecord.CAUSE_SCAN && ConsumerBook.isPurchase(
                buffer.getLong(offset + JournalRecord.CONSUMER), buffer.getInt(offset + JournalRecord.SCAN_COUNT),
                buffer.getInt(offset + JournalRecord.SUSPECT_AT));
    }

    /** Records seen so far, of every type. */
    long records() {
        return records;
    }

    private static long start(final int offset, final long end) {
        return JournalPosition.of(JournalPosition.segment(end), offset);
    }

    private static IllegalStateException unknownType(final int type, final long sequence, final long position) {
        return new IllegalStateException("journal record of unknown type " + type + " at position " + JournalPosition.toString(position)
                + " (segment:offset, sequence " + sequence + "): this version replays types " + JournalRecord.TYPE_CODE_STATE + " to "
                + JournalRecord.TYPE_AUDIT + "; was the journal written by a newer version? Refusing to skip it, which would lose its effect");
    }
}
