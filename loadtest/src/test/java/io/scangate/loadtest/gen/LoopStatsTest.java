package io.scangate.loadtest.gen;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class LoopStatsTest {
    @Test
    void shouldSplitTheLatencyOf2xxAnswersFromRefusalsSoShedRequestsDoNotHideTheHonestTail() {
        final LoopStats a = new LoopStats();
        a.recordMeasured(5_000_000, 5_000_000, 200, 1);
        a.recordMeasured(200_000, 200_000, 503, 2);
        final LoopStats b = new LoopStats();
        b.recordMeasured(7_000_000, 7_000_000, 201, 3);
        b.recordMeasured(100_000, 100_000, 429, 4);
        a.add(b);

        assertEquals(4, a.latency.getTotalCount());
        assertEquals(2, a.okLatency.getTotalCount());
        assertEquals(2, a.refusedLatency.getTotalCount());
        assertEquals(5_000_000, a.okLatency.getMinValue(), 5_000_000 / 500.0);
        assertEquals(200_000, a.refusedLatency.getMaxValue(), 200_000 / 500.0);
    }
}
