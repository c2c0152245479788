package io.scangate.verifier.cluster;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;
import java.util.function.Supplier;

import org.agrona.DirectBuffer;
import org.agrona.ExpandableDirectByteBuffer;
import org.agrona.collections.Long2ObjectHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.aeron.cluster.client.AeronCluster;
import io.aeron.cluster.client.EgressListener;
import io.aeron.logbuffer.Header;
import io.scangate.verifier.batch.Batch;
import io.scangate.verifier.campaign.Reward;
import io.scangate.verifier.ring.ReplyRouter;
import io.scangate.verifier.ring.RingHandler;
import io.scangate.verifier.verdict.AdminCommand;
import io.scangate.verifier.verdict.ScanEvent;

/**
 * The ring's consumer in cluster mode: forwards each scan (and each admin command with a cluster
 * form) to the cluster's leader through the cluster client, and completes it when the leader's
 * answer comes back on the egress, polled between events and every millisecond when the ring is
 * empty. While no leader can be reached (an election, a partition) a scan is answered at once as
 * an error (503 with Retry-After on the transports), never with a verdict the cluster has not
 * committed; one unanswered after {@link #answerTimeoutMs} (lost with a leader) likewise: the
 * client's retry with the same request id is counted once.
 *
 * <p>Concurrency: events, egress and (re)connection on the ring's thread; figures anywhere.
 */
public final class ClusterHandler implements RingHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterHandler.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int OFFER_TRIES = 100;

    private final Supplier<AeronCluster.Context> clientContext;
    private final ReplyRouter router;
    private final LongFunction<Batch> batches;
    private final java.util.function.Predicate<AdminCommand> localReads;
    private final long answerTimeoutMs;
    private final ExpandableDirectByteBuffer out = new ExpandableDirectByteBuffer(1 << 12);
    private final ScanEvent answer = new ScanEvent();
    private final Long2ObjectHashMap<Pending> pending = new Long2ObjectHashMap<>();
    private final CountDownLatch started = new CountDownLatch(1);
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong batchHead = new AtomicLong();
    private volatile long processed = -1;
    private volatile boolean up;
    private AeronCluster client;
    private AeronCluster.AsyncConnect connecting;
    private long correlation;
    private long lastSweepMs;
    private long lastKeepAliveMs;
    /** How often an idle front end tells the cluster its session lives. */
    private static final long KEEPALIVE_MS = 1_000;

    /** An event waiting for its answer: where it goes, and what the answer's metrics need from the request. */
    private record Pending(Object replyTo, AdminCommand admin, long receivedNanos, long region, long sentMs) {
    }

    /**
     * A forwarder connecting with {@code clientContext} (made afresh for each connection; its egress
     * listener is set here), answering through {@code router}, finding a batch by id with
     * {@code batches} (the local replica's, for the answer's product facts), handing read-only admin
     * commands to {@code localReads} (false: not taken now).
     */
    public ClusterHandler(final Supplier<AeronCluster.Context> clientContext, final ReplyRouter router, final LongFunction<Batch> batches,
                          final long answerTimeoutMs, final java.util.function.Predicate<AdminCommand> localReads) {
        this.clientContext = clientContext;
        this.router = router;
        this.batches = batches;
        this.localReads = localReads;
        this.answerTimeoutMs = answerTimeoutMs;
    }

    @Override
    public void onStart() {
        started.countDown();
    }

    @Override
    public void onEvent(final ScanEvent event, final long sequence, final boolean endOfBatch) {
        if (batchHead.get() == 0 && event.receivedNanos != 0) {
            batchHead.lazySet(event.receivedNanos);
        }
        try {
            if (event.type == ScanEvent.TYPE_ADMIN) {
                admin(event.admin);
                event.admin = null;
            } else {
                scan(event);
            }
        } finally {
            if (endOfBatch) {
                poll();
                batchHead.lazySet(0);
                processed = sequence;
            }
        }
    }

    @Override
    public void onTimeout(final long sequence) {
        poll();
    }

    private void scan(final ScanEvent e) {
        final AeronCluster c = connected();
        final long id = ++correlation;
        if (e.type == ScanEvent.TYPE_SCAN && c != null && offer(c, ClusterCodec.encodeScan(out, id, e))) {
            pending.put(id, new Pending(e.replyTo, null, e.receivedNanos, e.region, System.currentTimeMillis()));
        } else {
            e.clearOutcome();
            // a role scan: the cluster's log does not carry them (docs/CLUSTER.md); else no leader reachable now: retry later
            e.status = e.type == ScanEvent.TYPE_SCAN ? ScanEvent.STATUS_ERROR : ScanEvent.STATUS_UNSUPPORTED;
            router.complete(e);
            router.endOfBatch(Long.MAX_VALUE);
        }
        e.replyTo = null;
        e.batch = null;
    }

    private void admin(final AdminCommand command) {
        if (!(command instanceof ClusterAdmin ca)) {
            if (!command.readsOnly()) {
                command.result().completeExceptionally(new UnsupportedOperationException("not available in cluster mode yet"));
            } else if (!localReads.test(command)) { // this member's replica answers reads, on its service thread
                command.result().completeExceptionally(new ClusterUnavailableException("this member is busy: try again"));
            }
            return;
        }
        final AeronCluster c = connected();
        final long id = ++correlation;
        if (c != null && offer(c, ClusterCodec.encodeAdmin(out, id, ca.operation(), ca.json(), ca.audit()))) {
            pending.put(id, new Pending(null, command, 0, 0, System.currentTimeMillis()));
        } else {
            command.result().completeExceptionally(new ClusterUnavailableException("no cluster leader reachable: try again"));
        }
    }

    private boolean offer(final AeronCluster c, final int length) {
        for (int tries = 0; tries < OFFER_TRIES; tries++) {
            if (c.offer(out, 0, length) > 0) {
                return true;
            }
            c.pollEgress();
        }
        return false;
    }

    /** Polls the answers, completes the late ones as errors, and keeps a connection going. */
    private void poll() {
        final AeronCluster c = connected();
        if (c != null) {
            while (c.pollEgress() > 0) {
                // each answer completes in onMessage
            }
        }
        router.endOfBatch(Long.MAX_VALUE);
        final long now = System.currentTimeMillis();
        if (now - lastSweepMs >= 100) {
            lastSweepMs = now;
            expire(now);
        }
        if (c != null && now - lastKeepAliveMs >= KEEPALIVE_MS) {
            lastKeepAliveMs = now;
            c.sendKeepAlive(); // an idle session would be closed by the cluster after its session timeout (10 s)
        }
    }

    private void expire(final long now) {
        final Long2ObjectHashMap<Pending>.ValueIterator it = pending.values().iterator();
        while (it.hasNext()) {
            final Pending p = it.next();
            if (now - p.sentMs() > answerTimeoutMs) {
                it.remove();
                fail(p);
            }
        }
        router.endOfBatch(Long.MAX_VALUE);
    }

    private void fail(final Pending p) {
        failures.incrementAndGet();
        if (p.admin() != null) {
            p.admin().result().completeExceptionally(new ClusterUnavailableException("the cluster did not answer in time: try again"));
            return;
        }
        answer.clearOutcome();
        answer.status = ScanEvent.STATUS_ERROR;
        answer.replyTo = p.replyTo();
        answer.receivedNanos = p.receivedNanos();
        answer.region = p.region();
        router.complete(answer);
        answer.replyTo = null;
    }

    private final EgressListener egress = new EgressListener() {
        @Override
        public void onMessage(final long sessionId, final long timestamp, final DirectBuffer buffer, final int offset, final int length,
                              final Header header) {
            onAnswer(buffer, offset);
        }

        @Override
        public void onNewLeader(final long sessionId, final long leadershipTermId, final int leaderMemberId, final String ingressEndpoints) {
            // what was sent to the old leader and not answered may be lost with it: answered now as errors to retry (a retry
            // with its request id counts once), not after the answer timeout
            LOG.info("event=cluster_new_leader member={} unanswered={}", leaderMemberId, pending.size());
            expire(Long.MAX_VALUE / 2);
        }
    };

    private void onAnswer(final DirectBuffer buffer, final int offset) {
        final Pending p = pending.remove(ClusterCodec.correlation(buffer, offset));
        if (p == null) {
            return; // answered late, already failed
        }
        if (ClusterCodec.kind(buffer, offset) == ClusterCodec.ADMIN_ANSWER) {
            if (ClusterCodec.adminOk(buffer, offset)) {
                p.admin().result().complete(ClusterCodec.adminBody(buffer, offset));
            } else {
                p.admin().result().completeExceptionally(new IllegalArgumentException(ClusterCodec.adminBody(buffer, offset)));
            }
            return;
        }
        fill(ClusterCodec.decodeScanAnswer(buffer, offset), p);
        router.complete(answer);
        answer.replyTo = null;
    }

    private void fill(final ClusterCodec.ScanAnswer a, final Pending p) {
        answer.clearOutcome();
        answer.replyTo = p.replyTo();
        answer.receivedNanos = p.receivedNanos();
        answer.region = p.region();
        answer.status = a.status();
        answer.verdict = a.verdict();
        answer.firstScan = a.firstScan();
        answer.scanCount = a.scanCount();
        answer.firstScanAt = a.firstScanAt();
        answer.firstRegion = a.firstRegion();
        answer.batch = a.batchId() == 0 ? null : batches.apply(a.batchId());
        answer.alerts = a.alerts();
        answer.rewardId = a.rewardId();
        answer.rewardAmount = a.rewardAmount();
        answer.consumerPurchases = a.purchases();
        answer.consumerStage = a.stage();
        answer.reward = reward(a.rewardJson());
    }

    private static Reward reward(final byte[] json) {
        if (json.length == 0) {
            return null;
        }
        try {
            return JSON.readValue(json, Reward.class);
        } catch (final java.io.IOException e) {
            throw new java.io.UncheckedIOException("malformed reward in a cluster answer", e);
        }
    }

    /** The client if connected; otherwise goes on with (or starts) connecting, and returns null meanwhile. */
    private AeronCluster connected() {
        if (client != null && !client.isClosed()) {
            return client;
        }
        up = false;
        if (client != null) {
            LOG.warn("event=cluster_client_closed action=reconnect");
            client = null;
        }
        try {
            if (connecting == null) {
                connecting = AeronCluster.asyncConnect(clientContext.get().egressListener(egress));
            }
            final AeronCluster c = connecting.poll();
            if (c != null) {
                connecting = null;
                client = c;
                up = true;
                LOG.info("event=cluster_client_connected leader_member={}", c.leaderMemberId());
            }
        } catch (final RuntimeException e) {
            LOG.warn("event=cluster_connect_failed error=\"{}\"", e.toString());
            org.agrona.CloseHelper.quietClose(connecting);
            connecting = null;
        }
        return client;
    }

    /** Whether a cluster leader was reachable when the ring's thread last looked (any thread). */
    public boolean isConnected() {
        return up;
    }

    @Override
    public void onShutdown() {
        org.agrona.CloseHelper.quietCloseAll(client, connecting);
    }

    @Override
    public boolean awaitStart(final long timeout, final TimeUnit unit) throws InterruptedException {
        return started.await(timeout, unit);
    }

    @Override
    public long lagNanos(final long nowNanos) {
        final long head = batchHead.get();
        return head == 0 ? 0 : Math.max(0, nowNanos - head);
    }

    @Override
    public long appliedPosition() {
        return 0;
    }

    @Override
    public long failures() {
        return failures.get();
    }

    @Override
    public long processed() {
        return processed;
    }
}
