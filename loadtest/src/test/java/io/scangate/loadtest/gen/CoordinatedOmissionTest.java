package io.scangate.loadtest.gen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/**
 * A server that freezes for 500 ms once, in the middle of a 3 s run at 2000 req/s over 2
 * connections: only the 2 requests in flight see the freeze as service time, but the ~1000
 * requests intended during it wait, and the open model must count that wait.
 */
class CoordinatedOmissionTest {
    private static final long STALL_MS = 500;
    private static final long THRESHOLD_NANOS = TimeUnit.MILLISECONDS.toNanos(400);

    @Test
    void shouldShowAServerStallInTheHighPercentiles() throws Exception {
        try (StallingServer server = new StallingServer(3000, STALL_MS)) {
            final LoadConfig config = LoadConfig.builder()
                    .url("http://127.0.0.1:" + server.port())
                    .rate(2000.0)
                    .duration(Duration.ofSeconds(3))
                    .warmup(Duration.ZERO)
                    .connections(2)
                    .build();

            final LoadResult r = LoadRun.execute(config);

            assertEquals(1, server.stalls(), "the server stalled once");
            assertEquals(6000, r.measured(), "every request answered once the server woke up");
            final Histogram latency = r.latency();
            assertTrue(latency.getMaxValue() >= THRESHOLD_NANOS, "max " + latency.getMaxValue() / 1e6 + " ms");
            assertTrue(latency.getValueAtPercentile(99.9) >= THRESHOLD_NANOS,
                    "p99.9 " + latency.getValueAtPercentile(99.9) / 1e6 + " ms");

            // The correction is what shows it: requests delayed >= 400 ms from their intended send
            // time are ~200 (those due in the stall's first 100 ms); from their actual send time only
            // the 2 in flight at the stall are.
            final long delayed = latency.getCountBetweenValues(THRESHOLD_NANOS, latency.getMaxValue());
            final long slowService = r.service().getCountBetweenValues(THRESHOLD_NANOS, Math.max(THRESHOLD_NANOS, r.service().getMaxValue()));
            assertTrue(delayed >= 100, delayed + " requests at >= 400 ms from their intended send time");
            assertTrue(slowService * 10 < delayed, slowService + " requests at >= 400 ms of service time, " + delayed + " from intended time");
        }
    }

    @Test
    void shouldPipelineDueRequestsDuringAStallUpToTheBoundPerConnection() throws Exception {
        try (StallingServer server = new StallingServer(1000, STALL_MS)) {
            final LoadConfig config = LoadConfig.builder()
                    .url("http://127.0.0.1:" + server.port())
                    .rate(2000.0)
                    .duration(Duration.ofSeconds(2))
                    .warmup(Duration.ZERO)
                    .connections(2)
                    .pipeline(32)
                    .build();

            final LoadResult r = LoadRun.execute(config);

            assertEquals(1, server.stalls(), "the server stalled once");
            assertEquals(4000, r.measured(), "every pipelined request answered, in order: " + r.statusCounts());
            assertEquals(0, r.protocolErrors(), r.firstProtocolError());
            // Without pipelining only the 2 requests in flight at the stall wait >= 400 ms from their
            // send; with it, the requests due early in the stall go out at once, up to 32 a connection.
            final long slowService = r.service().getCountBetweenValues(THRESHOLD_NANOS, Math.max(THRESHOLD_NANOS, r.service().getMaxValue()));
            assertTrue(slowService > 20 && slowService <= 64, slowService + " requests at >= 400 ms of service time");
        }
    }
}
