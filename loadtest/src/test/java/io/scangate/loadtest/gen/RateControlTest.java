package io.scangate.loadtest.gen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.scangate.loadtest.baseline.HelloServer;

/** The open model holds its target rate against a server that keeps up; max mode runs closed-loop. */
class RateControlTest {

    /**
     * Up to three runs: the achieved rate ends with the last answer, so one stop-the-world pause or
     * a stolen core at the very end of a run on a shared CI box can stretch the window past 5 %.
     * A generator that does not hold its rate misses in every run; every run must still send
     * exactly its schedule and get every answer.
     */
    @Test
    void shouldHoldTheTargetRateWithinFivePercent() throws Exception {
        final StringBuilder misses = new StringBuilder();
        for (int attempt = 1; attempt <= 3; attempt++) {
            final double achieved = runAtTwoThousandPerSecond();
            if (achieved >= 0.95 * 2000 && achieved <= 1.05 * 2000) {
                return;
            }
            misses.append(" run ").append(attempt).append(": ").append(achieved).append(" req/s;");
        }
        fail("the achieved rate missed a target of 2000 req/s by more than 5 % in three runs:" + misses);
    }

    private static double runAtTwoThousandPerSecond() throws Exception {
        try (HelloServer server = HelloServer.start(0, 2)) {
            final LoadConfig config = LoadConfig.builder()
                    .url("http://127.0.0.1:" + server.port())
                    .rate(2000.0)
                    .duration(Duration.ofSeconds(3))
                    .warmup(Duration.ofSeconds(1))
                    .connections(4)
                    .build();

            final LoadResult r = LoadRun.execute(config);

            assertEquals(6000, r.planned());
            assertEquals(0, r.unanswered(), "every planned request answered");
            assertEquals(r.planned(), r.measured());
            assertEquals(r.measured(), r.statusCounts().getOrDefault(200, 0L));
            assertEquals(r.measured(), r.latency().getTotalCount());
            assertEquals(8000, r.sent(), "warm-up and measured requests, none beyond the schedule");
            assertEquals(0, r.closedConnections() + r.ioErrors() + r.protocolErrors());
            return r.achievedRate();
        }
    }

    @Test
    void shouldSendBackToBackInMaxMode() throws Exception {
        try (HelloServer server = HelloServer.start(0, 2)) {
            final LoadConfig config = LoadConfig.builder()
                    .url("http://localhost:" + server.port())
                    .mode(Mode.MAX)
                    .duration(Duration.ofSeconds(1))
                    .warmup(Duration.ofMillis(300))
                    .connections(2)
                    .build();

            final LoadResult r = LoadRun.execute(config);

            assertEquals(-1, r.planned());
            assertTrue(r.measured() > 200, "a closed loop over loopback answers far more than 200 requests a second: " + r.measured());
            assertEquals(r.measured(), r.statusCounts().getOrDefault(200, 0L));
            assertEquals(0, r.unanswered());
            assertTrue(r.sent() <= config.maxRequests());
            assertTrue(r.sendLag().getMaxValue() < LoopStats.LOWEST_NANOS, "max mode sends at once: no lag behind a schedule");
        }
    }

    @Test
    void shouldNeverSendMoreThanTheRequestBound() throws Exception {
        try (HelloServer server = HelloServer.start(0, 1)) {
            // Max mode with a rate: only the bound 1.1 x 100 x 0.5 s + 2 = 57 requests.
            final LoadConfig config = LoadConfig.builder()
                    .url("http://127.0.0.1:" + server.port())
                    .mode(Mode.MAX)
                    .rate(100.0)
                    .duration(Duration.ofMillis(500))
                    .warmup(Duration.ZERO)
                    .connections(2)
                    .build();

            final LoadResult r = LoadRun.execute(config);

            assertEquals(57, config.maxRequests());
            assertEquals(57, r.sent());
            assertEquals(57, r.measured());
        }
    }
}
