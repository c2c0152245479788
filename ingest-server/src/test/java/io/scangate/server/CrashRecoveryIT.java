package io.scangate.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * kill -9 at random moments under concurrent scans, then restart: every acknowledged scan is
 * still counted, nothing is counted twice, the ledger equals a fresh replay of the journal, and
 * the server answers within the start-up budget. Snapshots run on a short schedule (every second,
 * or every 256 KiB of journal, in 64 KiB segments) and some cycles ask for one just before the
 * kill, so kills land before, during and after snapshots and compaction; restarts after the first
 * snapshot restore from one. Cycles: {@code -Dscangate.crash.cycles}
 * (20 in CI; the soak in BENCHMARKS.md runs more).
 */
class CrashRecoveryIT {
    private static final int CYCLES = Integer.getInteger("scangate.crash.cycles", 20);
    private static final long SEED = Long.getLong("scangate.crash.seed", System.nanoTime());
    private static final int CLIENTS = 16;
    private static final long RESTART_BUDGET_SECONDS = 60;

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final int BUDGET_COUNT = 150;
    private static final long BUDGET_AMOUNT = 4_000;
    /** Acknowledged rewards: rewardId → the code whose scan was answered with it. */
    private final Map<Long, String> ackedRewards = new ConcurrentHashMap<>();
    /** Acknowledged requests that carried a request id: body → the scanCount they were answered with. */
    private final Map<String, Integer> idempotent = new ConcurrentHashMap<>();

    @TempDir
    Path dir;
    private int snapshotRestarts;

    /** A server with snapshots on a short schedule and small journal segments. */
    private static ServerProcess start(final Path data) throws java.io.IOException {
        return ServerProcess.start(data, Map.of("SCANGATE_SNAPSHOT_INTERVAL", "1s", "SCANGATE_SNAPSHOT_JOURNAL_BYTES", "262144",
                "SCANGATE_JOURNAL_SEGMENT_BYTES", "65536", "SCANGATE_SNAPSHOT_KEEP", "2"), ServerProcess.freePort(), ServerProcess.freePort());
    }

    /** What the clients saw for one code. */
    private static final class Seen {
        final AtomicInteger sent = new AtomicInteger();
        final AtomicInteger maxAcked = new AtomicInteger();
        final AtomicBoolean ackedFirst = new AtomicBoolean();
    }

    @Test
    void shouldLoseNoAcknowledgedScanAndDoubleNoneAcrossKillNineCycles() throws Exception {
        final Random random = new Random(SEED);
        final Path data = dir.resolve("data");
        final Map<String, Seen> seen = new ConcurrentHashMap<>();
        List<String> codes = null;
        long worstRestartMillis = 0;
        for (int cycle = 0; cycle < CYCLES; cycle++) {
            final long t0 = System.nanoTime();
            try (ServerProcess server = start(data)) {
                final String started = server.await("event=started", RESTART_BUDGET_SECONDS);
                server.await("scangate listening", RESTART_BUDGET_SECONDS);
                if (started != null && started.contains("recovery_mode=SNAPSHOT")) {
                    snapshotRestarts++;
                }
                final long restartMillis = (System.nanoTime() - t0) / 1_000_000;
                worstRestartMillis = Math.max(worstRestartMillis, restartMillis);
                if (codes == null) {
                    codes = issue(server, 5_000);
                    // half the codes win; the budget runs out within the first cycles, then must hold through every crash
                    final java.time.Instant now = java.time.Instant.now();
                    admin(server, "POST", "/admin/campaigns", "{\"id\":\"crash\",\"start\":\"" + now.minusSeconds(3600) + "\",\"end\":\""
                            + now.plusSeconds(86_400) + "\",\"winProbability\":0.5,\"currency\":\"CNY\",\"budget\":{\"count\":" + BUDGET_COUNT
                            + ",\"amount\":" + BUDGET_AMOUNT + "},\"onLimit\":\"lowerTier\",\"prizes\":[{\"id\":\"big\",\"amount\":188,\"weight\":1,"
                            + "\"limit\":20},{\"id\":\"small\",\"amount\":20,\"weight\":9}]}");
                }
                if (cycle > 0) {
                    checkRecovered(server, seen, cycle);
                }
                final List<String> batch = codes;
                final AtomicBoolean stop = new AtomicBoolean();
                final AtomicLong acked = new AtomicLong();
                final ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
                for (int c = 0; c < CLIENTS; c++) {
                    final Random r = new Random(random.nextLong());
                    pool.submit(() -> drive(server.httpPort, batch, r, seen, stop, acked));
                }
                Thread.sleep(400 + random.nextInt(1600));
                if (random.nextInt(3) == 0) {
                    // a snapshot asked for now: the kill lands while it is written or compacting
                    final int ops = server.opsPort;
                    new Thread(() -> {
                        try {
                            client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ops + "/admin/snapshot"))
                                    .header("Authorization", "Bearer " + TestServer.TOKEN).POST(HttpRequest.BodyPublishers.noBody()).build(),
                                    HttpResponse.BodyHandlers.discarding());
                        } catch (final Exception e) {
                            // killed meanwhile
                        }
                    }).start();
                    Thread.sleep(random.nextInt(60));
                }
                server.process.destroyForcibly();
                assertTrue(server.process.waitFor(30, TimeUnit.SECONDS), "killed");
                stop.set(true);
                pool.shutdown();
                assertTrue(pool.awaitTermination(60, TimeUnit.SECONDS), "clients stop");
                assertTrue(acked.get() > 0, "cycle " + cycle + " acknowledged some scans");
            }
        }
        try (ServerProcess server = start(data)) {
            server.await("scangate listening", RESTART_BUDGET_SECONDS);
            checkRecovered(server, seen, CYCLES);
            server.terminate(60);
        }
        assertTrue(snapshotRestarts > 0, "some restarts came from a snapshot");
        assertFalse(Files.exists(data.resolve("journal").resolve("segment-0000000000.log")), "the journal was compacted");
        try (java.util.stream.Stream<Path> s = Files.list(data.resolve("snapshots"))) {
            assertTrue(s.filter(p -> p.toString().endsWith(".snap")).count() <= 2, "at most snapshot.keep snapshots kept");
        }
        System.out.println("crash test: cycles=" + CYCLES + " seed=" + SEED + " codes_touched=" + seen.size()
                + " rewards_acknowledged=" + ackedRewards.size()
                + " worst_restart_ms=" + worstRestartMillis + " snapshot_restarts=" + snapshotRestarts);
    }

    private void drive(final int port, final List<String> codes, final Random r, final Map<String, Seen> seen,
                       final AtomicBoolean stop, final AtomicLong acked) {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!stop.get() && System.nanoTime() < deadline) {
            // half fresh codes, half a hot set of 50 that is scanned again and again
            final String code = r.nextBoolean() ? codes.get(50 + r.nextInt(codes.size() - 50)) : codes.get(r.nextInt(50));
            final Seen s = seen.computeIfAbsent(code, k -> new Seen());
            s.sent.incrementAndGet();
            final boolean withId = r.nextInt(4) == 0;
            final String body = "{\"code\":\"" + code + "\",\"device\":\"crash-" + r.nextInt(1000) + "\""
                    + (withId ? ",\"requestId\":\"rid-" + Long.toHexString(r.nextLong()) + "\"" : "") + "}";
            try {
                final HttpResponse<String> resp = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/scans"))
                        .timeout(Duration.ofSeconds(5))
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(), HttpResponse.BodyHandlers.ofString());
                if (resp.statusCode() == 200) {
                    final JsonNode j = TestServer.JSON.readTree(resp.body());
                    if (withId) {
                        idempotent.put(body, j.get("scanCount").asInt());
                    }
                    s.maxAcked.accumulateAndGet(j.get("scanCount").asInt(), Math::max);
                    if (j.get("firstScan").asBoolean()) {
                        s.ackedFirst.set(true);
                    }
                    final JsonNode reward = j.get("reward");
                    if (reward != null && !reward.isNull()) {
                        final String previous = ackedRewards.putIfAbsent(reward.get("rewardId").asLong(), code);
                        assertTrue(previous == null || previous.equals(code), "reward " + reward + " answered for two codes");
                    }
                    acked.incrementAndGet();
                }
            } catch (final Exception e) {
                return; // the server died: stop this client
            }
        }
    }

    private void checkRecovered(final ServerProcess server, final Map<String, Seen> seen, final int cycle) throws Exception {
        final JsonNode verify = admin(server, "POST", "/admin/ledger/verify", null);
        assertTrue(verify.get("matches").asBoolean(), "cycle " + cycle + ": recovered ledger equals a fresh journal replay: " + verify);
        checkRewards(server, cycle);
        int retried = 0;
        for (final Map.Entry<String, Integer> e : idempotent.entrySet()) {
            if (retried++ == 40) {
                break;
            }
            final HttpResponse<String> again = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort + "/v1/scans"))
                    .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString(e.getKey())).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, again.statusCode(), again.body());
            assertEquals((int) e.getValue(), TestServer.JSON.readTree(again.body()).get("scanCount").asInt(),
                    "cycle " + cycle + ": a retry after the crash gets the original answer: " + e.getKey());
        }
        for (final Map.Entry<String, Seen> e : seen.entrySet()) {
            final Seen s = e.getValue();
            if (s.sent.get() == 0) {
                continue;
            }
            final int count = admin(server, "GET", "/admin/codes/" + e.getKey(), null).get("scanCount").asInt();
            assertTrue(count >= s.maxAcked.get(), "cycle " + cycle + " code " + e.getKey() + ": acknowledged count "
                    + s.maxAcked.get() + " lost, recovered " + count);
            assertTrue(count <= s.sent.get(), "cycle " + cycle + " code " + e.getKey() + ": " + count + " counted but only "
                    + s.sent.get() + " sent (double count)");
            if (s.ackedFirst.get()) {
                assertTrue(count >= 1, "acknowledged first scan lost for " + e.getKey());
            }
        }
    }

    /** The reward log after a restart: dense ids, one reward per code, budget and tier limit held, every acknowledged reward present. */
    private void checkRewards(final ServerProcess server, final int cycle) throws Exception {
        final Map<Long, JsonNode> log = new java.util.HashMap<>();
        long after = 0;
        for (int page = 0; page < 100; page++) {
            final JsonNode r = admin(server, "GET", "/admin/rewards?after=" + after + "&limit=1000", null);
            for (final JsonNode w : r.get("rewards")) {
                assertEquals(after + 1, w.get("rewardId").asLong(), "cycle " + cycle + ": reward ids are dense");
                after = w.get("rewardId").asLong();
                log.put(after, w);
            }
            if (r.get("rewards").size() < 1000) {
                break;
            }
        }
        final java.util.Set<String> codes = new java.util.HashSet<>();
        long amount = 0;
        long big = 0;
        for (final JsonNode w : log.values()) {
            assertTrue(codes.add(w.get("code").asText()), "cycle " + cycle + ": code rewarded twice: " + w);
            amount += w.get("amount").asLong();
            big += "big".equals(w.get("prize").asText()) ? 1 : 0;
        }
        assertTrue(log.size() <= BUDGET_COUNT, "cycle " + cycle + ": " + log.size() + " rewards over the budget");
        assertTrue(amount <= BUDGET_AMOUNT, "cycle " + cycle + ": " + amount + " spent over the budget");
        assertTrue(big <= 20, "cycle " + cycle + ": tier limit");
        for (final Map.Entry<Long, String> acked : ackedRewards.entrySet()) {
            final JsonNode w = log.get(acked.getKey());
            assertTrue(w != null, "cycle " + cycle + ": acknowledged reward " + acked.getKey() + " lost");
            assertEquals(acked.getValue(), w.get("code").asText(), "cycle " + cycle + ": reward " + acked.getKey() + " changed code");
        }
        final JsonNode shown = admin(server, "GET", "/admin/campaigns/crash", null);
        assertEquals(log.size(), shown.get("spent").get("count").asLong(), "cycle " + cycle + ": spent count = log");
        assertEquals(amount, shown.get("spent").get("amount").asLong(), "cycle " + cycle + ": spent amount = log");
    }

    private List<String> issue(final ServerProcess server, final int count) throws Exception {
        final JsonNode batch = admin(server, "POST", "/admin/batches",
                "{\"sku\":\"CRASH\",\"gtin\":\"12345670\",\"region\":\"CN\",\"count\":" + count + "}");
        final HttpResponse<String> codes = client.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.opsPort + "/admin/batches/" + batch.get("batchId").asLong() + "/codes"))
                .header("Authorization", "Bearer " + TestServer.TOKEN).build(), HttpResponse.BodyHandlers.ofString());
        final List<String> list = new ArrayList<>(codes.body().lines().toList());
        assertEquals(count, list.size());
        Files.write(dir.resolve("codes.txt"), list);
        return list;
    }

    private JsonNode admin(final ServerProcess server, final String method, final String path, final String body) throws Exception {
        final HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.opsPort + path))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + TestServer.TOKEN)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(r.statusCode() / 100 == 2, method + " " + path + " answered " + r.statusCode() + ": " + r.body());
        return TestServer.JSON.readTree(r.body());
    }
}
