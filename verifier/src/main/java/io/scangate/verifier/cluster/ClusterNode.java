package io.scangate.verifier.cluster;

import java.io.File;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.agrona.CloseHelper;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.NoOpLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.aeron.archive.Archive;
import io.aeron.archive.ArchiveThreadingMode;
import io.aeron.archive.client.AeronArchive;
import io.aeron.cluster.ClusteredMediaDriver;
import io.aeron.cluster.ConsensusModule;
import io.aeron.cluster.service.ClusteredServiceContainer;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;

/**
 * One cluster member in this process: its media driver, archive (the replicated log, fsynced),
 * consensus module and the scangate service container, laid out as Aeron's samples lay them out:
 * member {@code i} uses ports {@code portBase + 100 i + 1..5} (archive control, ingress,
 * consensus, log, catch-up) on its host.
 *
 * <p>Timeouts (docs/CLUSTER.md): a leader is declared lost after {@link Settings#heartbeatTimeoutMs}
 * without a heartbeat (sent every {@link Settings#heartbeatIntervalMs}); an election then takes
 * about {@link Settings#electionTimeoutMs}.
 *
 * <p>Concurrency: launch and close from one thread.
 */
public final class ClusterNode implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterNode.class);
    static final int PORTS_PER_NODE = 100;
    static final int ARCHIVE_CONTROL = 1;
    static final int INGRESS = 2;
    static final int CONSENSUS = 3;
    static final int LOG_PORT = 4;
    static final int CATCHUP = 5;

    /** Who the members are, where this one keeps its files, and the failure detection timeouts. */
    public record Settings(int memberId, List<String> hosts, int portBase, File dir, long heartbeatIntervalMs, long heartbeatTimeoutMs,
                           long electionTimeoutMs) {
        /** Members on {@code hosts}, this one {@code memberId}, with the timeouts documented in docs/CLUSTER.md. */
        public static Settings of(final int memberId, final List<String> hosts, final int portBase, final File dir) {
            return new Settings(memberId, hosts, portBase, dir, 100, 1_000, 500);
        }

        String members() {
            final StringBuilder sb = new StringBuilder();
            for (int i = 0; i < hosts.size(); i++) {
                final String h = hosts.get(i);
                sb.append(i).append(',').append(endpoint(h, i, INGRESS)).append(',').append(endpoint(h, i, CONSENSUS)).append(',')
                        .append(endpoint(h, i, LOG_PORT)).append(',').append(endpoint(h, i, CATCHUP)).append(',')
                        .append(endpoint(h, i, ARCHIVE_CONTROL)).append('|');
            }
            return sb.toString();
        }

        /** The ingress endpoints a client connects to: {@code 0=host:port,1=...}. */
        public String ingressEndpoints() {
            final StringBuilder sb = new StringBuilder();
            for (int i = 0; i < hosts.size(); i++) {
                sb.append(i == 0 ? "" : ",").append(i).append('=').append(endpoint(hosts.get(i), i, INGRESS));
            }
            return sb.toString();
        }

        String endpoint(final String host, final int member, final int offset) {
            return host + ":" + (portBase + member * PORTS_PER_NODE + offset);
        }

        String host() {
            return hosts.get(memberId);
        }
    }

    private final ClusteredMediaDriver driver;
    private final ClusteredServiceContainer container;
    private final String aeronDir;
    private io.aeron.Aeron counters;

    private ClusterNode(final ClusteredMediaDriver driver, final ClusteredServiceContainer container, final String aeronDir) {
        this.driver = driver;
        this.container = container;
        this.aeronDir = aeronDir;
    }

    /**
     * Launches member {@code s.memberId()} running {@code service}. A member killed moments ago left
     * mark files that look alive until their heartbeat is older than Aeron's liveness timeout
     * (some 10 s): the launch is tried again each second, for up to {@link #MARK_FILE_WAIT_MS}.
     */
    public static ClusterNode launch(final Settings s, final ScanGateService service) {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(MARK_FILE_WAIT_MS);
        while (true) {
            try {
                return launchOnce(s, service);
            } catch (final RuntimeException e) {
                if (!markFileAlive(e) || System.nanoTime() > deadline) {
                    throw e;
                }
                LOG.info("event=cluster_mark_file_alive member={} action=retry_in_1s", s.memberId());
                java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(1));
            }
        }
    }

    private static boolean markFileAlive(final Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (String.valueOf(t.getMessage()).contains("active Mark file")) {
                return true;
            }
        }
        return false;
    }

    /** How long a launch waits for the mark files of a killed predecessor to go stale. */
    static final long MARK_FILE_WAIT_MS = 30_000;

    private static ClusterNode launchOnce(final Settings s, final ScanGateService service) {
        final String aeronDir = new File(s.dir(), "aeron").getAbsolutePath();
        final ErrorHandler errors = e -> LOG.warn("event=cluster_error member={} error=\"{}\"", s.memberId(), e.toString(), e);
        final MediaDriver.Context driver = new MediaDriver.Context().aeronDirectoryName(aeronDir).threadingMode(ThreadingMode.SHARED)
                .termBufferSparseFile(true).dirDeleteOnStart(true).dirDeleteOnShutdown(true).errorHandler(errors);
        final Archive.Context archive = new Archive.Context().aeronDirectoryName(aeronDir).archiveDir(new File(s.dir(), "archive"))
                .controlChannel("aeron:udp?endpoint=" + s.endpoint(s.host(), s.memberId(), ARCHIVE_CONTROL))
                .archiveClientContext(new AeronArchive.Context().controlResponseChannel("aeron:udp?endpoint=" + s.host() + ":0"))
                .localControlChannel("aeron:ipc?term-length=64k").replicationChannel("aeron:udp?endpoint=" + s.host() + ":0")
                .recordingEventsEnabled(false).threadingMode(ArchiveThreadingMode.SHARED)
                .fileSyncLevel(1).catalogFileSyncLevel(1) // the log forced to disk before it counts (docs/CLUSTER.md)
                .archiveId(s.memberId()).errorHandler(errors);
        final AeronArchive.Context local = new AeronArchive.Context().lock(NoOpLock.INSTANCE)
                .controlRequestChannel(archive.localControlChannel()).controlRequestStreamId(archive.localControlStreamId())
                .controlResponseChannel(archive.localControlChannel()).aeronDirectoryName(aeronDir);
        final File clusterDir = new File(s.dir(), "cluster");
        final ConsensusModule.Context consensus = new ConsensusModule.Context().clusterMemberId(s.memberId()).clusterMembers(s.members())
                .clusterDir(clusterDir).archiveContext(local.clone()).serviceCount(1)
                .replicationChannel("aeron:udp?endpoint=" + s.host() + ":0").ingressChannel("aeron:udp")
                .leaderHeartbeatIntervalNs(TimeUnit.MILLISECONDS.toNanos(s.heartbeatIntervalMs()))
                .leaderHeartbeatTimeoutNs(TimeUnit.MILLISECONDS.toNanos(s.heartbeatTimeoutMs()))
                .electionTimeoutNs(TimeUnit.MILLISECONDS.toNanos(s.electionTimeoutMs()))
                .startupCanvassTimeoutNs(TimeUnit.MILLISECONDS.toNanos(s.heartbeatTimeoutMs() * 5))
                .errorHandler(errors);
        final ClusteredMediaDriver md = ClusteredMediaDriver.launch(driver, archive, consensus);
        try {
            final ClusteredServiceContainer c = ClusteredServiceContainer.launch(new ClusteredServiceContainer.Context()
                    .aeronDirectoryName(aeronDir).archiveContext(local.clone()).clusterDir(clusterDir).clusteredService(service)
                    .serviceId(0).errorHandler(errors));
            return new ClusterNode(md, c, aeronDir);
        } catch (final RuntimeException e) {
            CloseHelper.quietClose(md);
            throw e;
        }
    }

    /**
     * Asks this member's consensus module for a cluster snapshot (effective on the leader, which
     * has every member take one at the same log position) and waits up to {@code timeoutMs} for it
     * to finish; false if it could not be asked or did not finish.
     */
    public boolean snapshot(final long timeoutMs) {
        try (io.aeron.Aeron aeron = io.aeron.Aeron.connect(new io.aeron.Aeron.Context().aeronDirectoryName(aeronDir))) {
            final org.agrona.concurrent.status.AtomicCounter toggle = io.aeron.cluster.ClusterControl.findControlToggle(aeron.countersReader(), 0);
            if (toggle == null || !io.aeron.cluster.ClusterControl.ToggleState.SNAPSHOT.toggle(toggle)) {
                return false;
            }
            final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
            while (System.nanoTime() < deadline) {
                if (io.aeron.cluster.ClusterControl.ToggleState.get(toggle) == io.aeron.cluster.ClusterControl.ToggleState.NEUTRAL) {
                    return true;
                }
                java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
            }
            return false;
        }
    }

    /**
     * The consensus module's counter of {@code typeId} ({@link io.aeron.AeronCounters}: commit
     * position, election count, leadership term...), -1 when this member has none (yet).
     * Concurrency: any thread; the first call connects a client to this member's driver.
     */
    public synchronized long counter(final int typeId) {
        if (counters == null) {
            counters = io.aeron.Aeron.connect(new io.aeron.Aeron.Context().aeronDirectoryName(aeronDir));
        }
        final org.agrona.concurrent.status.CountersReader reader = counters.countersReader();
        final long[] value = {-1};
        reader.forEach((counterId, type, key, label) -> {
            if (type == typeId) {
                value[0] = reader.getCounterValue(counterId);
            }
        });
        return value[0];
    }

    /** The media driver's directory (a client in this process connects through it). */
    public String aeronDir() {
        return aeronDir;
    }

    @Override
    public void close() {
        synchronized (this) {
            CloseHelper.quietClose(counters);
            counters = null;
        }
        CloseHelper.closeAll(container, driver);
    }
}
