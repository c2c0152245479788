package io.scangate.server.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.scangate.server.Causes;
import io.scangate.server.ops.PrometheusText;
import io.scangate.server.ops.ScanMetrics;
import io.scangate.server.ops.PrometheusText.Sample;
import io.scangate.verifier.verdict.Verdict;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/**
 * {@code scangate status}: reads a running server's ops port ({@code /health/ready} and
 * {@code /metrics}, no token needed) and prints a summary for a human: readiness and why, uptime,
 * scan rate, verdicts, ring and ledger fill, fsync latency and the journal position. Exit 0 when
 * ready, 1 when reachable but not ready, 3 when the ops port cannot be reached or read.
 */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Print a running server's readiness, load, verdicts, ring and ledger fill, fsync latency and journal position."
                + " Exit 0: ready; 1: not ready; 3: unreachable.")
public final class StatusCommand implements Callable<Integer> {
    static final int NOT_READY = 1;
    static final int UNREACHABLE = 3;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    AdminUrlOption url;

    @Override
    public Integer call() {
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        final AdminUrlOption.Target target = url.resolve(AdminOptions.clientConfig(spec.commandLine()), spec.commandLine());
        final URI base = target.uri();
        final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        final HttpResponse<String> ready;
        final PrometheusText metrics;
        try {
            ready = get(http, URI.create(base + "/health/ready"));
            final HttpResponse<String> scrape = get(http, URI.create(base + "/metrics"));
            if (scrape.statusCode() != 200) {
                err.println("scangate: " + base + "/metrics answered " + scrape.statusCode());
                err.flush();
                return UNREACHABLE;
            }
            metrics = PrometheusText.parse(scrape.body());
        } catch (final IOException | IllegalArgumentException e) {
            err.println("scangate: cannot read the ops port at " + base + ": " + Causes.describe(e) + " (" + target.unreachableHint() + ")");
            err.flush();
            return UNREACHABLE;
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            return UNREACHABLE;
        }
        final boolean isReady = ready.statusCode() == 200;
        out.println("scangate at " + base);
        out.println(line("ready", (isReady ? "yes" : "NO") + checks(ready.body())));
        printTraffic(out, metrics);
        printState(out, metrics);
        out.flush();
        return isReady ? 0 : NOT_READY;
    }

    /** Uptime, scans by verdict, requests by transport and status. */
    private static void printTraffic(final PrintWriter out, final PrometheusText metrics) {
        final double uptime = metrics.sum("process_uptime_seconds");
        final double scans = metrics.sum("scangate_scans_total");
        out.println(line("uptime", duration(uptime)));
        out.println(line("scans", String.format(Locale.ROOT, "%.0f total, %.1f/s since start", scans,
                uptime > 0 ? scans / uptime : 0.0)));
        final StringBuilder verdicts = new StringBuilder();
        for (final Verdict v : Verdict.values()) {
            verdicts.append(verdicts.length() == 0 ? "" : " ").append(v.name()).append('=')
                    .append(count(metrics.sum("scangate_scans_total", "verdict", v.name())));
        }
        out.println(line("verdicts", verdicts.toString()));
        final StringBuilder statuses = new StringBuilder();
        for (final Sample s : metrics.find("scangate_requests_total")) {
            if (s.value() > 0) {
                statuses.append(statuses.length() == 0 ? "" : " ").append(s.label("transport")).append(' ')
                        .append(s.label("status")).append('=').append(count(s.value()));
            }
        }
        out.println(line("requests", statuses.length() == 0 ? "none yet" : statuses.toString()));
    }

    /** Ring, ledger, journal, latency and refusals. */
    private static void printState(final PrintWriter out, final PrometheusText metrics) {
        final double capacity = metrics.sum("scangate_ring_capacity");
        final double used = capacity - metrics.sum("scangate_ring_remaining");
        out.println(line("ring", String.format(Locale.ROOT, "%s/%s slots in use (%s), %s refused as ring full", count(used),
                count(capacity), percent(used / capacity), count(metrics.sum("scangate_ring_publish_failures_total")))));
        out.println(line("ledger", String.format(Locale.ROOT, "%s/%s codes (%s full; not ready from %s), %s on disk",
                count(metrics.sum("scangate_ledger_entries")), count(metrics.sum("scangate_ledger_capacity")),
                percent(metrics.sum("scangate_ledger_fill_ratio")), percent(metrics.sum("scangate_ledger_ready_max_fill_ratio")),
                bytes(metrics.sum("scangate_ledger_bytes")))));
        final double fsyncs = metrics.sum("scangate_journal_fsync_duration_seconds_count");
        out.println(line("journal", String.format(Locale.ROOT, "durable at %s:%s, %s segment(s), %s fsyncs, fsync p99 %s, %s",
                count(metrics.sum("scangate_journal_durable_segment")), count(metrics.sum("scangate_journal_durable_offset_bytes")),
                count(metrics.sum("scangate_journal_segments")), count(fsyncs),
                fsyncs > 0 ? millis(metrics.quantile(0.99, "scangate_journal_fsync_duration_seconds")) : "-",
                metrics.sum("scangate_journal_sync_failing") > 0 ? "LAST FSYNC FAILED" : "writable")));
        out.println(line("latency", "request p99 " + requestP99(metrics, ScanMetrics.HTTP) + ", " + requestP99(metrics, ScanMetrics.UDP)
                + ", verifier p99 " + millis(metrics.quantile(0.99, "scangate_verifier_duration_seconds"))));
        final StringBuilder refusals = new StringBuilder();
        for (final Sample s : metrics.find("scangate_refusals_total")) {
            refusals.append(refusals.length() == 0 ? "" : " ").append(s.label("reason")).append('=').append(count(s.value()));
        }
        out.println(line("refusals", refusals.toString()));
    }

    /** "http 0.912 ms": one transport's request p99 (its own buckets only), "-" before its first request. */
    private static String requestP99(final PrometheusText metrics, final String transport) {
        return transport + " " + millis(metrics.quantile(0.99, "scangate_request_duration_seconds", "transport", transport));
    }

    private static HttpResponse<String> get(final HttpClient http, final URI uri) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The readiness checks from the answer's JSON, " (name=ok, name=FAILED)"; empty if it has none. */
    private static String checks(final String body) {
        try {
            final JsonNode checks = JSON.readTree(body).get("checks");
            if (checks == null || !checks.isObject()) {
                return "";
            }
            final StringBuilder b = new StringBuilder(" (");
            final Iterator<Map.Entry<String, JsonNode>> it = checks.properties().iterator();
            while (it.hasNext()) {
                final Map.Entry<String, JsonNode> e = it.next();
                b.append(e.getKey()).append('=').append(e.getValue().asBoolean() ? "ok" : "FAILED").append(it.hasNext() ? ", " : ")");
            }
            return b.toString();
        } catch (final IOException e) {
            return "";
        }
    }

    private static String line(final String key, final String value) {
        return String.format(Locale.ROOT, "%-10s %s", key + ":", value);
    }

    private static String count(final double v) {
        return Double.isNaN(v) ? "?" : String.format(Locale.ROOT, "%.0f", v);
    }

    private static String percent(final double ratio) {
        return Double.isNaN(ratio) ? "?" : String.format(Locale.ROOT, "%.1f%%", ratio * 100);
    }

    private static String millis(final double seconds) {
        return Double.isNaN(seconds) ? "-" : String.format(Locale.ROOT, "%.3f ms", seconds * 1000);
    }

    private static String bytes(final double b) {
        if (Double.isNaN(b)) {
            return "?";
        }
        final String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        double v = b;
        int u = 0;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, u == 0 ? "%.0f %s" : "%.1f %s", v, units[u]);
    }

    private static String duration(final double seconds) {
        if (Double.isNaN(seconds)) {
            return "?";
        }
        final long s = (long) seconds;
        return s >= 86_400 ? String.format(Locale.ROOT, "%dd %02dh %02dm", s / 86_400, s % 86_400 / 3600, s % 3600 / 60)
                : String.format(Locale.ROOT, "%dh %02dm %02ds", s / 3600, s % 3600 / 60, s % 60);
    }
}
