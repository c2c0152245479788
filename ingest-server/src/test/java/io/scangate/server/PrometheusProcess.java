package io.scangate.server;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Test support: a real Prometheus server (Debian's {@code prometheus} package, found or extracted
 * by docker/prometheus-tool.sh, which fails saying what to install) on a free loopback port. Its
 * config, TSDB and log live in the directory it is given; nothing else is written.
 */
final class PrometheusProcess implements AutoCloseable {
    private static final Path TOOL = ServerProcess.ROOT.resolve("docker/prometheus-tool.sh");

    final int port;
    private final Process process;
    private final Path log;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private PrometheusProcess(final Process process, final int port, final Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** The prometheus binary's path, found or extracted; an AssertionError saying what to install when neither works. */
    static String binary() throws InterruptedException {
        final ScriptRun.Result r = ScriptRun.bash(TOOL, "prometheus");
        if (r.exit() != 0) {
            throw new AssertionError("no prometheus server for this test (docker/prometheus-tool.sh):\n" + r.output());
        }
        final List<String> lines = r.output().lines().filter(l -> !l.isBlank()).toList();
        return lines.get(lines.size() - 1).trim();
    }

    /**
     * Starts Prometheus on {@code port} with {@code dir/prometheus.yml} (written by the caller,
     * with its rule files beside it) and waits, at most 60 s, until it answers {@code /-/ready}.
     */
    static PrometheusProcess start(final Path dir, final int port) throws IOException, InterruptedException {
        final Path log = dir.resolve("prometheus.log");
        final Process p = new ProcessBuilder(binary(),
                "--config.file=" + dir.resolve("prometheus.yml"),
                "--storage.tsdb.path=" + dir.resolve("tsdb"),
                "--web.listen-address=127.0.0.1:" + port)
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        final PrometheusProcess prometheus = new PrometheusProcess(p, port, log);
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline && p.isAlive()) {
            try {
                if (prometheus.get("/-/ready").statusCode() == 200) {
                    return prometheus;
                }
            } catch (final IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        final String output = prometheus.log();
        prometheus.close();
        throw new AssertionError("prometheus not ready within 60 s; its log:\n" + output);
    }

    /** {@code /api/v1/...} as JSON; fails unless Prometheus answers {@code status: success}. */
    JsonNode api(final String pathAndQuery) throws IOException, InterruptedException {
        final HttpResponse<String> r = get("/api/v1/" + pathAndQuery);
        final JsonNode body = TestServer.JSON.readTree(r.body());
        if (r.statusCode() != 200 || !"success".equals(body.path("status").asText())) {
            throw new AssertionError("prometheus /api/v1/" + pathAndQuery + " answered " + r.statusCode() + ": " + r.body());
        }
        return body.get("data");
    }

    /** An instant query's result vector. */
    JsonNode query(final String promql) throws IOException, InterruptedException {
        return api("query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)).get("result");
    }

    String log() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (final IOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }

    private HttpResponse<String> get(final String path) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** SIGTERM, then SIGKILL after 20 s. */
    @Override
    public void close() {
        try {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
