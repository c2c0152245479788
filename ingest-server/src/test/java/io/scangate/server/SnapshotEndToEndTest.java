package io.scangate.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Snapshots, verification and backup through the admin API and the CLI of a running server: a
 * snapshot on demand, the ledger verified from it while scans go on, a backup taken under load
 * and opened by a second server with every scan acknowledged before the backup was asked for and
 * nothing that was never sent; bad backup targets refused.
 */
class SnapshotEndToEndTest {
    private static final int CODES = 2_000;

    @TempDir
    Path dir;

    @Test
    void aBackupTakenUnderLoadOpensWithEveryScanAcknowledgedBeforeIt() throws Exception {
        final Map<String, Integer> ackedBefore;
        final Map<String, Integer> finalCounts = new HashMap<>();
        final Map<String, Integer> sent = new ConcurrentHashMap<>();
        final Path backup = dir.resolve("backup");
        final List<String> codes;
        try (TestServer s = TestServer.start(dir.resolve("data"), Map.of("journal.segment.bytes", "65536"))) {
            codes = issue(s);
            final Map<String, Integer> acked = new ConcurrentHashMap<>();
            final AtomicBoolean stop = new AtomicBoolean();
            final ExecutorService load = load(s, codes, acked, sent, stop);
            Thread.sleep(700);
            final JsonNode snap = json(s.admin("POST", "/admin/snapshot", null), 201);
            assertTrue(snap.get("file").asText().startsWith("snapshot-"), snap.toString());
            assertTrue(snap.get("codes").asLong() > 0, snap.toString());
            final JsonNode verify = json(s.admin("POST", "/admin/ledger/verify", null), 200); // under load
            assertTrue(verify.get("matches").asBoolean(), verify.toString());
            assertTrue(verify.get("from").asText().startsWith("snapshot-"), "verified from the snapshot: " + verify);
            ackedBefore = new HashMap<>(acked);
            final JsonNode b = json(s.admin("POST", "/admin/backup", "{\"to\":\"" + backup + "\"}"), 201);
            assertTrue(b.get("journalSegments").asInt() >= 1, b.toString());
            Thread.sleep(300);
            stop.set(true);
            load.shutdown();
            assertTrue(load.awaitTermination(30, TimeUnit.SECONDS));
            for (final String c : codes) {
                finalCounts.put(c, count(s, c));
            }
            final TestServer.Cli cli = TestServer.cli("snapshot", "--admin-url", s.opsUrl(), "--token", TestServer.TOKEN);
            assertEquals(0, cli.exit(), cli.err());
            assertTrue(cli.out().contains("\"file\":\"snapshot-"), cli.out());
        }
        assertTrue(Files.exists(backup.resolve("keys")), "the keys travel with the backup");
        try (TestServer restored = TestServer.start(backup)) {
            int codesAhead = 0;
            for (final String c : codes) {
                final int n = count(restored, c);
                assertTrue(n >= ackedBefore.getOrDefault(c, 0), c + ": " + n + " restored, " + ackedBefore.get(c) + " acknowledged before the backup");
                assertTrue(n <= finalCounts.get(c), c + ": " + n + " restored, only " + finalCounts.get(c) + " ever counted");
                codesAhead += n < finalCounts.get(c) ? 1 : 0;
            }
            assertTrue(codesAhead > 0, "scans after the backup are not in it");
            assertTrue(json(restored.admin("POST", "/admin/ledger/verify", null), 200).get("matches").asBoolean());
            final int before = count(restored, codes.get(0));
            assertEquals(before + 1, restored.scan(codes.get(0), "after-restore", "CN-31").get("scanCount").asInt(), "it goes on from there");
        }
    }

    @Test
    void aBackupTargetThatIsRelativeInsideTheDataDirOrNotEmptyIsRefused() throws Exception {
        final Path data = dir.resolve("data");
        final Path full = dir.resolve("full");
        Files.createDirectories(full);
        Files.writeString(full.resolve("x"), "x");
        try (TestServer s = TestServer.start(data)) {
            for (final String body : new String[] {"{}", "{\"to\":\"relative/dir\"}", "{\"to\":\"" + data.resolve("b") + "\"}",
                "{\"to\":\"" + full + "\"}", "{\"to\":"}) {
                final HttpResponse<String> r = s.admin("POST", "/admin/backup", body);
                assertEquals(400, r.statusCode(), body + ": " + r.body());
                assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"), r.body());
            }
            final TestServer.Cli cli = TestServer.cli("backup", "--admin-url", s.opsUrl(), "--token", TestServer.TOKEN, "--to", full.toString());
            assertTrue(cli.exit() != 0, cli.out());
            assertTrue(cli.err().contains("not empty"), cli.err());
        }
    }

    private static JsonNode json(final HttpResponse<String> r, final int status) throws Exception {
        assertEquals(status, r.statusCode(), r.body());
        return TestServer.JSON.readTree(r.body());
    }

    private static int count(final TestServer s, final String code) throws Exception {
        return json(s.admin("GET", "/admin/codes/" + code, null), 200).get("scanCount").asInt();
    }

    private static List<String> issue(final TestServer s) throws Exception {
        final JsonNode batch = json(s.admin("POST", "/admin/batches",
                "{\"sku\":\"SNAP\",\"gtin\":\"12345670\",\"region\":\"CN\",\"count\":" + CODES + "}"), 201);
        final HttpResponse<String> r = s.admin("GET", "/admin/batches/" + batch.get("batchId").asLong() + "/codes", null);
        return new ArrayList<>(r.body().lines().toList());
    }

    /** Four clients scanning random codes until {@code stop}; counts what each code was acknowledged with and how often it was sent. */
    private static ExecutorService load(final TestServer s, final List<String> codes, final Map<String, Integer> acked,
                                        final Map<String, Integer> sent, final AtomicBoolean stop) {
        final ExecutorService pool = Executors.newFixedThreadPool(4);
        for (int t = 0; t < 4; t++) {
            final java.util.Random r = new java.util.Random(t);
            pool.submit(() -> {
                final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (!stop.get() && System.nanoTime() < deadline) {
                    final String code = codes.get(r.nextInt(codes.size()));
                    sent.merge(code, 1, Integer::sum);
                    final HttpResponse<String> resp = s.client.send(HttpRequest.newBuilder(URI.create(s.scanUrl() + "/v1/scans"))
                            .timeout(Duration.ofSeconds(10))
                            .POST(HttpRequest.BodyPublishers.ofString("{\"code\":\"" + code + "\",\"device\":\"d-" + r.nextInt(50) + "\"}"))
                            .build(), HttpResponse.BodyHandlers.ofString());
                    if (resp.statusCode() == 200) {
                        acked.merge(code, TestServer.JSON.readTree(resp.body()).get("scanCount").asInt(), Math::max);
                    }
                }
                return null;
            });
        }
        return pool;
    }
}
