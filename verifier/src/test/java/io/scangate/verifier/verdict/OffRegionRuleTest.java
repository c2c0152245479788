package io.scangate.verifier.verdict;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import io.scangate.verifier.batch.Batch;
import io.scangate.verifier.batch.BatchState;
import io.scangate.verifier.ledger.CodeState;
import io.scangate.verifier.ledger.Regions;

class OffRegionRuleTest {
    private static final int OFF_REGION = Alert.OFF_REGION.bit();
    private final OffRegionRule rule = new OffRegionRule();
    private final CodeState code = new CodeState();

    private static Batch plannedFor(final String region) {
        return new Batch(1, 1, 1, 10, "COLA-330", "06901234567892", region, null, BatchState.ACTIVE, 0);
    }

    private int alerts(final String batchRegion, final String scanRegion) {
        final ScanEvent e = new ScanEvent();
        e.region = Regions.pack(scanRegion);
        return rule.alerts(e, plannedFor(batchRegion), code);
    }

    @Test
    void shouldAlertAScanFromARegionOutsideThePlannedOne() {
        assertEquals(OFF_REGION, alerts("CN-31", "CN-44"));
        assertEquals(OFF_REGION, alerts("CN-31", "JP"));
        assertEquals(OFF_REGION, alerts("CN", "JP-13"));
    }

    @Test
    void shouldNotAlertAScanInsideThePlannedRegion() {
        assertEquals(0, alerts("CN-31", "CN-31"));
        assertEquals(0, alerts("CN", "CN-44"));
    }

    @Test
    void shouldNotAlertAScanNamingOnlyTheCountryOfThePlannedRegion() {
        assertEquals(0, alerts("CN-31", "CN"));
    }

    @Test
    void shouldNotAlertWhenEitherSideNamesNoRegion() {
        assertEquals(0, alerts("CN-31", null));
        assertEquals(0, alerts(null, "JP"));
    }
}
