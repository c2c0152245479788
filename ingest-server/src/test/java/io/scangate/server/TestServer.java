package io.scangate.server;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Test support: a real server on ephemeral loopback ports, and an HTTP client for it. */
final class TestServer implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String TOKEN = "test-admin-token-0123456789";

    final ScanGate server;
    final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private TestServer(final ScanGate server) {
        this.server = server;
    }

    static TestServer start(final Path dataDir) throws InterruptedException {
        return start(dataDir, Map.of());
    }

    /** A server with test defaults overridden by {@code config} (server config keys). */
    static TestServer start(final Path dataDir, final Map<String, String> config) throws InterruptedException {
        final Map<String, String> values = new java.util.HashMap<>(Map.of(
                "bind.address", "127.0.0.1", "http.port", "0", "ops.port", "0", "udp.port", "0", "data.dir", dataDir.toString(),
                "ledger.entries", "100000", "ring.size", "1024", "journal.segment.bytes", "1048576",
                // tests drive many scans from one address and device; the limits have tests of their own
                "rate.per.address", "0", "rate.per.device", "0"));
        // exact-count tests burst on a box shared with builds: the lag bound (tested on its own) would shed them
        values.put("ring.shed.lag.ms", "0");
        values.putAll(config);
        return new TestServer(ScanGate.start(ServerConfig.load(null, Map.of("SCANGATE_ADMIN_TOKEN", TOKEN), values)));
    }

    String scanUrl() {
        return "http://127.0.0.1:" + server.httpPort();
    }

    String opsUrl() {
        return "http://127.0.0.1:" + server.opsPort();
    }

    HttpResponse<String> post(final String path, final String body) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(scanUrl() + path))
                .timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    JsonNode scan(final String code, final String device, final String region) throws Exception {
        final HttpResponse<String> r = post("/v1/scans", "{\"code\":\"" + code + "\",\"device\":\"" + device + "\""
                + (region == null ? "" : ",\"region\":\"" + region + "\"") + "}");
        if (r.statusCode() != 200) {
            throw new AssertionError("scan answered " + r.statusCode() + ": " + r.body());
        }
        return JSON.readTree(r.body());
    }

    HttpResponse<String> get(final String url, final String... headers) throws Exception {
        final HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).GET();
        if (headers.length > 0) {
            b.headers(headers);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** {@code method path} on the admin API with the test token and {@code body} (null: none). */
    HttpResponse<String> admin(final String method, final String path, final String body) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(opsUrl() + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + TOKEN)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The ops port's Prometheus text. */
    String scrape() throws Exception {
        return get(opsUrl() + "/metrics").body();
    }

    /** Runs the CLI in-process; returns exit code, stdout and stderr. */
    static Cli cli(final String... args) {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final var cmd = Main.commandLineFor(args);
        cmd.setOut(new java.io.PrintWriter(new PrintStream(out, true, StandardCharsets.UTF_8), true));
        cmd.setErr(new java.io.PrintWriter(new PrintStream(err, true, StandardCharsets.UTF_8), true));
        final int code = cmd.execute(args);
        return new Cli(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    record Cli(int exit, String out, String err) {
    }

    @Override
    public void close() {
        server.close();
    }
}
