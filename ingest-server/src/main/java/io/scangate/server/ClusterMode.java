package io.scangate.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.aeron.cluster.client.AeronCluster;
import io.aeron.cluster.service.Cluster;
import io.scangate.server.ops.Maintenance;
import io.scangate.server.ops.ScanMetrics;
import io.scangate.verifier.cluster.ClusterHandler;
import io.scangate.verifier.cluster.ClusterNode;
import io.scangate.verifier.cluster.ScanGateService;
import io.scangate.verifier.code.KeyRing;
import io.scangate.verifier.ring.ReplyRouter;

/**
 * A node of a scangate cluster (docs/CLUSTER.md): this process's cluster member (media driver,
 * archive, consensus module, the verifier as a clustered service) and the forwarder that sends
 * the scans this node receives to the leader. Started by {@code serve --cluster FILE}.
 *
 * <p>Concurrency: launch and close on the lifecycle thread; the gauges read volatile state.
 */
final class ClusterMode implements AutoCloseable, Maintenance, io.scangate.server.ops.ClusterView {
    private final ClusterFile file;
    private final ClusterNode.Settings settings;
    private final ScanGateService service;
    private final ClusterNode node;
    private ClusterHandler handler;
    private final long startedMillis = System.currentTimeMillis();

    private ClusterMode(final ClusterFile file, final ClusterNode.Settings settings, final ScanGateService service, final ClusterNode node) {
        this.file = file;
        this.settings = settings;
        this.service = service;
        this.node = node;
    }

    /** Launches this member with the keys every member shares. */
    static ClusterMode launch(final ClusterFile file, final ServerConfig config, final KeyRing keys) {
        final Path dir = file.dir() != null ? file.dir() : config.dataDir.resolve("cluster");
        try {
            Files.createDirectories(dir);
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot create the cluster dir " + dir, e);
        }
        final String overlap = file.ephemeralWarning(ClusterFile.EPHEMERAL_RANGE);
        if (overlap != null) {
            org.slf4j.LoggerFactory.getLogger(ClusterMode.class).warn("event=cluster_ports_ephemeral warning=\"{}\"", overlap);
        }
        final ClusterNode.Settings s = ClusterNode.Settings.of(file.member(), file.hosts(), file.portBase(), dir.toFile());
        final ScanGateService service = new ScanGateService(keys, config.ledgerEntries, dir).sweepEvery(config.sweepIntervalMillis, config.sweepSlots);
        return new ClusterMode(file, s, service, ClusterNode.launch(s, service));
    }

    /** The ring's consumer: forwards to the leader through this member's media driver, answers through {@code router}. */
    ClusterHandler handler(final ReplyRouter router) {
        this.handler = new ClusterHandler(() -> new AeronCluster.Context().aeronDirectoryName(node.aeronDir())
                .egressChannel("aeron:udp?endpoint=" + settings.hosts().get(settings.memberId()) + ":0").ingressChannel("aeron:udp")
                .ingressEndpoints(settings.ingressEndpoints()).messageTimeoutNs(TimeUnit.SECONDS.toNanos(5)),
                router, id -> service.batches().index().byId(id), file.answerTimeoutMs(), service::enqueueRead);
        return handler;
    }

    /** The node's gauges: its role, the leader, whether it reaches one, commit and applied positions, elections, snapshot age. */
    void bind(final ScanMetrics metrics) {
        metrics.gauge("scangate.cluster.leader", "The leader's member id in the newest term this member's log holds; -1 before any",
                service, s -> s.leaderMemberId());
        metrics.gauge("scangate.cluster.commit.position", "The cluster log position this member knows committed (bytes); -1 before any",
                node, n -> n.counter(io.aeron.AeronCounters.CLUSTER_COMMIT_POSITION_TYPE_ID));
        metrics.gauge("scangate.cluster.applied.position", "The cluster log position after the last message this member's replica applied (bytes)",
                service, s -> s.appliedPosition());
        metrics.gauge("scangate.cluster.elections", "Elections this member has taken part in since it started (Aeron's election count)",
                node, n -> n.counter(io.aeron.AeronCounters.CLUSTER_ELECTION_COUNT_TYPE_ID));
        metrics.gauge("scangate.cluster.leadership.term", "The current leadership term id", node,
                n -> n.counter(io.aeron.AeronCounters.CLUSTER_LEADERSHIP_TERM_ID_TYPE_ID));
        metrics.gauge("scangate.cluster.snapshot.age.seconds",
                "Seconds since this member last took a cluster snapshot or started from one; without any, since it started", this,
                m -> (System.currentTimeMillis() - (m.service.lastSnapshotMillis() == 0 ? m.startedMillis : m.service.lastSnapshotMillis())) / 1000.0);
        metrics.gauge("scangate.cluster.role", "This member's role: 0 follower, 1 candidate, 2 leader", service, s -> s.role().code());
        metrics.gauge("scangate.cluster.member", "This member's id", file, f -> f.member());
        metrics.gauge("scangate.cluster.leader.reachable", "1 while this node's forwarder is connected to a leader", this,
                m -> m.handler != null && m.handler.isConnected() ? 1 : 0);
    }

    boolean leaderReachable() {
        return handler != null && handler.isConnected();
    }

    boolean leader() {
        return service.role() == Cluster.Role.LEADER;
    }

    ScanGateService service() {
        return service;
    }

    @Override
    public java.util.Map<String, Object> status() {
        final java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("member", file.member());
        m.put("role", service.role().name());
        m.put("leaderReachable", leaderReachable());
        m.put("leader", service.leaderMemberId());
        m.put("commitPosition", node.counter(io.aeron.AeronCounters.CLUSTER_COMMIT_POSITION_TYPE_ID));
        m.put("elections", node.counter(io.aeron.AeronCounters.CLUSTER_ELECTION_COUNT_TYPE_ID));
        m.putAll(service.figures());
        return m;
    }

    @Override
    public int scanCount(final long codeId) {
        return service.scanCount(codeId);
    }

    @Override
    public CompletableFuture<Object> verifyLedger() {
        return unsupported("the replicas are checked against each other by the cluster's own log; POST /admin/ledger/verify");
    }

    @Override
    public CompletableFuture<Object> snapshot() {
        return CompletableFuture.supplyAsync(() -> {
            if (!node.snapshot(60_000)) {
                throw new IllegalStateException("the cluster did not take a snapshot (ask the leader's node)");
            }
            return java.util.Map.of("snapshot", "taken by every member at the same log position");
        });
    }

    @Override
    public CompletableFuture<Object> backup(final String to) {
        return unsupported("POST /admin/backup");
    }

    private static CompletableFuture<Object> unsupported(final String what) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException(what + " is not available in cluster mode"));
    }

    @Override
    public void close() {
        node.close();
    }
}
