package io.scangate.server.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

class RefusalLogTest {
    private static final Pattern LINE = Pattern.compile(
            "event=refused reason=(\\w+) status=(\\d+) refused_since_last_line=(\\d+) detail=\"[^\"]+\"");

    @Test
    void shouldCountEveryRefusalButLogAtMostOneLinePerSecondPerReason() {
        final ScanMetrics metrics = new ScanMetrics();
        final PrintStream err = System.err;
        final ByteArrayOutputStream captured = new ByteArrayOutputStream();
        final long t0 = System.nanoTime();
        try {
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            for (int i = 0; i < 5000; i++) {
                metrics.publishFailure(1_000);
                metrics.refused(RefusalLog.Reason.LEDGER_FULL);
            }
        } finally {
            System.setErr(err);
        }
        final long seconds = (System.nanoTime() - t0) / 1_000_000_000L;
        final PrometheusText text = PrometheusText.parse(metrics.scrape());
        assertEquals(5000.0, text.sum("scangate_refusals_total", "reason", "ring_full"));
        assertEquals(5000.0, text.sum("scangate_refusals_total", "reason", "ledger_full"));
        assertEquals(0.0, text.sum("scangate_refusals_total", "reason", "verifier_error"));
        assertEquals(5000.0, text.sum("scangate_ring_publish_failures_total"));

        final List<String> lines = captured.toString(StandardCharsets.UTF_8).lines().filter(l -> l.contains("event=refused")).toList();
        for (final String reason : List.of("ring_full", "ledger_full")) {
            long logged = 0;
            long reported = 0;
            for (final String line : lines) {
                final Matcher m = LINE.matcher(line);
                assertTrue(m.find(), "one structured line: " + line);
                if (m.group(1).equals(reason)) {
                    logged++;
                    assertEquals("503", m.group(2), line);
                    reported += Long.parseLong(m.group(3));
                }
            }
            assertTrue(logged >= 1, "the first refusal is logged at once: " + lines);
            assertTrue(logged <= seconds + 1, logged + " lines for " + reason + " in " + seconds + " s");
            assertTrue(reported >= 1 && reported <= 5000, "refusals reported: " + reported);
        }
    }

    /** Found by the HTTP fuzz (docs/SECURITY.md, Fuzzing): a scan answered 429 was logged as status=503. */
    @Test
    void shouldLogARateLimitRefusalWithTheStatusItIsAnsweredWith() {
        final ScanMetrics metrics = new ScanMetrics();
        final PrintStream err = System.err;
        final ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try {
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            metrics.refused(RefusalLog.Reason.RATE_LIMIT_DEVICE);
            metrics.refused(RefusalLog.Reason.RATE_LIMIT_ADDRESS);
        } finally {
            System.setErr(err);
        }
        final String log = captured.toString(StandardCharsets.UTF_8);
        assertTrue(log.contains("event=refused reason=rate_limit_device status=429 "), log);
        assertTrue(log.contains("event=refused reason=rate_limit_address status=429 "), log);
    }
}
