package io.scangate.server.intake;

import io.scangate.server.reply.Returning;
import io.scangate.verifier.batch.Batch;
import io.scangate.verifier.campaign.Reward;
import io.scangate.verifier.channel.Actor;
import io.scangate.verifier.verdict.ScanEvent;
import io.scangate.verifier.verdict.Verdict;

/**
 * One scan on its way through the intake, the ring and back, whatever transport it came by: the
 * fields the ring slot needs and the outcome copied back from it. An HTTP request's reply and a
 * UDP datagram's scan each extend it, so the ring sees one shape and both transports share one
 * translator ({@link ScanIntake}) and one {@link #copyOutcome}.
 *
 * <p>Concurrency: filled by an event loop, published to the ring (happens-before through the
 * Disruptor), outcome written by the verifier thread, handed back through a
 * {@link io.scangate.server.reply.LoopInbox} (happens-before through its atomic inbox); never
 * touched by two threads at once.
 */
public abstract class ScanTicket extends Returning {
    // request
    public long startNanos;
    public long codeId;
    public long tag;
    public long deviceHash;
    public long consumerHash;
    /** Packed region ({@link io.scangate.verifier.ledger.Regions}), NONE if the scan named none. */
    public long region;
    /** Packed position ({@link io.scangate.verifier.ledger.Locations}), NONE if none. */
    public int location;
    /** GTIN-14 the scan claims (GS1 Digital Link), 0 if none. */
    public long gtin;
    /** Idempotency key ({@link ScanIntake}), 0 if the request carried no id. */
    public long requestKey;
    /** The device and consumer ids as sent (the reward log names winners); copied into the ring slot. */
    public final byte[] device = new byte[ScanEvent.MAX_ID_BYTES];
    public int deviceLength;
    public final byte[] consumer = new byte[ScanEvent.MAX_ID_BYTES];
    public int consumerLength;

    // outcome
    public int status;
    public Verdict verdict;
    public boolean firstScan;
    public int scanCount;
    public long firstScanAt;
    public long firstRegion;
    public Batch batch;
    public int alerts;
    public long rewardId;
    public long rewardAmount;
    /** The reward to show, or null. */
    public Reward reward;
    /** Where the unit stands in the channel (see {@link ScanEvent#holder}); null when no role scan placed it. */
    public Actor holder;
    public Actor distributor;
    public Actor store;
    public Actor installer;
    public Actor installStore;
    public String installOrder;
    /** The role-scan part, made on first use ({@link #roleFields()}); null or inactive for a consumer scan. */
    public RoleFields role;

    /** The role-scan part of this ticket, made once; marks it active. */
    public final RoleFields roleFields() {
        if (role == null) {
            role = new RoleFields();
        }
        role.active = true;
        return role;
    }

    /** Whether this ticket carries a role scan. */
    public final boolean isRoleScan() {
        return role != null && role.active;
    }

    /** The handler this ticket returns to. */
    /** The consumer's purchases and stage after the scan (0 and null: no profile). */
    public int consumerPurchases;
    public io.scangate.verifier.consumer.Stage consumerStage;

    public abstract TicketOwner owner();

    /** Verifier thread: copies the outcome out of the ring slot, which is reused right after. */
    public final void copyOutcome(final ScanEvent e) {
        status = e.status;
        verdict = e.verdict;
        firstScan = e.firstScan;
        scanCount = e.scanCount;
        firstScanAt = e.firstScanAt;
        firstRegion = e.firstRegion;
        batch = e.batch;
        alerts = e.alerts;
        rewardId = e.rewardId;
        rewardAmount = e.rewardAmount;
        reward = e.reward;
        holder = e.holder;
        distributor = e.distributor;
        store = e.store;
        installer = e.installer;
        installStore = e.installStore;
        installOrder = e.installOrder;
        consumerPurchases = e.consumerPurchases;
        consumerStage = e.consumerStage;
        if (isRoleScan()) {
            role.fromEvent(e);
        }
    }

    /** Copies {@code length} bytes of a device id (at most {@link ScanEvent#MAX_ID_BYTES} are kept). */
    public final void setDevice(final byte[] src, final int offset, final int length) {
        final int n = Math.min(length, device.length);
        System.arraycopy(src, offset, device, 0, n);
        deviceLength = n;
    }

    /** Copies {@code length} bytes of a consumer id; 0 means none. */
    public final void setConsumer(final byte[] src, final int offset, final int length) {
        System.arraycopy(src, offset, consumer, 0, length);
        consumerLength = length;
    }

    /** Forgets the previous scan (pooled tickets); subclasses reset their own fields too. */
    protected void resetTicket() {
        unlink();
        startNanos = 0;
        codeId = 0;
        tag = 0;
        deviceHash = 0;
        consumerHash = 0;
        region = 0;
        location = 0;
        gtin = 0;
        requestKey = 0;
        deviceLength = 0;
        consumerLength = 0;
        status = 0;
        verdict = null;
        firstScan = false;
        scanCount = 0;
        firstScanAt = 0;
        firstRegion = 0;
        batch = null;
        alerts = 0;
        rewardId = 0;
        rewardAmount = 0;
        reward = null;
        holder = null;
        distributor = null;
        store = null;
        installer = null;
        installStore = null;
        installOrder = null;
        consumerPurchases = 0;
        consumerStage = null;
        if (role != null) {
            role.reset();
        }
    }
}
