package io.scangate.server;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.channel.EventLoopGroup;
import io.scangate.server.intake.ScanReplies;
import io.scangate.server.http.ScanHttpContext;
import io.scangate.server.http.ScanHttpServer;
import io.scangate.server.ops.CampaignMetrics;
import io.scangate.server.ops.AdminTokens;
import io.scangate.server.ops.OpsContext;
import io.scangate.server.ops.OpsServer;
import io.scangate.server.ops.ScanMetrics;
import io.scangate.server.udp.UdpScanServer;
import io.scangate.verifier.batch.BatchRegistry;
import io.scangate.verifier.campaign.CampaignBook;
import io.scangate.verifier.code.CodeAuthenticator;
import io.scangate.verifier.code.KeyRing;
import io.scangate.verifier.journal.Checkpoint;
import io.scangate.verifier.journal.DurabilityMode;
import io.scangate.verifier.journal.FileJournal;
import io.scangate.verifier.journal.JournalPosition;
import io.scangate.verifier.journal.JournalSearch;
import io.scangate.verifier.journal.JournalSyncer;
import io.scangate.verifier.journal.Recovery;
import io.scangate.verifier.ledger.ChronicleLedger;
import io.scangate.verifier.verdict.AdminCommand;
import io.scangate.verifier.verdict.Verifier;
import io.scangate.verifier.ring.VerifierRing;

/**
 * A running scangate: data dir lock, keys, recovery of journal, batches and ledger, journal
 * syncer, verifier ring, scan ports (HTTP and UDP) and ops port, started in that order and stopped in reverse.
 * {@link #close()} stops accepting, drains the ring, forces the journal, closes the ledger and
 * writes a clean checkpoint.
 *
 * <p>Concurrency: {@link #start} and {@link #close} are called by one lifecycle thread; close is
 * idempotent (the shutdown hook and tests may both call it).
 */
public final class ScanGate implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ScanGate.class);

    private final ServerConfig config;
    private DataDir dataDir;
    private String adminToken;
    private AdminTokens adminTokens;
    private KeyRing keys;
    private BatchRegistry batches;
    private ChronicleLedger ledger;
    private FileJournal journal;
    private JournalSyncer syncer;
    private Recovery.Report recovery;
    private final String bootId = Checkpoint.currentBootId();
    private VerifierRing ring;
    private java.util.concurrent.CompletableFuture<io.scangate.verifier.verdict.ScanEvent[]> ringEvents;
    private java.util.concurrent.ScheduledFuture<?> sweep;
    private java.util.concurrent.ScheduledFuture<?> snapshotTick;
    private SnapshotService snapshots;
    private final ScanMetrics metrics = new ScanMetrics();
    private EventLoopGroup boss;
    private EventLoopGroup workers;
    private EventLoopGroup opsGroup;
    private ScanHttpServer http;
    private UdpScanServer udp;
    private OpsServer opsServer;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile boolean ready;
    private final long startedAtMillis = System.currentTimeMillis();
    /** Started and recovered, ledger below its fill limit, journal writable. */
    private final io.scangate.server.ops.Readiness readiness = io.scangate.server.ops.Readiness.builder()
            .check("recovered_and_started", () -> ready)
            .check("ledger_below_fill_limit", this::ledgerBelowFillLimit)
            .check("journal_writable", this::journalWritable)
            .build();
    private Verifier verifier;
    private io.scangate.verifier.ledger.RequestWindow requests;
    private CampaignBook campaigns;
    /** What recovery opened (journal, ledger, window): closed as one clean stop. */
    private Recovery.State stores;

    /** {@code serve --cluster FILE}: this node's cluster membership, null for a single node. */
    private final ClusterFile clusterFile;
    private ClusterMode cluster;

    private ScanGate(final ServerConfig config, final ClusterFile clusterFile) {
        this.config = config;
        this.clusterFile = clusterFile;
    }

    /**
     * Starts a server: locks the data dir, checks the ports, opens keys, recovers journal and
     * ledger, starts syncer and verifier, binds the scan and ops ports, in that order. If any step
     * fails, whatever was opened is closed again in reverse (threads stopped, files closed, lock
     * released) and a {@link StartException} names the cause.
     */
    public static ScanGate start(final ServerConfig config) throws InterruptedException {
        return start(config, null);
    }

    /** As {@link #start(ServerConfig)}, as a member of the cluster {@code clusterFile} describes (null: a single node). */
    public static ScanGate start(final ServerConfig config, final ClusterFile clusterFile) throws InterruptedException {
        final ScanGate gate = new ScanGate(config, clusterFile);
        try {
            gate.open();
            return gate;
        } catch (final InterruptedException | RuntimeException | Error e) {
            gate.close();
            if (e instanceof DataDir.DataDirInUseException || e instanceof StartException || e instanceof InterruptedException) {
                throw e;
            }
            throw new StartException(String.valueOf(e.getMessage()), e);
        }
    }

    private void open() throws InterruptedException {
        final long t0 = System.nanoTime();
        this.dataDir = DataDir.lock(config.dataDir);
        Ports.ensureTcpFree("http.port", new InetSocketAddress(config.bindAddress, config.httpPort));
        Ports.ensureTcpFree("ops.port", new InetSocketAddress(config.opsBindAddress, config.opsPort));
        UdpScanServer.ensurePortFree(new InetSocketAddress(config.bindAddress, config.udpPort));
        this.adminToken = dataDir.adminToken(config.adminToken);
        try {
            this.adminTokens = AdminTokens.load(adminToken, config.dataDir.resolve(AdminTokens.FILE_NAME));
        } catch (final RuntimeException e) {
            throw new StartException("cannot read the admin tokens: " + e.getMessage(), e);
        }
        this.keys = openKeys();
        final Transport transport = Transport.best();
        if (clusterFile != null) {
            this.cluster = ClusterMode.launch(clusterFile, config, keys);
            bindPorts(transport, startForwarder(transport));
            ready = true;
            LOG.info("event=started transport={} http_port={} udp_port={} ops_port={} data_dir={} cluster_member={} startup_ms={}", transport,
                    http.port(), udp.port(), opsServer.port(), config.dataDir.toAbsolutePath(), clusterFile.member(), (System.nanoTime() - t0) / 1_000_000);
            return;
        }
        // the ring's 70 MB of events are made beside the recovery, which leaves a core free for most of a second
        this.ringEvents = java.util.concurrent.CompletableFuture.supplyAsync(() -> VerifierRing.allocateEvents(config.ringContext().size()));
        openStores();
        final ScanReplies router = startVerifier(transport);
        bindPorts(transport, router);
        ready = true;
        LOG.info("event=started transport={} http_port={} udp_port={} udp_channels={} ops_port={} data_dir={} durability={} ledger_entries={} batches={}"
                + " recovery_mode={} startup_ms={}",
                transport, http.port(), udp.port(), udp.channelCount(), opsServer.port(), config.dataDir.toAbsolutePath(),
                config.durability, ledger.size(), batches.index().size(), recovery.mode(), (System.nanoTime() - t0) / 1_000_000);
    }

    private KeyRing openKeys() {
        try {
            return KeyRing.openOrCreate(config.dataDir);
        } catch (final RuntimeException e) {
            throw new StartException("cannot read the keys in " + config.dataDir + ": " + e.getMessage(), e);
        }
    }

    /** Recovery: journal, ledger, batches, campaigns and the request window, marked as running (unclean) until close. */
    private void openStores() {
        final Recovery.State state;
        try {
            state = Recovery.open(config.recoveryContext());
        } catch (final RuntimeException e) {
            throw new StartException("cannot recover the journal and ledger in " + config.dataDir + ": " + e.getMessage(), e);
        }
        this.stores = state;
        this.requests = state.requests();
        this.journal = state.journal();
        this.ledger = state.ledger();
        this.batches = state.batches();
        this.campaigns = state.campaigns();
        this.recovery = state.report();
        new Checkpoint(journal.endPosition(), false, bootId).write(config.dataDir);
    }

    /** Cluster mode: event loops, the way back, and the ring whose consumer forwards to the cluster's leader. */
    private ScanReplies startForwarder(final Transport transport) {
        this.boss = transport.group(1, "scangate-accept");
        this.workers = transport.group(config.ioThreads, "scangate-http");
        this.opsGroup = transport.group(1, "scangate-ops");
        final ScanReplies router = new ScanReplies(workers, false, metrics); // answers come committed by the cluster
        this.ring = new VerifierRing(config.ringContext().handler(cluster.handler(router)).router(router));
        ring.start();
        cluster.bind(metrics);
        return router;
    }

    /** Event loops, the way back, the verifier on its ring, and the journal syncer, started. */
    private ScanReplies startVerifier(final Transport transport) {
        this.boss = transport.group(1, "scangate-accept");
        this.workers = transport.group(config.ioThreads, "scangate-http");
        this.opsGroup = transport.group(1, "scangate-ops");
        final ScanReplies router = new ScanReplies(workers, config.durability == DurabilityMode.SYNC, metrics);
        campaigns.rewards().durableUpTo(journal::durablePosition);
        stores.channel().diversions().durableUpTo(journal::durablePosition);
        stores.consumers().events().durableUpTo(journal::durablePosition);
        stores.audit().durableUpTo(journal::durablePosition);
        new CampaignMetrics(metrics.registry()).bind(campaigns);
        this.verifier = new Verifier(config.verifierContext().ledger(ledger).journal(journal).batches(batches).keys(keys)
                .requestWindow(requests).campaigns(campaigns).channel(stores.channel()).links(stores.links()).consumers(stores.consumers()).audit(stores.audit()));
        this.ring = new VerifierRing(config.ringContext().events(ringEvents.join()).verifier(verifier).router(router));
        this.syncer = new JournalSyncer(journal, config.durability, config.asyncIntervalMillis, router::onDurable,
                metrics::journalSync);
        router.wakeSyncerWith(syncer::wakeUp);
        syncer.start();
        ring.start();
        // the lifecycle sweep runs on the verifier's thread, a bounded slice per interval (a full ring just skips one)
        this.sweep = opsGroup.next().scheduleAtFixedRate(() -> ring.tryPublishAdmin(AdminCommand.of(v -> v.sweepConsumers(config.sweepSlots))),
                config.sweepIntervalMillis, config.sweepIntervalMillis, TimeUnit.MILLISECONDS);
        this.snapshots = new SnapshotService(config, stores, ring);
        snapshots.bind(metrics);
        this.snapshotTick = opsGroup.next().scheduleAtFixedRate(snapshots::tick, 1, 1, TimeUnit.SECONDS);
        ServerGauges.bind(metrics, this, config, ring, verifier, journal, syncer, batches, boss, workers, opsGroup, ledger);
        return router;
    }

    private void bindPorts(final Transport transport, final ScanReplies router) throws InterruptedException {
        final CodeAuthenticator authenticator = new CodeAuthenticator(keys);
        final InetSocketAddress httpAddress = new InetSocketAddress(config.bindAddress, config.httpPort);
        final InetSocketAddress udpAddress = new InetSocketAddress(config.bindAddress, config.udpPort);
        final InetSocketAddress opsAddress = new InetSocketAddress(config.opsBindAddress, config.opsPort);
        final io.netty.handler.ssl.SslContext tls = Tls.context(config);
        try {
            this.http = ScanHttpServer.bind(transport, boss, workers,
                    new ScanHttpContext(authenticator, ring, router, metrics, config.maxBodyBytes, config.perAddressLimiter(),
                            config.perDeviceLimiter(), cluster != null ? cluster.service().links() : stores.links(), tls != null),
                    httpAddress, guards("http", config.httpLimits), tls);
        } catch (final Exception e) {
            throw rethrow(e, "http.port", httpAddress);
        }
        try {
            this.udp = UdpScanServer.bind(transport, workers, router, authenticator, ring, metrics, udpAddress);
        } catch (final Exception e) {
            throw rethrow(e, "udp.port", udpAddress);
        }
        try {
            this.opsServer = OpsServer.bind(transport, opsGroup, opsContext(authenticator), opsAddress, guards("ops", config.opsLimits));
        } catch (final Exception e) {
            throw rethrow(e, "ops.port", opsAddress);
        }
    }

    /** What the ops port reads: the single node's stores, or in cluster mode this member's replica (its any-thread parts). */
    private OpsContext opsContext(final CodeAuthenticator authenticator) {
        if (cluster != null) {
            final io.scangate.verifier.cluster.ScanGateService s = cluster.service();
            return new OpsContext(metrics, readiness, adminTokens, ring, s.batches(), authenticator, cluster, s.campaigns(), s.diversions(),
                    s.audit(), new JournalSearch(config.dataDir.resolve("no-journal-in-cluster-mode"), () -> 0), s.events(), cluster);
        }
        return new OpsContext(metrics, readiness, adminTokens, ring, batches, authenticator, snapshots, campaigns, stores.channel().diversions(),
                stores.audit(), new JournalSearch(config.dataDir.resolve(Recovery.JOURNAL_DIR), journal::durablePosition),
                stores.consumers().events(), null);
    }

    /** A port's connection guards, with their gauges and counters. */
    private io.scangate.server.net.PortGuards guards(final String port, final io.scangate.server.net.PortGuards.Limits limits) {
        final io.scangate.server.net.PortGuards g = new io.scangate.server.net.PortGuards(limits);
        metrics.portGuards(port, g);
        return g;
    }

    /** An interrupt stays an interrupt (rethrown sneakily); any other bind failure names its port. */
    private static RuntimeException rethrow(final Exception e, final String key, final InetSocketAddress address) {
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
        return Ports.inUse(key, address, e);
    }

    public int httpPort() {
        return http.port();
    }

    public int udpPort() {
        return udp.port();
    }

    /** The UDP port's meters (datagrams answered, refused, dropped). */
    public io.scangate.server.udp.UdpMetrics udpMetrics() {
        return udp.metrics();
    }

    public int opsPort() {
        return opsServer.port();
    }

    public String adminToken() {
        return adminToken;
    }

    public Path tokenFile() {
        return dataDir.tokenFile();
    }

    public ServerConfig config() {
        return config;
    }

    public KeyRing keys() {
        return keys;
    }

    public BatchRegistry batches() {
        return batches;
    }

    public Recovery.Report recovery() {
        return recovery;
    }

    /** Runs an admin action on the verifier thread and waits for it (start-up tasks such as --demo). */
    public Object runOnVerifier(final java.util.function.Function<Verifier, Object> action) throws Exception {
        final AdminCommand command = AdminCommand.of(action);
        if (!ring.tryPublishAdmin(command)) {
            throw new IllegalStateException("ring full");
        }
        return command.result().get(30, TimeUnit.SECONDS);
    }

    /** Ready: recovered and started, not stopping, the ledger below its fill limit and the journal writable. */
    public boolean ready() {
        return readiness.getAsBoolean();
    }

    private boolean ledgerBelowFillLimit() {
        if (cluster != null) {
            return cluster.leaderReachable(); // cluster mode: ready while a leader takes this node's scans
        }
        return verifier.entries() < verifier.capacity() * config.ledgerReadyMaxFillPercent / 100;
    }

    private boolean journalWritable() {
        return cluster != null || !syncer.failing() && java.nio.file.Files.isWritable(config.dataDir.resolve(Recovery.JOURNAL_DIR));
    }

    /**
     * Stops accepting, answers what is in the ring, forces the journal, closes the ledger, writes a
     * clean checkpoint and releases the data dir. Also undoes a start that failed part-way: each
     * step runs only for what was opened, and a failing step does not stop the later ones.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        ready = false;
        LOG.info("event=stopping uptime_s={}", (System.currentTimeMillis() - startedAtMillis) / 1000);
        quietly("http", http, ScanHttpServer::close);
        quietly("udp", udp, UdpScanServer::close);
        quietly("ops", opsServer, OpsServer::close);
        quietly("sweep", sweep, f -> f.cancel(false));
        quietly("snapshot schedule", snapshotTick, f -> f.cancel(false));
        quietly("snapshots", snapshots, SnapshotService::close); // a snapshot in progress still needs the ring
        final boolean drained = quietly("ring", ring, r -> r.drainAndStop(config.shutdownDrainSeconds, TimeUnit.SECONDS));
        quietly("syncer", syncer, JournalSyncer::close);
        if (drained && stores != null && snapshots != null) {
            quietly("snapshot at stop", snapshots, SnapshotService::takeAtStop);
        }
        for (final EventLoopGroup group : new EventLoopGroup[] {workers, boss, opsGroup}) {
            quietly("event loops", group, g -> g.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly());
        }
        closeStores();
        if (cluster != null && quietly("cluster member", cluster, ClusterMode::close)) {
            LOG.info("event=stopped cluster_member=closed data_dir={}", config.dataDir.toAbsolutePath());
        }
        quietly("metrics", metrics, ScanMetrics::close);
        quietly("data dir lock", dataDir, DataDir::close);
    }

    /** Saves the request window, closes ledger and journal and, if all went well, marks the stop clean. */
    private void closeStores() {
        if (stores == null) {
            return;
        }
        final long end = journal.endPosition();
        // the verifier has stopped: this thread may save its window
        final boolean clean = quietly("stores", stores, s -> s.closeCleanly(config.dataDir));
        LOG.info("event=stopped clean={} journal_end={} data_dir={}", clean, JournalPosition.toString(end), config.dataDir.toAbsolutePath());
    }

    /** Runs one closing step on {@code part} if it was opened; false (logged) if it failed. */
    private static <T> boolean quietly(final String what, final T part, final java.util.function.Consumer<T> step) {
        if (part == null) {
            return true;
        }
        try {
            step.accept(part);
            return true;
        } catch (final RuntimeException | Error e) {
            LOG.error("event=close_failure part=\"{}\" error=\"{}\"", what, e.toString(), e);
            return false;
        }
    }
}
