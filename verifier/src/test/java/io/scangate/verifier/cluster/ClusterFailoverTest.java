package io.scangate.verifier.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableDirectByteBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.aeron.cluster.client.AeronCluster;
import io.aeron.cluster.client.EgressListener;
import io.aeron.cluster.service.Cluster;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.aeron.logbuffer.Header;
import io.scangate.verifier.batch.BatchSpec;
import io.scangate.verifier.code.KeyRing;
import io.scangate.verifier.ledger.CodeState;
import io.scangate.verifier.verdict.ScanEvent;
import io.scangate.verifier.verdict.Verdict;

/**
 * Three members in this process: scans through the cluster client are answered by the leader and
 * applied by every replica; the leader closed, a new one is elected and the scans go on, a retried
 * scan (same request id) counted once; the old leader started again catches up from the log.
 */
class ClusterFailoverTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final KeyRing KEYS = KeyRing.of(1, 1, 2);

    @TempDir
    Path dir;

    private final List<ClusterNode> nodes = new ArrayList<>();
    private final ScanGateService[] services = new ScanGateService[3];
    private MediaDriver clientDriver;
    private AeronCluster client;
    private final ExpandableDirectByteBuffer msg = new ExpandableDirectByteBuffer(1024);
    private long correlation;
    private DirectBuffer answer;
    private int answerOffset;
    private long answered = -1;

    @AfterEach
    void tearDown() {
        CloseHelper.quietClose(client);
        nodes.forEach(CloseHelper::quietClose);
        CloseHelper.quietClose(clientDriver);
    }

    @Test
    void scansGoOnThroughALeaderFailoverAndEveryReplicaEndsEqualTheRestartedOneFromASnapshot() throws Exception {
        final int base = ClusterPorts.freeBase();
        for (int i = 0; i < 3; i++) {
            launch(i, base);
        }
        awaitLeader();
        connect(base);
        final JsonNode batch = JSON.readTree(admin(ClusterCodec.OP_CREATE_BATCH,
                JSON.writeValueAsBytes(BatchSpec.of("CL", "6901234567892", "CN", 100L, null, null))));
        final long first = io.scangate.verifier.batch.BatchRegistry.fromJson(batch.toString().getBytes(StandardCharsets.UTF_8)).firstCodeId();
        for (int i = 0; i < 50; i++) {
            assertEquals(1, scan(first + i, 1000 + i).scanCount());
        }
        final int leader = leader();
        assertTrue(nodes.get(leader).snapshot(30_000), "a cluster snapshot at this point");
        nodes.get(leader).close();
        for (int i = 50; i < 100; i++) {
            assertEquals(1, scan(first + i, 1000 + i).scanCount(), "code " + i + " after the failover");
        }
        for (int i = 0; i < 10; i++) {
            assertEquals(2, scan(first + i, 5000 + i).scanCount());
            assertEquals(2, scan(first + i, 5000 + i).scanCount(), "a retry with the same request id is counted once");
        }
        nodes.set(leader, null);
        launch(leader, base); // the old leader comes back as a follower: from its snapshot, then the log after it
        awaitReplicasEqual(first);
        assertTrue(services[leader].startedFromSnapshot(), "the restarted member loaded the cluster snapshot");
        for (int i = 0; i < 100; i++) {
            final CodeState s = new CodeState();
            assertTrue(services[leader].ledger().readShared(first + i, s));
            assertEquals(i < 10 ? 2 : 1, s.scanCount, "code " + i + " on the restarted member");
        }
    }

    private void launch(final int member, final int base) {
        final File nodeDir = new File(dir.toFile(), "node-" + member);
        nodeDir.mkdirs();
        services[member] = new ScanGateService(KEYS, 10_000, nodeDir.toPath());
        final ClusterNode node = ClusterNode.launch(ClusterNode.Settings.of(member, List.of("localhost", "localhost", "localhost"), base,
                new File(dir.toFile(), "node-" + member)), services[member]);
        if (nodes.size() > member) {
            nodes.set(member, node);
        } else {
            nodes.add(node);
        }
    }

    private void connect(final int base) {
        clientDriver = MediaDriver.launchEmbedded(new MediaDriver.Context().threadingMode(ThreadingMode.SHARED)
                .dirDeleteOnStart(true).dirDeleteOnShutdown(true));
        final EgressListener listener = (final long sessionId, final long timestamp, final DirectBuffer buffer, final int offset,
                                          final int length, final Header header) -> {
            answered = ClusterCodec.correlation(buffer, offset);
            final ExpandableDirectByteBuffer copy = new ExpandableDirectByteBuffer(length);
            copy.putBytes(0, buffer, offset, length);
            answer = copy;
            answerOffset = 0;
        };
        client = AeronCluster.connect(new AeronCluster.Context().egressListener(listener).egressChannel("aeron:udp?endpoint=localhost:0")
                .aeronDirectoryName(clientDriver.aeronDirectoryName()).ingressChannel("aeron:udp")
                .ingressEndpoints(ClusterNode.Settings.of(0, List.of("localhost", "localhost", "localhost"), base, dir.toFile()).ingressEndpoints())
                .messageTimeoutNs(TimeUnit.SECONDS.toNanos(10)));
    }

    private ClusterCodec.ScanAnswer scan(final long codeId, final long requestKey) {
        final ScanEvent e = new ScanEvent();
        e.codeId = codeId;
        e.deviceHash = 7;
        e.requestKey = requestKey;
        final byte[] device = "phone".getBytes(StandardCharsets.UTF_8);
        System.arraycopy(device, 0, e.device, 0, device.length);
        e.deviceLength = device.length;
        final long c = ++correlation;
        send(c, ClusterCodec.encodeScan(msg, c, e));
        final ClusterCodec.ScanAnswer a = ClusterCodec.decodeScanAnswer(answer, answerOffset);
        assertEquals(Verdict.GENUINE, a.verdict(), "code " + codeId);
        return a;
    }

    private String admin(final int op, final byte[] json) {
        final long c = ++correlation;
        send(c, ClusterCodec.encodeAdmin(msg, c, op, json));
        assertTrue(ClusterCodec.adminOk(answer, answerOffset), ClusterCodec.adminBody(answer, answerOffset));
        return ClusterCodec.adminBody(answer, answerOffset);
    }

    /** Sends and waits for the answer, sending again (the same message) after a second without one: a failover may lose either. */
    private void send(final long c, final int length) {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            final long resendAt = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
            long offered = -1;
            while (offered < 0 && System.nanoTime() < resendAt) {
                offered = client.offer(msg, 0, length);
                client.pollEgress();
            }
            while (answered != c && System.nanoTime() < resendAt) {
                if (client.pollEgress() == 0) {
                    Thread.onSpinWait();
                }
            }
            if (answered == c) {
                return;
            }
        }
        throw new AssertionError("no answer to message " + c + " within 30 s");
    }

    private void awaitLeader() throws InterruptedException {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            for (final ScanGateService s : services) {
                if (s.role() == Cluster.Role.LEADER) {
                    return;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no leader elected within 60 s");
    }

    private int leader() {
        for (int i = 0; i < 3; i++) {
            if (services[i].role() == Cluster.Role.LEADER) {
                return i;
            }
        }
        throw new AssertionError("no leader");
    }

    private void awaitReplicasEqual(final long first) throws InterruptedException {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        String last = null;
        while (System.nanoTime() < deadline) {
            final List<String> views = new ArrayList<>();
            for (final ScanGateService s : services) {
                final StringBuilder b = new StringBuilder();
                final CodeState st = new CodeState();
                for (int i = 0; i < 100; i++) {
                    b.append(s.ledger() != null && s.ledger().readShared(first + i, st) ? st.scanCount : 0).append(',');
                }
                views.add(b.toString());
            }
            if (views.get(0).equals(views.get(1)) && views.get(1).equals(views.get(2))) {
                return;
            }
            last = views.toString();
            Thread.sleep(100);
        }
        assertNotNull(null, "replicas differ: " + last);
    }
}
