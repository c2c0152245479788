package io.scangate.verifier.cluster;

import java.nio.charset.StandardCharsets;

import org.agrona.DirectBuffer;
import org.agrona.ExpandableDirectByteBuffer;
import org.agrona.concurrent.IdleStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.aeron.ExclusivePublication;
import io.aeron.Image;
import io.aeron.cluster.codecs.CloseReason;
import io.aeron.cluster.service.ClientSession;
import io.aeron.cluster.service.Cluster;
import io.aeron.cluster.service.ClusteredService;
import io.aeron.logbuffer.Header;
import io.scangate.verifier.batch.Batch;
import io.scangate.verifier.batch.BatchRegistry;
import io.scangate.verifier.batch.BatchSpec;
import io.scangate.verifier.campaign.CampaignBook;
import io.scangate.verifier.code.KeyRing;
import io.scangate.verifier.consumer.ConsumerBook;
import io.scangate.verifier.consumer.ConsumerTable;
import io.scangate.verifier.consumer.LifecycleRules;
import io.scangate.verifier.ledger.ChronicleLedger;
import io.scangate.verifier.ledger.RequestWindow;
import io.scangate.verifier.verdict.ScanEvent;
import io.scangate.verifier.verdict.Verifier;
import io.scangate.verifier.verdict.VerifierContext;

/**
 * The verifier as an Aeron Cluster service: every node applies the same committed messages in the
 * same order to its own replica of the state, and the leader's answers go back to the client that
 * sent them (a follower's {@code offer} goes nowhere). Determinism, rule by rule:
 * <ul>
 * <li>time: the verifier's clock is the cluster timestamp of the message being applied, never the
 * wall clock;</li>
 * <li>randomness: none in the service; campaign draws are a function of (campaign seed, code id),
 * and a seed a campaign is applied without is made by the node that receives the request, before
 * it enters the log (so every replica applies the same seed);</li>
 * <li>iteration order: the state's maps are iterated only to answer and snapshot, never to decide.</li>
 * </ul>
 *
 * <p>Concurrency: the cluster's service thread only.
 */
public final class ScanGateService implements ClusteredService {
    private static final Logger LOG = LoggerFactory.getLogger(ScanGateService.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final KeyRing keys;
    private final long ledgerEntries;
    private final java.nio.file.Path workDir;
    private Replica replica;
    private final ExpandableDirectByteBuffer out = new ExpandableDirectByteBuffer(1 << 12);
    private final ScanEvent event = new ScanEvent();
    private long now;
    private Cluster cluster;
    private IdleStrategy idle;
    private ChronicleLedger ledger;
    private BatchRegistry batches;
    private CampaignBook campaigns;
    private Verifier verifier;
    private volatile Cluster.Role role = Cluster.Role.FOLLOWER;
    private volatile boolean fromSnapshot;
    private volatile int leaderMemberId = -1;
    /** The consumer lifecycle sweep's cluster timer: its correlation id, interval (cluster ms) and slots per sweep. */
    static final long SWEEP_TIMER = 1;
    private long sweepIntervalMillis = 1_000;
    private int sweepSlots = 65_536;
    private volatile long sweeps;
    /** Between onStart and onTerminate: queued reads will be answered. */
    private volatile boolean running;
    /** Read-only admin commands this member's replica answers, outside the log (ring thread in, service thread out). */
    private final org.agrona.concurrent.ManyToOneConcurrentArrayQueue<io.scangate.verifier.verdict.AdminCommand> reads =
            new org.agrona.concurrent.ManyToOneConcurrentArrayQueue<>(1024);
    /** Wall time of the last snapshot this member took or started from, for its age gauge only (0: none); never read by the state. */
    private volatile long lastSnapshotMillis;
    /** The log position after the last message this replica applied (for figures: a lagging replica from a diverged one). */
    private volatile long appliedPosition;

    /**
     * A service that verifies codes made with {@code keys} (every node holds the same), into a
     * ledger of {@code ledgerEntries}; snapshots pass through files in {@code workDir}.
     */
    public ScanGateService(final KeyRing keys, final long ledgerEntries, final java.nio.file.Path workDir) {
        this.keys = keys;
        this.ledgerEntries = ledgerEntries;
        this.workDir = workDir;
        this.replica = Replica.empty(ledgerEntries, 1 << 16, 100_000);
    }

    /**
     * Before launch: the consumer lifecycle sweep runs every {@code intervalMillis} of cluster time
     * over {@code slots} slots, as a single node's does on its verifier (consumers.sweep.*).
     */
    public ScanGateService sweepEvery(final long intervalMillis, final int slots) {
        this.sweepIntervalMillis = intervalMillis;
        this.sweepSlots = slots;
        return this;
    }

    @Override
    public void onStart(final Cluster cluster, final Image snapshotImage) {
        this.cluster = cluster;
        this.idle = cluster.idleStrategy();
        this.ledger = replica.ledger();
        this.batches = replica.batches();
        this.campaigns = replica.campaigns();
        if (snapshotImage != null) {
            final java.nio.file.Path file = workDir.resolve("snapshot-in.snap");
            ClusterSnapshots.receive(snapshotImage, file, idle);
            ClusterSnapshots.restore(file, replica);
            ClusterSnapshots.delete(file);
            fromSnapshot = true;
            lastSnapshotMillis = System.currentTimeMillis();
            LOG.info("event=cluster_snapshot_loaded member={} codes={}", cluster.memberId(), ledger.size());
        }
        // farming rules stay off (the default): their velocity tables are soft state no snapshot carries, replicas would drift
        this.verifier = new Verifier(new VerifierContext().ledger(ledger).journal(io.scangate.verifier.journal.Journal.counting()) /* the cluster's log holds the inputs */.batches(batches).keys(keys)
                .clock(() -> now).requestWindow(replica.requests()).campaigns(campaigns).channel(replica.channel()).links(replica.links())
                .consumers(replica.consumers()).audit(replica.audit()));
        running = true;
        LOG.info("event=cluster_service_started member={} role={}", cluster.memberId(), cluster.role());
    }

    @Override
    public void onSessionOpen(final ClientSession session, final long timestamp) {
        now = timestamp;
    }

    @Override
    public void onSessionClose(final ClientSession session, final long timestamp, final CloseReason closeReason) {
        now = timestamp;
    }

    @Override
    public void onSessionMessage(final ClientSession session, final long timestamp, final DirectBuffer buffer, final int offset,
                                 final int length, final Header header) {
        now = timestamp;
        final long correlation = ClusterCodec.correlation(buffer, offset);
        final int n;
        switch (ClusterCodec.kind(buffer, offset)) {
            case ClusterCodec.SCAN -> {
                ClusterCodec.decodeScan(buffer, offset, event);
                try {
                    verifier.scan(event);
                } catch (final RuntimeException e) {
                    event.status = ScanEvent.STATUS_ERROR;
                    LOG.error("event=verifier_failure error=\"{}\"", e.toString(), e);
                }
                n = ClusterCodec.encodeScanAnswer(out, correlation, event);
            }
            case ClusterCodec.ADMIN -> n = admin(correlation, ClusterCodec.adminOperation(buffer, offset), ClusterCodec.adminJson(buffer, offset),
                    ClusterCodec.adminAudit(buffer, offset));
            default -> n = ClusterCodec.encodeAdminAnswer(out, correlation, false,
                    ("unknown message kind " + ClusterCodec.kind(buffer, offset)).getBytes(StandardCharsets.UTF_8));
        }
        appliedPosition = header.position();
        reply(session, n);
    }

    private int admin(final long correlation, final int operation, final byte[] json, final byte[] audit) {
        try {
            final Object result = switch (operation) {
                case ClusterCodec.OP_CREATE_BATCH -> createBatch(json);
                case ClusterCodec.OP_APPLY_CAMPAIGN -> verifier.applyCampaign(json).id();
                default -> throw new IllegalArgumentException("unknown admin operation " + operation);
            };
            audit(audit);
            return ClusterCodec.encodeAdminAnswer(out, correlation, true,
                    result instanceof byte[] b ? b : JSON.writeValueAsBytes(result));
        } catch (final Exception e) {
            return ClusterCodec.encodeAdminAnswer(out, correlation, false, String.valueOf(e.getMessage()).getBytes(StandardCharsets.UTF_8));
        }
    }

    /** Records a succeeded change's audit entry (its draft from the front end), timed by the cluster: the same on every member. */
    private void audit(final byte[] draft) throws java.io.IOException {
        if (draft.length == 0) {
            return;
        }
        io.scangate.verifier.audit.AuditLog.logAction(
                verifier.audit(JSON.readValue(draft, io.scangate.verifier.audit.AuditEntry.class).at(now)));
    }

    /** {@code {"spec": BatchSpec, "meta": BatchMeta or null}}: the batch made, as its journal record (what a single node's verifier answers too). */
    private byte[] createBatch(final byte[] json) throws java.io.IOException {
        final com.fasterxml.jackson.databind.JsonNode form = JSON.readTree(json);
        final BatchSpec spec = JSON.treeToValue(form.has("spec") ? form.get("spec") : form, BatchSpec.class);
        final io.scangate.verifier.batch.BatchMeta meta = form.hasNonNull("meta")
                ? JSON.treeToValue(form.get("meta"), io.scangate.verifier.batch.BatchMeta.class) : null;
        return BatchRegistry.toJson(verifier.createBatch(spec, meta));
    }

    /** Sends the answer in {@link #out} to {@code session}: the leader's reaches the client, a follower's goes nowhere. */
    private void reply(final ClientSession session, final int length) {
        idle.reset();
        for (int tries = 0; tries < 1000; tries++) {
            final long r = session.offer(out, 0, length);
            if (r > 0 || r == ClientSession.MOCKED_OFFER) {
                return;
            }
            idle.idle();
        }
        LOG.warn("event=cluster_reply_dropped session={}", session.id());
    }

    /**
     * Any thread: queues a command that only reads the state ({@link io.scangate.verifier.verdict.AdminCommand#readsOnly()})
     * for this member's replica; false if too many wait. It changes nothing, so it may run outside
     * the log; a follower's replica may be a few log entries behind the leader's.
     */
    public boolean enqueueRead(final io.scangate.verifier.verdict.AdminCommand command) {
        return running && command.readsOnly() && reads.offer(command);
    }

    /** Service thread, between log messages: answers the queued reads. */
    @Override
    public int doBackgroundWork(final long nowNs) {
        if (verifier == null) {
            return 0;
        }
        return reads.drain(c -> c.run(verifier), 64);
    }

    @Override
    public void onTimerEvent(final long correlationId, final long timestamp) {
        now = timestamp;
        if (correlationId == SWEEP_TIMER) {
            verifier.sweepConsumers(sweepSlots); // judged by cluster time, as every member does at this log position
            sweeps++;
            scheduleSweep(timestamp);
        }
    }

    @Override
    public void onTakeSnapshot(final ExclusivePublication snapshotPublication) {
        final java.nio.file.Path file = workDir.resolve("snapshot-out.snap");
        final long t0 = System.nanoTime();
        ClusterSnapshots.write(file, replica, now);
        ClusterSnapshots.send(file, snapshotPublication, idle);
        LOG.info("event=cluster_snapshot_taken member={} bytes={} millis={}", cluster.memberId(), file.toFile().length(),
                (System.nanoTime() - t0) / 1_000_000);
        ClusterSnapshots.delete(file);
        lastSnapshotMillis = System.currentTimeMillis();
    }

    @Override
    public void onNewLeadershipTermEvent(final long leadershipTermId, final long logPosition, final long timestamp,
                                         final long termBaseLogPosition, final int leaderMemberId, final int logSessionId,
                                         final java.util.concurrent.TimeUnit timeUnit, final int appVersion) {
        this.leaderMemberId = leaderMemberId;
        scheduleSweep(timestamp); // each term, from the log: every member schedules alike (the same id replaces the last)
    }

    private void scheduleSweep(final long fromTimestamp) {
        idle.reset();
        while (!cluster.scheduleTimer(SWEEP_TIMER, fromTimestamp + sweepIntervalMillis)) {
            idle.idle();
        }
    }

    @Override
    public void onRoleChange(final Cluster.Role newRole) {
        role = newRole;
        LOG.info("event=cluster_role_changed member={} role={}", cluster.memberId(), newRole);
    }

    @Override
    public void onTerminate(final Cluster cluster) {
        running = false;
        reads.drain(c -> c.result().completeExceptionally(new ClusterUnavailableException("this member is stopping: try another")));
        replica.close();
    }

    /**
     * The replica's figures (any thread, beside the service: Chronicle's iteration locks a segment
     * at a time): codes held, an order-independent digest of every code's state (replicas that
     * applied the same log have the same), rewards granted.
     */
    public java.util.Map<String, Object> figures() {
        final long[] digest = {0};
        replica.ledger().forEach((st, codeId) -> digest[0] += io.scangate.verifier.code.SipHash.hash(codeId, st.scanCount,
                st.firstScanAt ^ st.lastScanAt * 31 ^ st.flags ^ st.deviceSketch * 17 ^ st.suspectAtCount ^ st.lastRegion));
        final java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("ledgerEntries", replica.ledger().size());
        m.put("ledgerDigest", Long.toHexString(digest[0]));
        m.put("rewards", replica.campaigns().rewards().size());
        m.put("batches", replica.batches().index().size());
        m.put("lifecycleSweeps", sweeps);
        m.put("appliedPosition", appliedPosition);
        return m;
    }

    /** A code's scan count in this replica, 0 if never scanned (any thread). */
    public int scanCount(final long codeId) {
        final io.scangate.verifier.ledger.CodeState s = new io.scangate.verifier.ledger.CodeState();
        return replica.ledger().readShared(codeId, s) ? s.scanCount : 0;
    }

    /** The log position after the last message this replica applied, 0 before any (any thread). */
    public long appliedPosition() {
        return appliedPosition;
    }

    /** Whether this service started from a cluster snapshot (any thread). */
    public boolean startedFromSnapshot() {
        return fromSnapshot;
    }

    /** The leader of the newest term this member's log holds, -1 before any (any thread). */
    public int leaderMemberId() {
        return leaderMemberId;
    }

    /** Wall time of the last snapshot this member took or started from, 0 if none (any thread). */
    public long lastSnapshotMillis() {
        return lastSnapshotMillis;
    }

    /** This node's role (any thread). */
    public Cluster.Role role() {
        return role;
    }

    /** The replica's reward log, diversion, audit and lifecycle event logs, links: the parts any thread may read. */
    public io.scangate.verifier.campaign.CampaignBook campaigns() {
        return replica.campaigns();
    }

    public io.scangate.verifier.link.LinkBook links() {
        return replica.links();
    }

    public io.scangate.verifier.channel.DiversionLog diversions() {
        return replica.channel().diversions();
    }

    public io.scangate.verifier.audit.AuditLog audit() {
        return replica.audit();
    }

    public io.scangate.verifier.consumer.LifecycleLog events() {
        return replica.consumers().events();
    }

    /** The replica's batches (their index is published for any thread). */
    public BatchRegistry batches() {
        return replica.batches();
    }

    /** The replica's ledger: read only when the service has stopped (tests compare replicas). */
    public ChronicleLedger ledger() {
        return ledger;
    }
}
