package io.scangate.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.scangate.verifier.code.KeyRing;

/**
 * Three node processes on loopback (docs/CLUSTER.md), 16 clients scanning through all three with
 * campaign wins, the leader killed with kill -9 at random ten times and started again as a
 * follower each time: no acknowledged scan or reward lost, no reward granted twice, the budget
 * never exceeded, reward ids dense, the three ledgers equal at the end. Then a follower stopped
 * with SIGSTOP answers nothing it cannot commit, and catches up after SIGCONT.
 */
class ClusterFailoverIT {
    private static final int KILLS = Integer.getInteger("scangate.cluster.kills", 10);
    private static final long SEED = Long.getLong("scangate.cluster.seed", System.nanoTime());
    private static final int CODES = 3_000;
    private static final int BUDGET = 150;
    private static final int CLIENTS = 16;

    @TempDir
    Path dir;

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ServerProcess[] nodes = new ServerProcess[3];
    /** What each node's earlier processes printed (for a failure's message). */
    private final StringBuilder[] history = {new StringBuilder(), new StringBuilder(), new StringBuilder()};
    /** Each node's ports, new at each start (the old ones may linger in TIME_WAIT); clients read them as they go. */
    private final java.util.concurrent.atomic.AtomicIntegerArray http = new java.util.concurrent.atomic.AtomicIntegerArray(3);
    private final java.util.concurrent.atomic.AtomicIntegerArray ops = new java.util.concurrent.atomic.AtomicIntegerArray(3);
    private final Map<String, AtomicInteger> sent = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> acked = new ConcurrentHashMap<>();
    private final Map<Long, String> ackedRewards = new ConcurrentHashMap<>();
    /** What the clients saw that must not happen (a pool thread cannot fail the test itself). */
    private final java.util.Queue<String> problems = new java.util.concurrent.ConcurrentLinkedQueue<>();

    @AfterEach
    void tearDown() {
        for (final ServerProcess n : nodes) {
            if (n != null) {
                n.process.destroyForcibly();
            }
        }
    }

    @Test
    void noAcknowledgedScanOrRewardIsLostAcrossTenLeaderKills() throws Exception {
        final Random random = new Random(SEED);
        final int base = portBase(random);
        KeyRing.openOrCreate(dir.resolve("data-0"));
        for (int i = 0; i < 3; i++) {
            Files.createDirectories(dir.resolve("data-" + i));
            Files.writeString(dir.resolve("cluster-" + i + ".properties"),
                    "cluster.member=" + i + "\ncluster.hosts=localhost,localhost,localhost\ncluster.port.base=" + base + "\n");
            if (i > 0) {
                Files.copy(dir.resolve("data-0").resolve(KeyRing.FILE_NAME), dir.resolve("data-" + i).resolve(KeyRing.FILE_NAME));
            }
        }
        for (int i = 0; i < 3; i++) {
            start(i);
        }
        for (int i = 0; i < 3; i++) {
            nodes[i].await("scangate listening", 180);
        }
        final List<String> codes = issue();
        admin(0, "POST", "/admin/campaigns", "{\"id\":\"ha\",\"start\":\"" + Instant.now().minusSeconds(3600) + "\",\"end\":\""
                + Instant.now().plusSeconds(86_400) + "\",\"winProbability\":0.5,\"currency\":\"CNY\",\"budget\":{\"count\":" + BUDGET
                + ",\"amount\":100000},\"prizes\":[{\"id\":\"red\",\"amount\":100,\"weight\":1}]}", 200);
        final AtomicBoolean stop = new AtomicBoolean();
        final AtomicLong answered = new AtomicLong();
        final ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        for (int c = 0; c < CLIENTS; c++) {
            final Random r = new Random(random.nextLong());
            pool.submit(() -> drive(codes, r, stop, answered));
        }
        for (int k = 0; k < KILLS; k++) {
            Thread.sleep(1_000 + random.nextInt(2_000));
            final int leader = leader();
            nodes[leader].process.destroyForcibly();
            assertTrue(nodes[leader].process.waitFor(30, TimeUnit.SECONDS));
            start(leader); // as a follower: the others have elected a new leader meanwhile
            nodes[leader].await("scangate listening", 180);
        }
        Thread.sleep(2_000);
        stop.set(true);
        pool.shutdown();
        assertTrue(pool.awaitTermination(60, TimeUnit.SECONDS));
        assertTrue(answered.get() > 0);
        assertTrue(problems.isEmpty(), "clients saw: " + problems.stream().limit(5).toList());
        final String digest = awaitEqualReplicas();
        check(codes);
        partitionAMinority(codes, digest);
        aMemberStopsCleanlyOnSigterm();
        System.out.println("cluster IT: kills=" + KILLS + " seed=" + SEED + " answered=" + answered.get() + " rewards=" + ackedRewards.size());
    }

    /**
     * A port base whose members' ports are free now and below the ephemeral range: while a member
     * is down, a socket bound to port 0 could otherwise be given one of its ports (the others'
     * Aeron replication channels are), and it could not take part in the log when it came back.
     */
    private static int portBase(final Random random) {
        for (int attempt = 0; attempt < 50; attempt++) {
            final int base = 20_000 + random.nextInt(120) * 100; // up to 31,905: the ephemeral range starts at 32,768
            if (udpFree(base)) {
                return base;
            }
        }
        throw new IllegalStateException("no free port range below 32768");
    }

    private static boolean udpFree(final int base) {
        for (int port = base; port < base + 300; port++) {
            try (java.net.DatagramSocket s = new java.net.DatagramSocket(port, java.net.InetAddress.getLoopbackAddress())) {
                s.getLocalPort();
            } catch (final java.io.IOException e) {
                return false;
            }
        }
        return true;
    }

    private void start(final int i) throws Exception {
        if (nodes[i] != null) {
            history[i].append(nodes[i].output()).append("---- killed, started again ----\n");
        }
        http.set(i, ServerProcess.freePort());
        ops.set(i, ServerProcess.freePort());
        nodes[i] = ServerProcess.start(dir.resolve("data-" + i), Map.of(), http.get(i), ops.get(i), "--cluster",
                dir.resolve("cluster-" + i + ".properties").toString());
    }

    private void drive(final List<String> codes, final Random r, final AtomicBoolean stop, final AtomicLong answered) {
        final long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(15);
        while (!stop.get() && System.nanoTime() < deadline) {
            final String code = codes.get(r.nextInt(codes.size()));
            final String body = "{\"code\":\"" + code + "\",\"device\":\"ha-" + r.nextInt(500) + "\",\"requestId\":\"" + Long.toHexString(r.nextLong()) + "\"}";
            sent.computeIfAbsent(code, k -> new AtomicInteger()).incrementAndGet();
            for (int attempt = 0; attempt < 50 && !stop.get(); attempt++) { // a 503 or a dead node: the same request again, maybe elsewhere
                try {
                    final HttpResponse<String> resp = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.get(r.nextInt(3)) + "/v1/scans"))
                            .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                    if (resp.statusCode() == 200) {
                        final JsonNode j = TestServer.JSON.readTree(resp.body());
                        acked.computeIfAbsent(code, k -> new AtomicInteger()).accumulateAndGet(j.get("scanCount").asInt(), Math::max);
                        final JsonNode reward = j.get("reward");
                        if (reward != null && !reward.isNull()) {
                            final String before = ackedRewards.putIfAbsent(reward.get("rewardId").asLong(), code);
                            if (before != null && !before.equals(code)) {
                                problems.add("reward " + reward + " answered for two codes");
                            }
                        }
                        answered.incrementAndGet();
                        break;
                    }
                    if (resp.statusCode() != 503) {
                        problems.add(resp.statusCode() + " " + resp.body());
                    }
                } catch (final java.io.IOException e) {
                    // the node was killed: try again
                } catch (final InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                sleep(100);
            }
        }
    }

    private List<String> issue() throws Exception {
        final JsonNode batch = TestServer.JSON.readTree(admin(0, "POST", "/admin/batches",
                "{\"sku\":\"HA\",\"gtin\":\"12345670\",\"region\":\"CN\",\"count\":" + CODES + "}", 201));
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            final HttpResponse<String> r = send(0, "GET", "/admin/batches/" + batch.get("batchId").asLong() + "/codes", null);
            if (r.statusCode() == 200 && r.body().lines().count() == CODES) {
                return new ArrayList<>(r.body().lines().toList());
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the batch's codes never came");
    }

    private int leader() throws Exception {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            for (int i = 0; i < 3; i++) {
                final HttpResponse<String> r = send(i, "GET", "/admin/cluster", null);
                if (r.statusCode() == 200 && "LEADER".equals(TestServer.JSON.readTree(r.body()).get("role").asText())) {
                    return i;
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no leader for 60 s");
    }

    /**
     * Waits until the three replicas have applied the log to the same position (a member started
     * again catches up first, slowly on a busy box) and hold the same state there; returns its digest.
     */
    private String awaitEqualReplicas() throws Exception {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(150);
        Set<String> digests = Set.of();
        final Set<Long> positions = new HashSet<>();
        final List<String> views = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            digests = new HashSet<>();
            positions.clear();
            views.clear();
            for (int i = 0; i < 3; i++) {
                final String body = admin(i, "GET", "/admin/cluster", null, 200);
                final JsonNode s = TestServer.JSON.readTree(body);
                digests.add(s.get("ledgerDigest").asText() + "/" + s.get("ledgerEntries").asLong() + "/" + s.get("rewards").asLong());
                positions.add(s.get("appliedPosition").asLong());
                views.add(body);
            }
            if (digests.size() == 1) {
                return digests.iterator().next();
            }
            if (positions.size() == 1) {
                break; // the same log applied to the same position, different states: diverged, waiting will not help
            }
            Thread.sleep(500);
        }
        final StringBuilder why = new StringBuilder((positions.size() == 1 ? "the replicas diverged: " : "the replicas differ: ") + digests);
        for (int i = 0; i < 3; i++) {
            why.append("\nnode ").append(i).append(": ").append(views.get(i)).append("\n  its events:\n");
            (history[i] + nodes[i].output()).lines().filter(l -> l.contains("event=") || l.contains("ERROR") || l.contains("WARN") || l.contains("Exception"))
                    .forEach(l -> why.append("  ").append(l).append('\n'));
        }
        throw new AssertionError(why.toString());
    }

    private void check(final List<String> codes) throws Exception {
        for (final Map.Entry<String, AtomicInteger> e : sent.entrySet()) {
            final int count = TestServer.JSON.readTree(admin(e.getKey().hashCode() & 1, "GET", "/admin/cluster/codes/" + e.getKey(), null, 200))
                    .get("scanCount").asInt();
            final AtomicInteger a = acked.get(e.getKey());
            assertTrue(a == null || count >= a.get(), e.getKey() + ": acknowledged " + a + ", holds " + count);
            assertTrue(count <= e.getValue().get(), e.getKey() + ": " + count + " counted, " + e.getValue() + " sent (double count)");
        }
        final Map<Long, String> log = new HashMap<>();
        long after = 0;
        for (int page = 0; page < 20; page++) {
            final JsonNode r = TestServer.JSON.readTree(admin(2, "GET", "/admin/rewards?after=" + after + "&limit=1000", null, 200));
            for (final JsonNode w : r.get("rewards")) {
                assertEquals(after + 1, w.get("rewardId").asLong(), "reward ids are dense");
                after = w.get("rewardId").asLong();
                log.put(after, w.get("code").asText());
            }
            if (r.get("rewards").size() < 1000) {
                break;
            }
        }
        assertTrue(log.size() <= BUDGET, log.size() + " rewards over the budget of " + BUDGET);
        assertEquals(log.size(), new HashSet<>(log.values()).size(), "a code rewarded twice");
        for (final Map.Entry<Long, String> r : ackedRewards.entrySet()) {
            assertEquals(r.getValue(), log.get(r.getKey()), "acknowledged reward " + r.getKey() + " lost or changed");
        }
        assertTrue(codes.size() == CODES);
        readsAnsweredByEveryMember(codes);
    }

    /** The admin API's reads (a GET) work on every member, answered by its own replica: a code's state, the actors. */
    private void readsAnsweredByEveryMember(final List<String> codes) throws Exception {
        for (int i = 0; i < 6; i++) {
            final String code = codes.get(i);
            final int held = TestServer.JSON.readTree(admin(0, "GET", "/admin/cluster/codes/" + code, null, 200)).get("scanCount").asInt();
            final HttpResponse<String> r = send(i % 3, "GET", "/admin/codes/" + code, null);
            assertEquals(200, r.statusCode(), "member " + (i % 3) + ": " + r.body());
            assertEquals(held, TestServer.JSON.readTree(r.body()).get("scanCount").asInt(), "member " + (i % 3) + "'s replica on " + code);
        }
        assertEquals(200, send(1, "GET", "/admin/actors", null).statusCode());
        assertEquals(501, send(2, "GET", "/admin/codes/" + codes.get(0) + "?history=5", null).statusCode(),
                "a code's history reads a journal, which a member has not");
        final Set<String> audits = new HashSet<>();
        for (int i = 0; i < 3; i++) {
            final JsonNode entries = TestServer.JSON.readTree(admin(i, "GET", "/admin/audit?after=0&limit=100", null, 200)).get("entries");
            final List<String> routes = new ArrayList<>();
            entries.forEach(e -> routes.add(e.get("auditId").asLong() + " " + e.get("method").asText() + " " + e.get("route").asText() + " " + e.get("at").asText()));
            assertTrue(routes.stream().anyMatch(r -> r.contains("POST /admin/batches")), "member " + i + "'s audit log: " + routes);
            assertTrue(routes.stream().anyMatch(r -> r.contains("POST /admin/campaigns")), "member " + i + "'s audit log: " + routes);
            audits.add(routes.toString());
        }
        assertEquals(1, audits.size(), "every member records the same audit entries, timed by the cluster: " + audits);
    }

    /**
     * A follower stopped (SIGSTOP) answers nothing while stopped; the scans sent to it meanwhile are
     * answered after SIGCONT with 503 or with a verdict the cluster committed, and it catches up.
     * Then two members are stopped: the one left is a minority and answers every scan 503 with
     * Retry-After, never a verdict; after SIGCONT the three agree again.
     */
    private void partitionAMinority(final List<String> codes, final String digest) throws Exception {
        final int leader = leader();
        final int follower = (leader + 1) % 3;
        final int other = (leader + 2) % 3;
        final List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> queued = new ArrayList<>();
        signal("STOP", nodes[follower]);
        try {
            for (int i = 0; i < 5; i++) {
                final HttpResponse<String> r = scan(other, codes.get(i));
                assertEquals(200, r.statusCode(), "the majority still answers: " + r.body());
                queued.add(client.sendAsync(scanRequest(follower, codes.get(20 + i)), HttpResponse.BodyHandlers.ofString()));
            }
        } finally {
            signal("CONT", nodes[follower]);
        }
        for (int i = 0; i < queued.size(); i++) {
            final HttpResponse<String> r = queued.get(i).get(60, TimeUnit.SECONDS);
            assertTrue(r.statusCode() == 200 || r.statusCode() == 503, r.statusCode() + " " + r.body());
            if (r.statusCode() == 200) {
                final int held = TestServer.JSON.readTree(admin(other, "GET", "/admin/cluster/codes/" + codes.get(20 + i), null, 200))
                        .get("scanCount").asInt();
                assertTrue(held >= TestServer.JSON.readTree(r.body()).get("scanCount").asInt(), "a verdict the cluster did not commit: " + r.body());
            }
        }
        assertTrue(!awaitEqualReplicas().equals(digest), "the state moved on, and the stopped member caught up with it");
        metricsAgree();
        roleScansAreNotImplementedNotRetried(codes.get(40));
        final String before = awaitEqualReplicas();
        signal("STOP", nodes[leader]);
        signal("STOP", nodes[follower]);
        try {
            sleep(3_000); // past the leader heartbeat timeout (1 s)
            for (int i = 0; i < 3; i++) {
                final HttpResponse<String> r = scan(other, codes.get(30 + i));
                assertEquals(503, r.statusCode(), "a minority of one answered a verdict it cannot commit: " + r.body());
                assertTrue(r.headers().firstValue("Retry-After").isPresent(), "503 without Retry-After");
            }
            final HttpResponse<String> change = send(other, "POST", "/admin/batches", "{\"sku\":\"MIN\",\"gtin\":\"12345670\",\"region\":\"CN\",\"count\":5}");
            assertEquals(503, change.statusCode(), "an admin change a minority cannot commit: " + change.body());
            assertTrue(change.headers().firstValue("Retry-After").isPresent(), "503 without Retry-After");
        } finally {
            signal("CONT", nodes[leader]);
            signal("CONT", nodes[follower]);
        }
        assertEquals(before, awaitEqualReplicas(), "the minority's refused scans changed nothing");
    }

    /** SIGTERM stops a member as it stops a single node: the clean stop runs, the JVM exits 143 (Aeron took the signal from the JVM). */
    private void aMemberStopsCleanlyOnSigterm() throws Exception {
        final int follower = (leader() + 1) % 3;
        assertEquals(143, nodes[follower].terminate(60));
        assertTrue(nodes[follower].output().contains("event=stopped"), "no clean stop in the member's output");
    }

    /** A role scan is refused with 501 (the log does not carry them yet), not a 503 that invites retries for ever. */
    private void roleScansAreNotImplementedNotRetried(final String code) throws Exception {
        for (int i = 0; i < 3; i++) {
            final HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.get(i) + "/v1/channel/scans"))
                    .timeout(Duration.ofSeconds(20)).header("Authorization", "Bearer sgk_00000000000000000000000000000000")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"code\":\"" + code + "\",\"action\":\"RECEIVE\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(501, r.statusCode(), "member " + i + ": " + r.body());
            assertTrue(r.body().contains("cluster mode"), r.body());
        }
    }

    /** Every member's gauges name the same leader, a committed position, at least one election, a snapshot age. */
    private void metricsAgree() throws Exception {
        final int leader = leader();
        for (int i = 0; i < 3; i++) {
            final String m = admin(i, "GET", "/metrics", null, 200);
            assertEquals(leader, (int) gauge(m, "scangate_cluster_leader"), "member " + i + " names another leader");
            assertEquals(i, (int) gauge(m, "scangate_cluster_member"));
            assertEquals(i == leader ? 2 : 0, (int) gauge(m, "scangate_cluster_role"), "member " + i + "'s role");
            assertTrue(gauge(m, "scangate_cluster_commit_position") > 0, "member " + i + " has committed nothing");
            assertTrue(gauge(m, "scangate_cluster_elections") >= 1, "member " + i + " took part in no election");
            assertTrue(gauge(m, "scangate_cluster_snapshot_age_seconds") >= 0);
            assertTrue(gauge(m, "scangate_cluster_applied_position") > 0, "member " + i + " has applied nothing");
            final Set<String> ruled = DashboardQueriesTest.clusterMetricsInAlertRules();
            assertTrue(!ruled.isEmpty() && ruled.stream().allMatch(n -> m.contains(n + " ") || m.contains(n + "{")),
                    "the alert rules name cluster metrics member " + i + " does not export: " + ruled);
        }
    }

    private static double gauge(final String metrics, final String name) {
        return metrics.lines().filter(l -> l.startsWith(name + " ") || l.startsWith(name + "{")).findFirst()
                .map(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .orElseThrow(() -> new AssertionError("no " + name + " in /metrics"));
    }

    private HttpRequest scanRequest(final int node, final String code) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.get(node) + "/v1/scans")).timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString("{\"code\":\"" + code + "\",\"device\":\"part\"}")).build();
    }

    private HttpResponse<String> scan(final int node, final String code) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.get(node) + "/v1/scans")).timeout(Duration.ofSeconds(20))
                .POST(HttpRequest.BodyPublishers.ofString("{\"code\":\"" + code + "\",\"device\":\"part\"}")).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void signal(final String sig, final ServerProcess p) throws Exception {
        assertEquals(0, new ProcessBuilder("kill", "-" + sig, Long.toString(p.process.pid())).start().waitFor());
    }

    private String admin(final int node, final String method, final String path, final String body, final int status) throws Exception {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        HttpResponse<String> r = null;
        while (System.nanoTime() < deadline) {
            r = send(node, method, path, body);
            if (r.statusCode() == status) {
                return r.body();
            }
            Thread.sleep(500); // no leader yet: the change could not be committed
        }
        throw new AssertionError(method + " " + path + " answered " + (r == null ? "nothing" : r.statusCode() + " " + r.body()));
    }

    private HttpResponse<String> send(final int node, final String method, final String path, final String body) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ops.get(node) + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + TestServer.TOKEN)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void sleep(final long ms) {
        try {
            Thread.sleep(ms);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
