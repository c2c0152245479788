package io.scangate.server;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.channel.EventLoopGroup;
import io.scangate.server.http.EventLoopReplyRouter;
import io.scangate.server.http.ScanHttpServer;
import io.scangate.server.ops.CampaignMetrics;
import io.scangate.server.ops.OpsContext;
import io.scangate.server.ops.OpsServer;
import io.scangate.server.ops.ScanMetrics;
import io.scangate.server.udp.UdpReplyRouter;
import io.scangate.server.udp.UdpScanServer;
import io.scangate.verifier.batch.BatchRegistry;
import io.scangate.verifier.campaign.CampaignBook;
import io.scangate.verifier.code.CodeAuthenticator;
import io.scangate.verifier.code.KeyRing;
import io.scangate.verifier.journal.Checkpoint;
import io.scangate.verifier.journal.DurabilityMode;
import io.scangate.verifier.journal.FileJournal;
import io.scangate.verifier.journal.JournalPosition;
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
    private final DataDir dataDir;
    private final String adminToken;
    private final KeyRing keys;
    private final BatchRegistry batches;
    private final ChronicleLedger ledger;
    private final FileJournal journal;
    private final JournalSyncer syncer;
    private final Recovery.Report recovery;
    private final String bootId = Checkpoint.currentBootId();
    private final VerifierRing ring;
    private final ScanMetrics metrics;
    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final EventLoopGroup opsGroup;
    private final ScanHttpServer http;
    private final UdpScanServer udp;
    private final OpsServer opsServer;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile boolean ready;
    private final long startedAtMillis = System.currentTimeMillis();
    /** Started and recovered, ledger below its fill limit, journal writable. */
    private final io.scangate.server.ops.Readiness readiness = io.scangate.server.ops.Readiness.builder()
            .check("recovered_and_started", () -> ready)
            .check("ledger_below_fill_limit", this::ledgerBelowFillLimit)
            .check("journal_writable", this::journalWritable)
            .build();
    private final Verifier verifier;
    private final io.scangate.verifier.ledger.RequestWindow requests;
    private final CampaignBook campaigns;

    private ScanGate(final ServerConfig config) throws InterruptedException {
        this.config = config;
        final long t0 = System.nanoTime();
        this.dataDir = DataDir.lock(config.dataDir);
        boolean ok = false;
        try {
            UdpScanServer.ensurePortFree(new InetSocketAddress(config.bindAddress, config.udpPort));
            this.adminToken = dataDir.adminToken(config.adminToken);
            this.keys = KeyRing.openOrCreate(config.dataDir);
            final Recovery.State state = Recovery.open(config.dataDir, config.ledgerEntries, config.journalSegmentBytes,
                    config.idempotencyWindow);
            this.requests = state.requests();
            this.journal = state.journal();
            this.ledger = state.ledger();
            this.batches = state.batches();
            this.recovery = state.report();
            new Checkpoint(journal.endPosition(), false, bootId).write(config.dataDir);
            this.metrics = new ScanMetrics();
            final Transport transport = Transport.best();
            this.boss = transport.group(1, "scangate-accept");
            this.workers = transport.group(config.ioThreads, "scangate-http");
            this.opsGroup = transport.group(1, "scangate-ops");
            final EventLoopReplyRouter httpRouter = new EventLoopReplyRouter(workers, config.durability == DurabilityMode.SYNC, metrics);
            final UdpReplyRouter udpRouter = new UdpReplyRouter(workers, config.durability == DurabilityMode.SYNC);
            final SplitReplyRouter router = new SplitReplyRouter(httpRouter, udpRouter, metrics);
            metrics.eventLoops("accept", boss);
            metrics.eventLoops("http", workers);
            metrics.eventLoops("ops", opsGroup);
            this.campaigns = state.campaigns();
            campaigns.rewards().durableUpTo(journal::durablePosition);
            new CampaignMetrics(metrics.registry()).bind(campaigns);
            this.verifier = new Verifier(config.verifierContext().ledger(ledger).journal(journal).batches(batches).keys(keys)
                    .requestWindow(requests).campaigns(campaigns));
            this.ring = new VerifierRing(config.ringContext().verifier(verifier).router(router));
            this.syncer = new JournalSyncer(journal, config.durability, config.asyncIntervalMillis, router::onDurable,
                    metrics::journalSync);
            router.wakeSyncerWith(syncer::wakeUp);
            syncer.start();
            ring.start();
            final CodeAuthenticator authenticator = new CodeAuthenticator(keys);
            metrics.gauge("scangate.ring.remaining", "Free slots in the verifier ring", ring, VerifierRing::remainingCapacity);
            metrics.gauge("scangate.ring.capacity", "Slots in the verifier ring", ring, r -> r.bufferSize());
            metrics.gauge("scangate.ledger.entries", "Codes held in the ledger", verifier, v -> v.entries());
            metrics.gauge("scangate.ledger.capacity", "Codes the ledger may hold (ledger.entries)", verifier, v -> v.capacity());
            metrics.gauge("scangate.ledger.fill.ratio", "Ledger entries / capacity; at 1 new codes are refused with 503",
                    verifier, v -> (double) v.entries() / v.capacity());
            metrics.gauge("scangate.ledger.bytes", "Size of the ledger file on disk", config.dataDir.resolve(Recovery.LEDGER_FILE).toFile(),
                    f -> f.length());
            metrics.gauge("scangate.journal.segments", "Journal segment files", journal, j -> j.segmentCount());
            metrics.gauge("scangate.journal.durable.segment", "Journal segment of the durable (fsynced) end", journal,
                    j -> JournalPosition.segment(j.durablePosition()));
            metrics.gauge("scangate.journal.durable.offset.bytes", "Offset in its segment of the durable (fsynced) journal end", journal,
                    j -> JournalPosition.offset(j.durablePosition()));
            metrics.gauge("scangate.journal.sync.failing", "1 while the last journal fsync failed (journal not writable)", syncer,
                    s -> s.failing() ? 1 : 0);
            metrics.gauge("scangate.ledger.ready.max.fill.ratio", "Ledger fill above which the instance reports not ready"
                    + " (ledger.ready.max.fill.percent / 100)", config, c -> c.ledgerReadyMaxFillPercent / 100.0);
            metrics.gauge("scangate.ready", "1 when /health/ready answers 200", this, g -> g.ready() ? 1 : 0);
            metrics.functionCounter("scangate.verifier.failures", "Events the verifier failed on (each answered 503)", ring,
                    r -> r.failures());
            metrics.gauge("scangate.batches", "Batches issued", batches, b -> b.index().size());
            this.http = ScanHttpServer.bind(transport, boss, workers, httpRouter, authenticator, ring, metrics, config.maxBodyBytes,
                    new InetSocketAddress(config.bindAddress, config.httpPort));
            this.udp = UdpScanServer.bind(transport, workers, udpRouter, authenticator, ring, metrics,
                    new InetSocketAddress(config.bindAddress, config.udpPort));
            this.opsServer = OpsServer.bind(transport, opsGroup,
                    new OpsContext(metrics, readiness, adminToken, ring, batches, authenticator, this::verifyLedger, campaigns),
                    new InetSocketAddress(config.bindAddress, config.opsPort));
            ready = true;
            LOG.info("event=started transport={} http_port={} udp_port={} udp_channels={} ops_port={} data_dir={} durability={} ledger_entries={} batches={}"
                    + " recovery_mode={} startup_ms={}",
                    transport, http.port(), udp.port(), udp.channelCount(), opsServer.port(), config.dataDir.toAbsolutePath(),
                    config.durability, ledger.size(),
                    batches.index().size(), recovery.mode(), (System.nanoTime() - t0) / 1_000_000);
            ok = true;
        } finally {
            if (!ok) {
                dataDir.close();
            }
        }
    }

    /** Starts a server; throws if the data dir is locked or a port is taken. */
    public static ScanGate start(final ServerConfig config) throws InterruptedException {
        return new ScanGate(config);
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
        return verifier.entries() < verifier.capacity() * config.ledgerReadyMaxFillPercent / 100;
    }

    private boolean journalWritable() {
        return !syncer.failing() && java.nio.file.Files.isWritable(config.dataDir.resolve(Recovery.JOURNAL_DIR));
    }

    /** Verifier thread: compares the ledger with a fresh replay of the whole journal (admin, tests). */
    private Object verifyLedger(final Verifier verifier) {
        final java.util.List<String> differences = new java.util.ArrayList<>();
        final long t0 = System.nanoTime();
        final long mismatches = Recovery.verify(journal, ledger, config.ledgerEntries, differences::add);
        final java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("matches", mismatches == 0);
        m.put("mismatches", mismatches);
        m.put("differences", differences);
        m.put("ledgerEntries", ledger.size());
        m.put("millis", (System.nanoTime() - t0) / 1_000_000);
        return m;
    }

    /** Stops accepting, answers what is in the ring, closes the ledger, releases the data dir. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        ready = false;
        LOG.info("event=stopping uptime_s={} ring_free={} ring_size={}", (System.currentTimeMillis() - startedAtMillis) / 1000,
                ring.remainingCapacity(), ring.bufferSize());
        http.close();
        udp.close();
        opsServer.close();
        ring.drainAndStop(config.shutdownDrainSeconds, TimeUnit.SECONDS);
        syncer.close();
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        opsGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        final long end = journal.endPosition();
        requests.save(config.dataDir); // the verifier has stopped: this thread may read its window
        ledger.close();
        journal.close();
        final Path ledgerFile = config.dataDir.resolve(Recovery.LEDGER_FILE);
        new Checkpoint(end, true, bootId, Checkpoint.fileCrc(ledgerFile)).write(config.dataDir);
        dataDir.close();
        LOG.info("event=stopped clean=true journal_end={} data_dir={}", JournalPosition.toString(end), config.dataDir.toAbsolutePath());
    }
}
