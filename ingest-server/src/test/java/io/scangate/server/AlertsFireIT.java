package io.scangate.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The project's alert rules, loaded by a real Prometheus that scrapes the packaged server with the
 * project's scrape config, fire under real load and resolve when it ends: connections at the scan
 * port's cap, scans shed by the verifier ring, a device over its rate limit, a ledger filling up.
 */
class AlertsFireIT {
    private static final Path PROMETHEUS_DIR = ServerProcess.ROOT.resolve("docker/prometheus");
    private static final String RULES = "rules/scangate-alerts.yml";
    /** The alerts this test drives; only their durations are shortened in the copied rule file. */
    private static final Set<String> DRIVEN = Set.of("ScangateConnectionsNearLimit", "ScangateConnectionsRefused", "ScangateRingRefusing",
            "ScangateHighErrorRatio", "ScangateRateLimiting", "ScangateLedgerFillHigh", "ScangateNotReady");
    private static final int LEDGER_ENTRIES = 1000; // the smallest ledger.entries
    private static final int READY_MAX_FILL_PERCENT = 90;
    private static final int MAX_CONNECTIONS = 20;
    private static final String GTIN = "12345670";
    /** Every scan but the rate-limit phase's comes from a device of its own, so only that phase meets rate.per.device. */
    private static final AtomicLong DEVICES = new AtomicLong();

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void shouldFireEachAlertUnderRealLoadAndResolveItWhenTheLoadEnds() throws Exception {
        final Map<String, String> env = Map.of(
                "SCANGATE_LEDGER_ENTRIES", Integer.toString(LEDGER_ENTRIES),
                "SCANGATE_LEDGER_READY_MAX_FILL_PERCENT", Integer.toString(READY_MAX_FILL_PERCENT),
                "SCANGATE_RING_SIZE", "64", // the smallest ring
                "SCANGATE_RING_SHED_ABOVE", "1", // shed whenever a scan is already waiting: pipelined scans overload it at once
                "SCANGATE_HTTP_MAX_CONNECTIONS", Integer.toString(MAX_CONNECTIONS),
                "SCANGATE_RATE_PER_DEVICE", "5", // over ServerProcess' 0 (off)
                "SCANGATE_RATE_PER_DEVICE_BURST", "5",
                // the idle connections held below must stay open for the whole phase
                "SCANGATE_HTTP_IDLE_TIMEOUT_SECONDS", "300",
                "SCANGATE_HTTP_REQUEST_TIMEOUT_SECONDS", "300");
        final Path promDir = Files.createDirectories(dir.resolve("prometheus"));
        try (ServerProcess server = ServerProcess.start(dir.resolve("data"), env, ServerProcess.freePort(), ServerProcess.freePort())) {
            server.await("scangate listening", 60);
            final List<String> codes = issue(server.opsPort, LEDGER_ENTRIES);
            final int promPort = ServerProcess.freePort();
            Files.writeString(promDir.resolve("prometheus.yml"), scrapeConfig(server.opsPort, promPort), StandardCharsets.UTF_8);
            Files.createDirectories(promDir.resolve("rules"));
            Files.writeString(promDir.resolve(RULES), shortened(Files.readString(PROMETHEUS_DIR.resolve(RULES), StandardCharsets.UTF_8)),
                    StandardCharsets.UTF_8);
            try (PrometheusProcess prometheus = PrometheusProcess.start(promDir, promPort)) {
                final Alerts alerts = new Alerts(prometheus, server);
                alerts.awaitLoaded();

                // (1) connections: the scan port full of idle connections, then more turned away at the cap
                final List<Socket> idle = new ArrayList<>();
                try {
                    for (int i = 0; i < MAX_CONNECTIONS; i++) {
                        idle.add(new Socket(InetAddress.getLoopbackAddress(), server.httpPort));
                    }
                    final JsonNode nearLimit = alerts.await("ScangateConnectionsNearLimit", "firing", 40, () -> { });
                    // the scan port's series, with the labels the project's scrape config gives its job
                    assertTrue(nearLimit.toString().contains("\"port\":\"http\"") && nearLimit.toString().contains("\"service\":\"scangate\""),
                            nearLimit.toString());
                    alerts.await("ScangateConnectionsRefused", "firing", 40, () -> assertEquals(503, refusedConnection(server.httpPort)));
                } finally {
                    for (final Socket s : idle) {
                        s.close();
                    }
                }
                alerts.await("ScangateConnectionsNearLimit", "inactive", 40, () -> { });
                alerts.await("ScangateConnectionsRefused", "inactive", 40, () -> { });

                // (2) overload: bursts of pipelined scans, most shed with 503 by the ring. The connections
                // refused above were 503s too: the error ratio must have settled before the load starts.
                alerts.await("ScangateHighErrorRatio", "inactive", 40, () -> { });
                final AtomicBoolean stop = new AtomicBoolean();
                final AtomicLong shed = new AtomicLong();
                final List<Thread> loaders = new ArrayList<>();
                try {
                    for (int i = 0; i < 3; i++) {
                        final Thread t = new Thread(() -> overload(server.httpPort, codes.get(0), stop, shed), "overload-" + i);
                        t.setDaemon(true);
                        t.start();
                        loaders.add(t);
                    }
                    alerts.await("ScangateRingRefusing", "firing", 60, () -> { });
                    alerts.await("ScangateHighErrorRatio", "firing", 30, () -> { });
                } finally {
                    stop.set(true);
                    for (final Thread t : loaders) {
                        t.join(15_000);
                    }
                }
                assertTrue(shed.get() > 0, "the load must have been shed");
                alerts.await("ScangateRingRefusing", "inactive", 40, () -> { });
                alerts.await("ScangateHighErrorRatio", "inactive", 40, () -> { });

                // (3) rate limits: one device scanning far above rate.per.device, answered 429
                alerts.await("ScangateRateLimiting", "firing", 40, () -> {
                    for (int i = 0; i < 20; i++) {
                        final int status = scan(server.httpPort, codes.get(0), "abuser").statusCode();
                        assertTrue(status == 200 || status == 429 || status == 503, "status " + status);
                    }
                });
                alerts.await("ScangateRateLimiting", "inactive", 40, () -> { });

                // (4) the ledger: distinct codes scanned past ledger.ready.max.fill.percent (and so past the alert's 85 %)
                final int fill = LEDGER_ENTRIES * (READY_MAX_FILL_PERCENT + 2) / 100;
                for (int i = 0; i < fill; i++) {
                    scanUntilAnswered(server.httpPort, codes.get(i));
                }
                alerts.await("ScangateLedgerFillHigh", "firing", 40, () -> { });
                alerts.await("ScangateNotReady", "firing", 40, () -> { });
                // Not resolved here: nothing takes a code out of the ledger (voiding a code marks it, keeping its
                // entry), so fill only goes down with a larger ledger.entries and a restart: the operator's fix.
            }
            server.terminate(60);
        }
    }

    /**
     * The project's prometheus.yml with what a test run needs changed, each change checked to
     * apply: 1 s scrape and evaluation intervals, the scangate target rewritten to the server's
     * loopback ops port, Prometheus' own to its port. Job names, labels and rule files as they are.
     */
    private static String scrapeConfig(final int opsPort, final int promPort) throws IOException {
        String yml = Files.readString(PROMETHEUS_DIR.resolve("prometheus.yml"), StandardCharsets.UTF_8);
        yml = replace(yml, "scrape_interval: 5s", "scrape_interval: 1s");
        yml = replace(yml, "evaluation_interval: 5s", "evaluation_interval: 1s");
        yml = replace(yml, "scrape_timeout: 4s", "scrape_timeout: 900ms");
        yml = replace(yml, "\"scangate:9090\"", "\"127.0.0.1:" + opsPort + "\"");
        yml = replace(yml, "\"localhost:9090\"", "\"127.0.0.1:" + promPort + "\"");
        assertTrue(yml.contains("- " + RULES), "prometheus.yml loads " + RULES);
        return yml;
    }

    /**
     * The rule file with the driven alerts' {@code for:} durations and rate windows cut from
     * minutes to seconds, so each fires and resolves within this test's few minutes; their
     * expressions and thresholds stay the project's. The other rules are left as they are.
     */
    private static String shortened(final String rules) {
        final String[] blocks = rules.split("(?m)(?=^      - alert: )");
        final StringBuilder out = new StringBuilder();
        int changed = 0;
        for (final String block : blocks) {
            final Matcher name = Pattern.compile("^      - alert: (\\w+)").matcher(block);
            if (name.find() && DRIVEN.contains(name.group(1))) {
                final String shorter = block.replaceAll("for: \\d+m", "for: 3s").replaceAll("\\[\\d+m\\]", "[10s]");
                assertTrue(!shorter.equals(block) && !shorter.matches("(?s).*\\[\\d+[mh]\\].*"), "shortened " + name.group(1) + ":\n" + shorter);
                changed++;
                out.append(shorter);
            } else {
                out.append(block);
            }
        }
        assertEquals(DRIVEN.size(), changed, "every driven alert is in " + RULES);
        return out.toString();
    }

    private static String replace(final String text, final String from, final String to) {
        assertTrue(text.contains(from), "prometheus.yml no longer holds '" + from + "': update this test");
        return text.replace(from, to);
    }

    /** A batch of {@code count} active codes, issued through the admin API. */
    private List<String> issue(final int opsPort, final int count) throws Exception {
        final String ops = "http://127.0.0.1:" + opsPort;
        final HttpResponse<String> created = client.send(HttpRequest.newBuilder(URI.create(ops + "/admin/batches"))
                .header("Authorization", "Bearer " + TestServer.TOKEN).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString("{\"sku\":\"S\",\"gtin\":\"" + GTIN + "\",\"region\":\"CN\",\"count\":" + count + "}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(201, created.statusCode(), created.body());
        final long id = TestServer.JSON.readTree(created.body()).get("batchId").asLong();
        final HttpResponse<String> list = client.send(HttpRequest.newBuilder(URI.create(ops + "/admin/batches/" + id + "/codes"))
                .header("Authorization", "Bearer " + TestServer.TOKEN).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        final List<String> codes = list.body().lines().toList();
        assertEquals(count, codes.size());
        return codes;
    }

    /** One connection over the scan port's cap: the status line's code (503 expected) before the server closes it. */
    private static int refusedConnection(final int port) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(5_000);
            final String answer = new String(s.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
            return answer.startsWith("HTTP/1.1 ") ? Integer.parseInt(answer.substring(9, 12)) : -1;
        }
    }

    /**
     * Until {@code stop} (or 120 s): bursts of 100 pipelined scans of one code on a new
     * connection, the last asking to close it; counts the answers that were 503.
     */
    private static void overload(final int port, final String code, final AtomicBoolean stop, final AtomicLong shed) {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!stop.get() && System.nanoTime() < deadline) {
            final StringBuilder requests = new StringBuilder();
            for (int i = 0; i < 100; i++) {
                final String body = "{\"code\":\"" + code + "\",\"device\":\"d" + DEVICES.incrementAndGet() + "\"}";
                requests.append("POST /v1/scans HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n")
                        .append(i == 99 ? "Connection: close\r\n" : "")
                        .append("Content-Length: ").append(body.length()).append("\r\n\r\n").append(body);
            }
            final byte[] burst = requests.toString().getBytes(StandardCharsets.US_ASCII);
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                s.setSoTimeout(10_000);
                final OutputStream out = s.getOutputStream();
                out.write(burst);
                out.flush();
                final String answers = readToEnd(s.getInputStream());
                shed.addAndGet(answers.split("HTTP/1.1 503", -1).length - 1);
            } catch (final IOException e) {
                // a refused or reset connection is part of overload; go on with the next burst
            }
        }
    }

    private static String readToEnd(final InputStream in) throws IOException {
        final StringBuilder sb = new StringBuilder();
        final byte[] buf = new byte[16_384];
        try {
            int n;
            while ((n = in.read(buf)) > 0) {
                sb.append(new String(buf, 0, n, StandardCharsets.US_ASCII));
            }
        } catch (final SocketTimeoutException e) {
            // the server kept the connection open: what arrived is enough
        }
        return sb.toString();
    }

    /** Scans a code for the first time; a 503 from shedding is retried (up to 50 times, 20 ms apart). */
    private void scanUntilAnswered(final int port, final String code) throws Exception {
        HttpResponse<String> r = null;
        for (int attempt = 0; attempt < 50; attempt++) {
            r = scan(port, code, "d" + DEVICES.incrementAndGet());
            if (r.statusCode() != 503) {
                break;
            }
            Thread.sleep(20);
        }
        assertEquals(200, r.statusCode(), r.body());
    }

    private HttpResponse<String> scan(final int port, final String code, final String device) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/scans")).timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString("{\"code\":\"" + code + "\",\"device\":\"" + device + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String tail(final String text, final int lines) {
        final List<String> all = text.lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    /** Rule states through Prometheus' {@code /api/v1/rules}. */
    private static final class Alerts {
        private final PrometheusProcess prometheus;
        private final ServerProcess server;

        Alerts(final PrometheusProcess prometheus, final ServerProcess server) {
            this.prometheus = prometheus;
            this.server = server;
        }

        /** Every rule of the project's file is loaded and the server's first scrape is in. */
        void awaitLoaded() throws Exception {
            final String source = Files.readString(PROMETHEUS_DIR.resolve(RULES), StandardCharsets.UTF_8);
            final long inFile = source.lines().filter(l -> l.trim().startsWith("- alert: ")).count();
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            long loaded = 0;
            JsonNode up = null;
            while (System.nanoTime() < deadline) {
                loaded = 0;
                for (final JsonNode group : prometheus.api("rules?type=alert").get("groups")) {
                    loaded += group.get("rules").size();
                }
                up = prometheus.query("up{job=\"scangate\"} == 1");
                if (loaded == inFile && up.size() == 1) {
                    return;
                }
                Thread.sleep(250);
            }
            throw new AssertionError(loaded + " of " + inFile + " rules loaded; up: " + up + "\nprometheus log:\n" + prometheus.log());
        }

        /**
         * Waits, at most {@code seconds}, for the rule named {@code alert} to be in {@code state},
         * running {@code each} between looks; returns the rule with its alerts.
         */
        JsonNode await(final String alert, final String state, final int seconds, final Step each) throws Exception {
            final long t0 = System.nanoTime();
            final long deadline = t0 + TimeUnit.SECONDS.toNanos(seconds);
            JsonNode rule = null;
            while (System.nanoTime() < deadline && server.process.isAlive()) {
                rule = rule(alert);
                if (state.equals(rule.path("state").asText())) {
                    System.out.printf("%s %s after %.1f s%n", alert, state, (System.nanoTime() - t0) / 1e9);
                    return rule;
                }
                each.run();
                Thread.sleep(250);
            }
            throw new AssertionError(alert + " not " + state + " within " + seconds + " s; the rule: " + rule
                    + "\nserver alive: " + server.process.isAlive() + "\nmetrics:\n" + scangateMetrics()
                    + "\nprometheus log:\n" + tail(prometheus.log(), 40));
        }

        private JsonNode rule(final String alert) throws Exception {
            for (final JsonNode group : prometheus.api("rules?type=alert").get("groups")) {
                for (final JsonNode r : group.get("rules")) {
                    if (alert.equals(r.path("name").asText())) {
                        return r;
                    }
                }
            }
            throw new AssertionError("no rule " + alert + " loaded");
        }

        private String scangateMetrics() {
            try {
                return prometheus.query("{__name__=~\"scangate_(ring|connections|ledger|refusals|ready|requests).*\"}").toString();
            } catch (final Exception e) {
                return "(" + e + ")";
            }
        }
    }

    @FunctionalInterface
    private interface Step {
        void run() throws Exception;
    }
}
