package io.scangate.verifier.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.agrona.CloseHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.lmax.disruptor.EventTranslatorOneArg;

import io.aeron.cluster.client.AeronCluster;
import io.aeron.cluster.service.Cluster;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.scangate.verifier.batch.BatchSpec;
import io.scangate.verifier.code.KeyRing;
import io.scangate.verifier.ring.ReplyRouter;
import io.scangate.verifier.ring.VerifierRing;
import io.scangate.verifier.verdict.ScanEvent;
import io.scangate.verifier.verdict.Verdict;

/**
 * A front end's ring with the cluster forwarder as its consumer: admin changes and scans published
 * into the ring are answered by the leader; with the leader gone, every scan is answered, either
 * with a committed verdict or as an error to retry, never lost; retried with its request id after
 * the failover, each scan is counted once.
 */
class ClusterRingTest {
    private static final KeyRing KEYS = KeyRing.of(1, 1, 2);
    private static final List<String> HOSTS = List.of("localhost", "localhost", "localhost");

    @TempDir
    Path dir;

    private final List<ClusterNode> nodes = new ArrayList<>(List.of());
    private volatile int stopped = -1;
    private final ScanGateService[] services = new ScanGateService[3];
    private MediaDriver clientDriver;
    private VerifierRing ring;
    private final Map<Long, CompletableFuture<ScanEvent>> answers = new ConcurrentHashMap<>();

    @AfterEach
    void tearDown() {
        if (ring != null) {
            ring.drainAndStop(5, TimeUnit.SECONDS);
        }
        nodes.forEach(CloseHelper::quietClose);
        CloseHelper.quietClose(clientDriver);
    }

    @Test
    void everyScanThroughTheRingIsAnsweredAcrossAFailoverAndRetriesCountOnce() throws Exception {
        final int base = ClusterPorts.freeBase();
        for (int i = 0; i < 3; i++) {
            final File d = new File(dir.toFile(), "node-" + i);
            d.mkdirs();
            services[i] = new ScanGateService(KEYS, 10_000, d.toPath()).sweepEvery(200, 1024);
            nodes.add(ClusterNode.launch(ClusterNode.Settings.of(i, HOSTS, base, d), services[i]));
        }
        clientDriver = MediaDriver.launchEmbedded(new MediaDriver.Context().threadingMode(ThreadingMode.SHARED)
                .dirDeleteOnStart(true).dirDeleteOnShutdown(true));
        final String ingress = ClusterNode.Settings.of(0, HOSTS, base, dir.toFile()).ingressEndpoints();
        final ReplyRouter router = new ReplyRouter() {
            @Override
            public void complete(final ScanEvent e) {
                final ScanEvent copy = new ScanEvent();
                copy.status = e.status;
                copy.verdict = e.verdict;
                copy.scanCount = e.scanCount;
                copy.batch = e.batch;
                answers.get((Long) e.replyTo).complete(copy);
            }

            @Override
            public void endOfBatch(final long position) {
            }
        };
        final ClusterHandler handler = new ClusterHandler(() -> new AeronCluster.Context().egressChannel("aeron:udp?endpoint=localhost:0")
                .aeronDirectoryName(clientDriver.aeronDirectoryName()).ingressChannel("aeron:udp").ingressEndpoints(ingress)
                .messageTimeoutNs(TimeUnit.SECONDS.toNanos(5)), router, id -> services[0].batches().index().byId(id), 3_000,
                c -> services[stopped == 0 ? 1 : 0].enqueueRead(c)); // a member still running answers reads
        ring = new VerifierRing(new VerifierRing.Context().handler(handler).router(router).size(1024));
        ring.start();

        final io.scangate.verifier.audit.AuditEntry draft = new io.scangate.verifier.audit.AuditEntry(0, 0, "ops", "POST", "/admin/batches",
                "/admin/batches", 201, 10, "ab");
        final ClusterAdmin create = new ClusterAdmin(ClusterCodec.OP_CREATE_BATCH,
                new ObjectMapper().writeValueAsBytes(BatchSpec.of("CL", "6901234567892", "CN", 200L, null, null)), v -> null,
                draft);
        Object created = null;
        for (int attempt = 0; attempt < 60 && created == null; attempt++) { // until a leader is elected and the client connected
            final ClusterAdmin c = attempt == 0 ? create : new ClusterAdmin(create.operation(), create.json(), v -> null,
                    draft);
            assertTrue(ring.tryPublishAdmin(c));
            try {
                created = c.result().get(10, TimeUnit.SECONDS);
            } catch (final java.util.concurrent.ExecutionException e) {
                Thread.sleep(500);
            }
        }
        final long first = io.scangate.verifier.batch.BatchRegistry.fromJson(((String) created).getBytes(StandardCharsets.UTF_8)).firstCodeId();
        for (int i = 0; i < 200; i++) {
            if (i == 60) {
                stopped = leader();
                nodes.get(stopped).close(); // mid-stream
            }
            final int count = scanUntilAnswered(first + i, 1000 + i);
            assertEquals(1, count, "code " + i);
        }
        for (int i = 0; i < 20; i++) {
            assertEquals(2, scanUntilAnswered(first + i, 9000 + i));
            assertEquals(2, scanUntilAnswered(first + i, 9000 + i), "a retry with the same request id is counted once");
        }
        assertTrue(handler.isConnected());
        final io.scangate.verifier.verdict.AdminCommand read = io.scangate.verifier.verdict.AdminCommand.of(v -> v.batches().index().size()).readOnly();
        assertTrue(ring.tryPublishAdmin(read));
        assertEquals(1, read.result().get(30, TimeUnit.SECONDS), "a read answered by this member's replica, outside the log");
        final io.scangate.verifier.verdict.AdminCommand change = io.scangate.verifier.verdict.AdminCommand.of(v -> v.batches().index().size());
        assertTrue(ring.tryPublishAdmin(change));
        final java.util.concurrent.ExecutionException refused = org.junit.jupiter.api.Assertions.assertThrows(
                java.util.concurrent.ExecutionException.class, () -> change.result().get(30, TimeUnit.SECONDS));
        assertTrue(refused.getCause() instanceof UnsupportedOperationException, "a change without a log form is not applied locally: " + refused.getCause());
        final long sweeps = (Long) services[stopped == 0 ? 1 : 0].figures().get("lifecycleSweeps");
        assertTrue(sweeps > 0, "the consumer lifecycle sweep runs on the cluster's timer (every 200 ms here), on every member");
        final io.scangate.verifier.audit.AuditEntry recorded = services[stopped == 0 ? 1 : 0].audit().get(1);
        assertTrue(recorded != null && "/admin/batches".equals(recorded.route()) && recorded.atMillis() > 0,
                "the change's audit entry, recorded by the member and timed by the cluster: " + recorded);
    }

    /** Publishes the scan until it gets a verdict (errors while no leader is reachable are retried, as a phone would). */
    private int scanUntilAnswered(final long codeId, final long requestKey) throws Exception {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            final long ticket = ThreadLocalRandom.current().nextLong();
            final CompletableFuture<ScanEvent> f = new CompletableFuture<>();
            answers.put(ticket, f);
            final EventTranslatorOneArg<ScanEvent, Long> t = (e, seq, id) -> {
                e.type = ScanEvent.TYPE_SCAN;
                e.codeId = codeId;
                e.requestKey = requestKey;
                e.deviceHash = 7;
                final byte[] d = "phone".getBytes(StandardCharsets.UTF_8);
                System.arraycopy(d, 0, e.device, 0, d.length);
                e.deviceLength = d.length;
                e.consumerLength = 0;
                e.receivedNanos = System.nanoTime();
                e.replyTo = id;
            };
            assertTrue(ring.tryPublish(t, ticket));
            final ScanEvent a = f.get(30, TimeUnit.SECONDS);
            answers.remove(ticket);
            if (a.status == ScanEvent.STATUS_OK) {
                assertEquals(Verdict.GENUINE, a.verdict);
                return a.scanCount;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("code " + codeId + " never answered with a verdict");
    }

    private int leader() {
        for (int i = 0; i < 3; i++) {
            if (services[i].role() == Cluster.Role.LEADER) {
                return i;
            }
        }
        throw new AssertionError("no leader");
    }
}
