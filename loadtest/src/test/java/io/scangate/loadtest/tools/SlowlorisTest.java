package io.scangate.loadtest.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.scangate.server.ScanGate;
import io.scangate.server.ServerConfig;

/**
 * Issue 13's slowloris acceptance through the real front door: 2,000 connections from another
 * client address trickle a request head that never ends, while an honest client scans. The
 * honest scans are all answered, and every slow connection is cut by the request deadline.
 */
class SlowlorisTest {
    private static final String TOKEN = "slowloris-test-admin-token-0123";
    private static final int ATTACKERS = 2_000;
    private static final int HONEST_SCANS = 200;

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private HttpResponse<String> send(final HttpRequest.Builder b) throws Exception {
        return http.send(b.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private List<String> issue(final ScanGate server, final int count) throws Exception {
        final String ops = "http://127.0.0.1:" + server.opsPort();
        final HttpResponse<String> batch = send(HttpRequest.newBuilder(URI.create(ops + "/admin/batches"))
                .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"sku\":\"SLOW-1\",\"gtin\":\"06901234567892\",\"region\":\"CN-31\",\"count\":" + count + "}")));
        final Matcher id = Pattern.compile("\"batchId\":(\\d+)").matcher(batch.body());
        assertTrue(id.find(), batch.body());
        return send(HttpRequest.newBuilder(URI.create(ops + "/admin/batches/" + id.group(1) + "/codes"))
                .header("Authorization", "Bearer " + TOKEN)).body().lines().toList();
    }

    @Test
    void shouldCutTwoThousandSlowlorisConnectionsAtTheirDeadlineWhileHonestScansAreAllAnswered() throws Exception {
        final ServerConfig config = ServerConfig.load(null, Map.of("SCANGATE_ADMIN_TOKEN", TOKEN), Map.of(
                "bind.address", "127.0.0.1", "http.port", "0", "ops.port", "0", "udp.port", "0", "data.dir", dir.toString(),
                "ledger.entries", "100000", "journal.segment.bytes", "1048576", "http.request.timeout.seconds", "2",
                "rate.per.address", "0", "rate.per.device", "0"));
        try (ScanGate server = ScanGate.start(config)) {
            final List<String> codes = issue(server, HONEST_SCANS);
            final CompletableFuture<Slowloris.Result> attack = CompletableFuture.supplyAsync(() -> {
                try {
                    return Slowloris.attack(server.httpPort(), ATTACKERS, InetAddress.getByName("127.0.0.2"), 200, 30_000);
                } catch (final Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            int ok = 0;
            for (final String code : codes) { // 200 scans, each bounded by its 20 s timeout
                final HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + "/v1/scans"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"code\":\"" + code + "\",\"device\":\"honest-1\"}")));
                ok += r.statusCode() == 200 && r.body().contains("\"GENUINE\"") ? 1 : 0;
                Thread.sleep(10);
            }
            final Slowloris.Result r = attack.get(60, TimeUnit.SECONDS);

            assertEquals(HONEST_SCANS, ok, "every honest scan answered GENUINE during the attack");
            assertEquals(ATTACKERS, r.opened(), r.line());
            assertEquals(ATTACKERS, r.cut(), "every slow connection cut, none refused at once, none left open: " + r.line());
            assertTrue(r.cutQuantileMillis(0.0) >= 1_500, "not before the 2 s deadline: " + r.line());
            assertTrue(r.cutQuantileMillis(1.0) < 10_000, "cut by the deadline, not by the attacker giving up: " + r.line());
            final String metrics = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.opsPort() + "/metrics"))).body();
            assertTrue(metrics.contains("scangate_connections_closed_total{port=\"http\",reason=\"slow_request\"} " + ATTACKERS + ".0"),
                    metrics.lines().filter(l -> l.startsWith("scangate_connections")).toList().toString());
        }
    }
}
