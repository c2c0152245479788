package io.scangate.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.scangate.server.ops.PrometheusText;
import io.scangate.server.ops.PrometheusText.Sample;

/** {@code /metrics} scraped from a running server after scans of every verdict, and the health endpoints. */
class MetricsEndpointTest {
    /** Every label a scangate metric may carry: each has a bounded set of values. */
    private static final Set<String> BOUNDED_LABELS = Set.of("transport", "verdict", "status", "reason", "alert", "region", "group",
            "loop", "le", "kind", "campaign", "prize", "currency", "outcome", "result", "code", "port", "role", "action", "stage",
            "type");

    @TempDir
    static Path dir;
    private static TestServer server;
    private static String scrape;
    private static PrometheusText metrics;

    @BeforeAll
    static void scanEveryVerdict() throws Exception {
        server = TestServer.start(dir.resolve("data"));
        scrape = OpsFixture.scrapeAfterEveryVerdict(server, dir);
        metrics = PrometheusText.parse(scrape);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void shouldServeTheTextFormatWithTypeAndHelpForEveryFamily() throws Exception {
        final HttpResponse<String> r = server.get(server.opsUrl() + "/metrics");
        assertTrue(r.headers().firstValue("content-type").orElse("").startsWith("text/plain; version=0.0.4"), r.headers().toString());
        assertTrue(scrape.endsWith("\n"), "the exposition ends with a newline");
        final List<String> problems = new ArrayList<>();
        for (final Sample s : metrics.samples()) {
            final String family = family(s.name());
            if (!metrics.types().containsKey(family)) {
                problems.add(s.name() + " has no # TYPE");
            } else if (!metrics.help().containsKey(family)) {
                problems.add(s.name() + " has no # HELP");
            }
            if (s.name().startsWith("scangate_")) {
                if (!s.name().matches("[a-z0-9_]+")) {
                    problems.add(s.name() + " is not snake_case");
                }
                final String type = metrics.types().get(family);
                if ("counter".equals(type) && !s.name().endsWith("_total")) {
                    problems.add(s.name() + " is a counter without _total");
                }
                if ("histogram".equals(type) && !family.endsWith("_seconds") && !family.endsWith("_bytes")) {
                    problems.add(family + " is a histogram without a base unit");
                }
            }
        }
        assertEquals(List.of(), problems);
        // histograms: cumulative buckets ending in +Inf == _count
        for (final Map.Entry<String, String> e : metrics.types().entrySet()) {
            if (!e.getValue().equals("histogram")) {
                continue;
            }
            final List<Sample> inf = metrics.find(e.getKey() + "_bucket", "le", "+Inf");
            assertFalse(inf.isEmpty(), e.getKey() + " has a +Inf bucket");
            for (final Sample b : inf) {
                final List<String> pairs = new ArrayList<>();
                b.labels().forEach((k, v) -> {
                    if (!k.equals("le")) {
                        pairs.add(k);
                        pairs.add(v);
                    }
                });
                assertEquals(b.value(), metrics.sum(e.getKey() + "_count", pairs.toArray(new String[0])), e.getKey() + " +Inf == count");
            }
        }
    }

    @Test
    void shouldCountScansByVerdictAndRequestsByStatusPerTransport() {
        assertEquals(13.0, metrics.sum("scangate_scans_total", "transport", "http", "verdict", "GENUINE"));
        assertEquals(1.0, metrics.sum("scangate_scans_total", "transport", "http", "verdict", "NOT_ACTIVE"));
        assertEquals(1.0, metrics.sum("scangate_scans_total", "transport", "http", "verdict", "VOIDED"));
        assertEquals(1.0, metrics.sum("scangate_scans_total", "transport", "http", "verdict", "UNKNOWN"));
        assertEquals(1.0, metrics.sum("scangate_scans_total", "transport", "http", "verdict", "FORGED"));
        assertEquals(2.0, metrics.sum("scangate_scans_total", "transport", "http", "verdict", "SUSPECT"));
        assertEquals(19.0, metrics.sum("scangate_requests_total", "transport", "http", "status", "200"));
        assertEquals(1.0, metrics.sum("scangate_requests_total", "transport", "http", "status", "404"));
        // eighteen scans went through the ring (FORGED is settled on the event loop)
        assertEquals(18.0, metrics.sum("scangate_verifier_duration_seconds_count"));
        assertEquals(18.0, metrics.sum("scangate_request_duration_seconds_count", "transport", "http"));
        assertTrue(metrics.sum("scangate_journal_fsync_duration_seconds_count") >= 1, "fsyncs counted");
        assertTrue(metrics.sum("scangate_journal_fsync_bytes_sum") > 0, "fsync batch sizes counted");
        assertEquals(0.0, metrics.sum("scangate_refusals_total"));
        assertEquals(1024.0, metrics.sum("scangate_ring_capacity"));
        assertTrue(metrics.sum("scangate_ledger_entries") >= 3, "ledger entries");
        assertTrue(metrics.sum("scangate_ledger_bytes") > 0, "ledger bytes");
        assertEquals(1, metrics.find("scangate_ledger_refilling").size(), "the refill gauge is exported");
        assertEquals(0.0, metrics.sum("scangate_ledger_refilling"), "no refill after a fresh start");
        assertEquals(1.0, metrics.sum("scangate_ready"));
        assertEquals(2.0, metrics.sum("scangate_scan_alerts_total", "alert", "CLONE_SUSPECTED", "region", "CN"), "both SUSPECT scans");
        assertEquals(2.0, metrics.sum("scangate_scan_alerts_total", "alert", "MANY_DEVICES", "region", "CN"));
        assertEquals(0.0, metrics.sum("scangate_scan_alerts_total", "alert", "IMPOSSIBLE_TRAVEL"));
    }

    @Test
    void shouldExposeTheAntiFarmingAlertsAndGaugeFromTheStart() {
        for (final String alert : List.of("DEVICE_VELOCITY", "CONSUMER_DEVICES")) {
            assertFalse(metrics.find("scangate_scan_alerts_total", "alert", alert).isEmpty(), alert + " has series before it fires");
        }
        assertEquals(0.0, metrics.sum("scangate_farming_over_threshold", "kind", "device"));
        assertEquals(0.0, metrics.sum("scangate_farming_over_threshold", "kind", "consumer"));
    }

    @Test
    void shouldPassPromtoolsMetricLintForEveryScangateMetric() throws Exception {
        final Path file = dir.resolve("scrape.txt");
        java.nio.file.Files.writeString(file, scrape);
        final ScriptRun.Result r = PrometheusToolingTest.run("--metrics", file.toString());
        assertEquals(0, r.exit(), r.output());
        assertTrue(r.output().contains("promtool check metrics"), r.output());
        // Micrometer's own JVM binder names (process_cpu_time_ns_total, system_cpu_count) are not ours to change
        final List<String> ours = r.output().lines().filter(l -> l.startsWith("check-metrics: scangate_")).toList();
        assertEquals(List.of(), ours, "promtool's findings about scangate metrics");
    }

    @Test
    void shouldKeepEveryGaugeReadableAfterGarbageCollection() throws Exception {
        System.gc(); // a gauge whose source is only weakly held would read NaN from now on
        final PrometheusText after = PrometheusText.parse(server.get(server.opsUrl() + "/metrics").body());
        final List<String> nan = new ArrayList<>();
        for (final Sample s : after.samples()) {
            if (s.name().startsWith("scangate_") && Double.isNaN(s.value())) {
                nan.add(s.name());
            }
        }
        assertEquals(List.of(), nan, "gauges that read NaN");
        assertTrue(after.sum("scangate_ledger_bytes") > 0, "ledger file size");
    }

    @Test
    void shouldSubDivideTheFirstMillisecondInLatencyBuckets() {
        final long subMs = metrics.find("scangate_request_duration_seconds_bucket", "transport", "http").stream()
                .filter(s -> !s.label("le").equals("+Inf") && Double.parseDouble(s.label("le")) <= 0.001).count();
        assertTrue(subMs >= 5, "at least 5 buckets up to 1 ms, was " + subMs);
        assertTrue(metrics.find("scangate_verifier_duration_seconds_bucket").stream()
                .anyMatch(s -> !s.label("le").equals("+Inf") && Double.parseDouble(s.label("le")) == 0.0001), "a 100 µs bucket");
    }

    @Test
    void shouldExportJvmAndNettySaturationMetrics() {
        for (final String name : List.of("jvm_memory_used_bytes", "jvm_gc_overhead", "jvm_threads_live_threads",
                "jvm_buffer_memory_used_bytes", "process_uptime_seconds", "scangate_netty_allocator_memory_used_bytes",
                "scangate_netty_direct_memory_max_bytes")) {
            assertFalse(metrics.find(name).isEmpty(), name);
        }
        assertFalse(metrics.find("scangate_netty_eventloop_pending_tasks", "group", "http").isEmpty(), "pending tasks per scan loop");
        assertFalse(metrics.find("scangate_netty_eventloop_pending_tasks", "group", "ops").isEmpty(), "pending tasks of the ops loop");
    }

    @Test
    void shouldKeepLabelsBoundedAndNeverExportCodesOrDevices() {
        for (final Sample s : metrics.samples()) {
            if (s.name().startsWith("scangate_")) {
                assertTrue(BOUNDED_LABELS.containsAll(s.labels().keySet()), s.name() + " labels " + s.labels().keySet());
            }
        }
        assertFalse(scrape.contains("phone-1"), "no device in metrics");
        assertFalse(scrape.contains("06901234567892"), "no GTIN in metrics");
        for (final Sample s : metrics.find("scangate_scan_alerts_total")) {
            assertTrue(s.label("region").matches("[A-Z]{2}|unknown|other"), s.toString());
        }
        for (final Sample s : metrics.find("scangate_channel_role_scans_total")) {
            assertTrue(s.label("role").matches("DISTRIBUTOR|STORE|INSTALLER|GUIDE|unknown"), "roles, never actor ids: " + s);
        }
        for (final Sample s : metrics.find("scangate_consumers")) {
            assertTrue(s.label("stage").matches("NEW|REPEAT|LOYAL|LAPSING|CHURNED"), "stages, never consumer ids: " + s);
        }
        for (final Sample s : metrics.find("scangate_consumer_events_total")) {
            assertTrue(s.label("type").matches("REPEAT|LOYAL|LAPSING|CHURNED|WON_BACK"), "event types, never consumer ids: " + s);
        }
    }

    @Test
    void shouldAnswerLiveAndReadyWithEachReadinessCheck() throws Exception {
        final HttpResponse<String> live = server.get(server.opsUrl() + "/health/live");
        assertEquals(200, live.statusCode());
        final HttpResponse<String> ready = server.get(server.opsUrl() + "/health/ready");
        assertEquals(200, ready.statusCode(), ready.body());
        final JsonNode body = TestServer.JSON.readTree(ready.body());
        assertEquals("READY", body.get("status").asText());
        for (final String check : List.of("recovered_and_started", "ledger_below_fill_limit", "journal_writable")) {
            assertTrue(body.get("checks").get(check).asBoolean(), check + " in " + body);
        }
    }

    private static String family(final String sample) {
        for (final String suffix : List.of("_bucket", "_count", "_sum")) {
            if (sample.endsWith(suffix) && metrics.types().containsKey(sample.substring(0, sample.length() - suffix.length()))) {
                return sample.substring(0, sample.length() - suffix.length());
            }
        }
        return sample;
    }
}
