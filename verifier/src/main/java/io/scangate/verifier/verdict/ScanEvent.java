package io.scangate.verifier.verdict;

import java.nio.charset.StandardCharsets;

import io.scangate.verifier.batch.Batch;
import io.scangate.verifier.campaign.Reward;
import io.scangate.verifier.channel.Actor;
import io.scangate.verifier.channel.RoleOutcome;
import io.scangate.verifier.channel.UnitPosition;

/**
 * A preallocated ring slot. Transports copy the few fields a scan needs into it (never a buffer
 * or a request object); the verifier writes the outcome into the same slot and hands it to the
 * reply router of the ring.
 *
 * <p>Concurrency: written by one publishing thread before publication, then only by the verifier
 * thread; the Disruptor's sequence barriers order the two.
 */
public final class ScanEvent implements io.scangate.verifier.campaign.Entrant {
    public static final int TYPE_SCAN = 0;
    public static final int TYPE_ADMIN = 1;
    /** A channel actor's role scan ({@link #keyDigest}, {@link #action}, {@link #to}, {@link #order}). */
    public static final int TYPE_ROLE_SCAN = 2;

    public static final int STATUS_OK = 0;
    /** The verifier failed on this event (a bug): answer 503, nothing counted. */
    public static final int STATUS_ERROR = 1;
    /** The ledger holds its configured maximum of codes and this is a new one: 503, nothing counted. */
    public static final int STATUS_LEDGER_FULL = 2;
    /** This server cannot take this kind of event (a role scan in cluster mode): 501, nothing counted, a retry will not help. */
    public static final int STATUS_UNSUPPORTED = 3;

    // input
    public int type;
    public long codeId;
    public long tag;
    public long deviceHash;
    public long consumerHash;
    public long region;
    /** Where the phone was ({@link io.scangate.verifier.ledger.Locations}), 0 if it did not say. */
    public int location;
    /** GTIN-14 the scan claims (GS1 Digital Link), 0 if none: a mismatch with the batch is FORGED. */
    public long gtin;
    public long receivedNanos;
    /** Hash of (device, request id) for idempotent retries; 0 when the request carried no id. */
    public long requestKey;
    /** Most UTF-8 bytes of a device or consumer id (64 characters). */
    public static final int MAX_ID_BYTES = 256;
    /** The device id (UTF-8) as sent: the reward log names the winner. */
    public final byte[] device = new byte[MAX_ID_BYTES];
    public int deviceLength;
    /** The consumer id (UTF-8) as sent; length 0 = none. */
    public final byte[] consumer = new byte[MAX_ID_BYTES];
    public int consumerLength;
    /** Role scans: SHA-256 of the actor key presented. */
    public final byte[] keyDigest = new byte[io.scangate.verifier.channel.ActorKeys.DIGEST_BYTES];
    /** Role scans: the {@link io.scangate.verifier.channel.Action} ordinal. */
    public int action;
    /** Role scans: the actor id shipped to (ASCII), length 0 = none. */
    public final byte[] to = new byte[MAX_ID_BYTES];
    public int toLength;
    /** Role scans: the order id (UTF-8) of an install, length 0 = none. */
    public final byte[] order = new byte[MAX_ID_BYTES];
    public int orderLength;
    /** Role scans: the tag failed on the event loop (answered FORGED once the key and role are checked). */
    public boolean forged;
    /** Opaque to the verifier: where the transport wants the answer. */
    public Object replyTo;
    public AdminCommand admin;

    // outcome
    public int status;
    public Verdict verdict;
    public boolean firstScan;
    public int scanCount;
    public long firstScanAt;
    public long firstRegion;
    public Batch batch;
    /** Reward log id of the reward this scan's code won (now or earlier, same device), 0 if none. */
    public long rewardId;
    /** Amount of that reward in minor units, 0 if none. */
    public long rewardAmount;
    /** {@link Alert} bits for this scan. */
    public int alerts;
    /** The reward behind {@link #rewardId}, or null. */
    public Reward reward;
    /** Role scans: how it ended (null for other events). */
    public RoleOutcome roleOutcome;
    /** Role scans: the actor whose key it carried, when known. */
    public Actor actor;
    /**
     * Where the unit stands in the channel (role scans, and consumer scans of a unit a role scan
     * touched), copied from the verifier's state: the actor holding it (named by {@code DIVERTED}),
     * the last distributor and store, and its install (for {@code ALREADY_INSTALLED}: the first one).
     */
    public Actor holder;
    /** {@link #holder}'s territory, packed (verifier thread only; 0 with no holder). */
    public long holderTerritory;
    public Actor distributor;
    public Actor store;
    public Actor installer;
    public Actor installStore;
    public String installOrder;
    /** The consumer's purchases after this scan (0: no consumer id, or no profile yet). */
    public int consumerPurchases;
    /** The consumer's stage after this scan, null without a profile. */
    public io.scangate.verifier.consumer.Stage consumerStage;
    /** The consumer's stage when they scanned, before this purchase counted (null: none yet). */
    public io.scangate.verifier.consumer.Stage priorStage;
    /** This scan's place among the consumer's purchases (3: their third), 0 when it is not a purchase. */
    public int purchase;

    /** The consumer's profile after this scan, from the book's last purchase or lookup. */
    public void consumerView(final io.scangate.verifier.consumer.ConsumerBook book) {
        consumerPurchases = book.purchases();
        consumerStage = book.stage();
        priorStage = book.priorStage();
    }

    public void clearOutcome() {
        status = STATUS_OK;
        verdict = null;
        firstScan = false;
        scanCount = 0;
        firstScanAt = 0;
        firstRegion = 0;
        batch = null;
        rewardId = 0;
        rewardAmount = 0;
        alerts = 0;
        reward = null;
        roleOutcome = null;
        actor = null;
        holder = null;
        holderTerritory = 0;
        distributor = null;
        store = null;
        installer = null;
        installStore = null;
        installOrder = null;
        consumerPurchases = 0;
        consumerStage = null;
        priorStage = null;
        purchase = 0;
    }

    /**
     * Where a unit stands given its own position and its case's (either may be null): the newer
     * one's actors, the older one's where the newer has none; the install is always the unit's own.
     */
    public void channelView(final UnitPosition unit, final UnitPosition kase) {
        if (kase == null || unit != null && unit.seq() > kase.seq()) {
            channelView(unit);
            if (kase != null && holder == null) {
                holder = kase.holder();
                holderTerritory = kase.holderTerritory();
            }
            if (kase != null) {
                distributor = distributor != null ? distributor : kase.distributor();
                store = store != null ? store : kase.store();
            }
            return;
        }
        final UnitPosition from = kase.holder() != null || unit == null ? kase : unit;
        holder = from.holder();
        holderTerritory = from.holderTerritory();
        distributor = kase.distributor() != null ? kase.distributor() : unit == null ? null : unit.distributor();
        store = kase.store() != null ? kase.store() : unit == null ? null : unit.store();
        if (unit != null) {
            installer = unit.installer();
            installStore = unit.installStore();
            installOrder = unit.order();
        }
    }

    /** Copies where the unit stands from {@code p} (null: nowhere known). */
    public void channelView(final UnitPosition p) {
        if (p != null) {
            holder = p.holder();
            holderTerritory = p.holderTerritory();
            distributor = p.distributor();
            store = p.store();
            installer = p.installer();
            installStore = p.installStore();
            installOrder = p.order();
        }
    }

    // ---------------------------------------------------------------- Entrant (the campaigns' view)

    @Override
    public long codeId() {
        return codeId;
    }

    @Override
    public long tag() {
        return tag;
    }

    @Override
    public long deviceHash() {
        return deviceHash;
    }

    @Override
    public long consumerHash() {
        return consumerHash;
    }

    @Override
    public long region() {
        return region;
    }

    @Override
    public int purchase() {
        return purchase;
    }

    @Override
    public io.scangate.verifier.consumer.Stage priorStage() {
        return priorStage;
    }

    @Override
    public String deviceText() {
        return new String(device, 0, deviceLength, StandardCharsets.UTF_8);
    }

    @Override
    public String consumerText() {
        return consumerLength == 0 ? null : new String(consumer, 0, consumerLength, StandardCharsets.UTF_8);
    }

    @Override
    public String actorText() {
        return type == TYPE_ROLE_SCAN && actor != null ? actor.id() : null;
    }

    @Override
    public void showReward(final Reward w) {
        if (rewardId == 0) {
            wonReward(w);
        }
    }

    @Override
    public void wonReward(final Reward w) {
        rewardId = w.rewardId();
        rewardAmount = w.amount();
        reward = w;
    }

    @Override
    public void rewardClaimedByOther() {
        alerts |= Alert.REWARD_ALREADY_CLAIMED.bit();
    }
}
