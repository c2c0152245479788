package io.scangate.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.scangate.server.ops.PrometheusText;
import io.scangate.verifier.consumer.ConsumerBook;

/** The consumers' figures in {@code /metrics} after real scans: stages, buyers, repurchase rate, the interval histogram, events by type. */
class ConsumerMetricsEndToEndTest {
    @TempDir
    Path dir;
    private TestServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void consumersByStageRateIntervalsAndEventsAreScrapedAfterPurchases() throws Exception {
        server = TestServer.start(dir.resolve("data"), java.util.Map.of("consumers.capacity", "5000"));
        final PrometheusText before = PrometheusText.parse(server.scrape());
        assertEquals(0.0, before.sum("scangate_consumers", "stage", "CHURNED"), "registered at start");
        assertEquals(0.0, before.sum("scangate_consumer_repurchase_rate"), "0 without buyers, not NaN");
        assertEquals(0.0, before.sum(ConsumerBookNames.BUCKET, "le", "+Inf"));
        assertEquals(0.0, before.sum("scangate_consumer_events_total", "type", "WON_BACK"));

        final List<String> codes = OpsFixture.issue(server, dir, 8);
        ConsumerAdminEndToEndTest.buy(server, codes.get(0), "a");
        ConsumerAdminEndToEndTest.buy(server, codes.get(1), "a");
        ConsumerAdminEndToEndTest.buy(server, codes.get(2), "b");
        for (int i = 3; i < 6; i++) {
            ConsumerAdminEndToEndTest.buy(server, codes.get(i), "c");
        }
        // events count once durable: wait (bounded) for the log to show them
        ConsumerAdminEndToEndTest.waitForEvents(server, 3, 10_000);
        final PrometheusText after = PrometheusText.parse(server.scrape());
        assertEquals(1.0, after.sum("scangate_consumers", "stage", "NEW"));
        assertEquals(1.0, after.sum("scangate_consumers", "stage", "REPEAT"));
        assertEquals(1.0, after.sum("scangate_consumers", "stage", "LOYAL"));
        assertEquals(0.0, after.sum("scangate_consumers", "stage", "LAPSING"));
        assertEquals(5, after.find("scangate_consumers").size(), "one series a stage");
        assertEquals(3.0, after.sum("scangate_consumer_buyers"));
        assertEquals(2.0, after.sum("scangate_consumer_repeat_buyers"));
        assertEquals(2.0 / 3, after.sum("scangate_consumer_repurchase_rate"), 1e-9);
        assertTrue(after.sum("scangate_consumer_capacity") >= 5000);
        assertEquals(2.0, after.sum("scangate_consumer_events_total", "type", "REPEAT"));
        assertEquals(1.0, after.sum("scangate_consumer_events_total", "type", "LOYAL"));
        assertEquals("counter", after.types().get("scangate_consumer_events_total"));

        assertEquals("histogram", after.types().get("scangate_consumer_repurchase_interval_seconds"));
        final List<PrometheusText.Sample> buckets = after.find(ConsumerBookNames.BUCKET);
        assertEquals(ConsumerBook.INTERVAL_DAYS.length + 1, buckets.size(), buckets.toString());
        for (final int days : ConsumerBook.INTERVAL_DAYS) {
            assertEquals(3.0, after.sum(ConsumerBookNames.BUCKET, "le", Double.toString(days * 86_400.0)), "cumulative: all three within a day, le=" + days);
        }
        assertEquals(3.0, after.sum(ConsumerBookNames.BUCKET, "le", "+Inf"));
        assertEquals(3.0, after.sum("scangate_consumer_repurchase_interval_seconds_count"));
        assertTrue(after.quantile(0.5, "scangate_consumer_repurchase_interval_seconds") <= 86_400, "the median within a day");
    }

    /** The histogram's series names. */
    private static final class ConsumerBookNames {
        static final String BUCKET = "scangate_consumer_repurchase_interval_seconds_bucket";
    }
}
