package io.scangate.loadtest.gen;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;

/**
 * Writes a {@link LoadResult} as a text summary, as JSON ({@code PREFIX.json}: rates, counts by
 * status, errors, percentiles in microseconds), as a percentile distribution of the latency
 * ({@code PREFIX.hgrm}, in milliseconds, the format HdrHistogram's plotter and wrk2 use) and as an
 * HdrHistogram log ({@code PREFIX.hlog}: the full latency, service-time and send-lag histograms
 * in nanoseconds, tagged {@code latency}, {@code service} and {@code sendLag}, for merging and
 * re-plotting).
 */
final class ResultWriter {
    static final String JSON = ".json";
    static final String HGRM = ".hgrm";
    static final String HLOG = ".hlog";
    private static final double[] PERCENTILES = {50, 90, 99, 99.9};
    private static final String[] PERCENTILE_KEYS = {"p50", "p90", "p99", "p999"};

    private ResultWriter() {
    }

    /** One line saying what the run is about to do. */
    static String describe(final LoadConfig c, final Transport transport) {
        final String load = c.mode() == Mode.OPEN
                ? String.format(Locale.ROOT, "open model at %s req/s", number(c.rate()))
                : "max mode (closed model, one request in flight per connection)";
        return String.format(Locale.ROOT, "loadtest: %s, %d connection(s) on %d %s thread(s), warm-up %s s, measure %s s: %s %s",
                load, c.connections(), c.threads(), transport.name().toLowerCase(Locale.ROOT),
                number(LoadConfig.seconds(c.warmup())), number(LoadConfig.seconds(c.duration())), c.get() ? "GET" : "POST", c.url());
    }

    static void summary(final LoadResult r, final PrintWriter out) {
        final LoadConfig c = r.config();
        if (c.mode() == Mode.OPEN) {
            out.printf(Locale.ROOT, "achieved: %.1f req/s (%.1f %% of target %s) over %.3f s; %d answers of %d planned; %d sent incl. warm-up%n",
                    r.achievedRate(), 100 * r.achievedRate() / c.rate(), number(c.rate()), r.measuredSeconds(), r.measured(), r.planned(), r.sent());
        } else {
            out.printf(Locale.ROOT, "achieved: %.1f req/s over %.3f s; %d answers; %d sent incl. warm-up%n",
                    r.achievedRate(), r.measuredSeconds(), r.measured(), r.sent());
        }
        final StringBuilder statuses = new StringBuilder();
        r.statusCounts().forEach((status, n) -> statuses.append(statuses.length() == 0 ? "" : ", ").append(status).append('=').append(n));
        out.println("status: " + (statuses.length() == 0 ? "none" : statuses));
        out.printf(Locale.ROOT, "errors: unanswered %d, connections closed by server %d, io %d, protocol %d%s%n",
                r.unanswered(), r.closedConnections(), r.ioErrors(), r.protocolErrors(),
                r.firstProtocolError() == null ? "" : " (first: " + r.firstProtocolError() + ")");
        out.printf(Locale.ROOT, "codes: fresh %d, repeated %d (of which wrapped after the codes ran out %d), forged %d%n",
                r.freshCodes(), r.repeatedCodes(), r.wrappedCodes(), r.forgedCodes());
        out.println(percentileLine(c.mode() == Mode.OPEN ? "latency from intended send (us):" : "latency (us):            ", r.latency()));
        if (r.refusedLatency().getTotalCount() > 0) {
            out.println(percentileLine("  of which 2xx answers (us):     ", r.okLatency()));
            out.println(percentileLine("  of which other answers (us):   ", r.refusedLatency()));
        }
        out.println(percentileLine("service time from send (us):   ", r.service()));
        if (c.mode() == Mode.OPEN) {
            out.println(percentileLine("send lag behind schedule (us): ", r.sendLag()));
        }
        // Synthetic codes (no --codes) are a small pool that is meant to wrap.
        final boolean codesRanOut = r.wrappedCodes() > 0 && c.codesFile() != null;
        if (r.unanswered() > 0 || codesRanOut) {
            out.println("note: " + (r.unanswered() > 0 ? r.unanswered() + " measured request(s) got no answer (not in the percentiles); " : "")
                    + (codesRanOut ? "the codes in " + c.codesFile() + " ran out and were reused; " : "") + "see the JSON");
        }
        out.flush();
    }

    private static String percentileLine(final String label, final Histogram h) {
        final StringBuilder b = new StringBuilder(label);
        for (int i = 0; i < PERCENTILES.length; i++) {
            b.append(String.format(Locale.ROOT, " p%s %.1f", number(PERCENTILES[i]), micros(h.getValueAtPercentile(PERCENTILES[i]))));
        }
        return b.append(String.format(Locale.ROOT, " max %.1f mean %.1f", micros(h.getMaxValue()), h.getMean() / 1000.0)).toString();
    }

    /** Writes {@code PREFIX.json}, {@code PREFIX.hgrm} and {@code PREFIX.hlog}; returns the paths written. */
    static List<Path> write(final LoadResult r, final String prefix) throws IOException {
        final Path json = Path.of(prefix + JSON);
        final Path hgrm = Path.of(prefix + HGRM);
        final Path hlog = Path.of(prefix + HLOG);
        final Path parent = json.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), toJson(r));
        try (OutputStream o = Files.newOutputStream(hgrm); PrintStream p = new PrintStream(o, false, StandardCharsets.US_ASCII)) {
            r.latency().outputPercentileDistribution(p, 1_000_000.0);
        }
        try (OutputStream o = Files.newOutputStream(hlog); PrintStream p = new PrintStream(o, false, StandardCharsets.US_ASCII)) {
            final HistogramLogWriter log = new HistogramLogWriter(p);
            log.outputComment(describe(r.config(), r.transport()) + "; values in nanoseconds");
            log.outputLogFormatVersion();
            log.outputStartTime(r.measureStartMillis());
            log.setBaseTime(r.measureStartMillis());
            log.outputLegend();
            final long end = r.measureStartMillis() + Math.round(r.measuredSeconds() * 1000);
            log.outputIntervalHistogram(tagged(r.latency(), "latency", r.measureStartMillis(), end));
            log.outputIntervalHistogram(tagged(r.service(), "service", r.measureStartMillis(), end));
            log.outputIntervalHistogram(tagged(r.sendLag(), "sendLag", r.measureStartMillis(), end));
        }
        return List.of(json, hgrm, hlog);
    }

    private static Histogram tagged(final Histogram h, final String tag, final long startMillis, final long endMillis) {
        final Histogram copy = h.copy();
        copy.setTag(tag);
        copy.setStartTimeStamp(startMillis);
        copy.setEndTimeStamp(endMillis);
        return copy;
    }

    static Map<String, Object> toJson(final LoadResult r) {
        final LoadConfig c = r.config();
        final Map<String, Object> m = new LinkedHashMap<>();
        m.put("url", c.url());
        m.put("method", c.get() ? "GET" : "POST");
        m.put("mode", c.mode().name().toLowerCase(Locale.ROOT));
        m.put("transport", r.transport().name().toLowerCase(Locale.ROOT));
        m.put("targetRate", c.mode() == Mode.OPEN ? c.rate() : null);
        m.put("connections", c.connections());
        m.put("threads", c.threads());
        m.put("warmupSeconds", LoadConfig.seconds(c.warmup()));
        m.put("durationSeconds", LoadConfig.seconds(c.duration()));
        m.put("measuredSeconds", r.measuredSeconds());
        m.put("achievedRate", round1(r.achievedRate()));
        final Map<String, Object> requests = new LinkedHashMap<>();
        requests.put("planned", c.mode() == Mode.OPEN ? r.planned() : null);
        requests.put("measured", r.measured());
        requests.put("unanswered", r.unanswered());
        requests.put("sent", r.sent());
        requests.put("warmupAnswered", r.warmupCompleted());
        m.put("requests", requests);
        final Map<String, Long> status = new LinkedHashMap<>();
        r.statusCounts().forEach((k, v) -> status.put(Integer.toString(k), v));
        m.put("status", status);
        final Map<String, Object> errors = new LinkedHashMap<>();
        long non2xx = 0;
        for (final Map.Entry<Integer, Long> e : r.statusCounts().entrySet()) {
            non2xx += e.getKey() / 100 == 2 ? 0 : e.getValue();
        }
        errors.put("non2xx", non2xx);
        errors.put("unanswered", r.unanswered());
        errors.put("closedConnections", r.closedConnections());
        errors.put("io", r.ioErrors());
        errors.put("protocol", r.protocolErrors());
        errors.put("firstProtocolError", r.firstProtocolError());
        m.put("errors", errors);
        m.put("latencyMicros", percentiles(r.latency()));
        m.put("okLatencyMicros", percentiles(r.okLatency()));
        m.put("refusedLatencyMicros", percentiles(r.refusedLatency()));
        m.put("serviceMicros", percentiles(r.service()));
        m.put("sendLagMicros", percentiles(r.sendLag()));
        final Map<String, Object> codes = new LinkedHashMap<>();
        codes.put("fresh", r.freshCodes());
        codes.put("repeated", r.repeatedCodes());
        codes.put("wrapped", r.wrappedCodes());
        codes.put("forged", r.forgedCodes());
        m.put("codes", codes);
        return m;
    }

    private static Map<String, Object> percentiles(final Histogram h) {
        final Map<String, Object> p = new LinkedHashMap<>();
        for (int i = 0; i < PERCENTILES.length; i++) {
            p.put(PERCENTILE_KEYS[i], micros(h.getValueAtPercentile(PERCENTILES[i])));
        }
        p.put("max", micros(h.getMaxValue()));
        p.put("mean", round1(h.getMean() / 1000.0));
        p.put("count", h.getTotalCount());
        return p;
    }

    private static double micros(final long nanos) {
        return round1(nanos / 1000.0);
    }

    private static double round1(final double v) {
        return Math.round(v * 10) / 10.0;
    }

    private static String number(final double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
