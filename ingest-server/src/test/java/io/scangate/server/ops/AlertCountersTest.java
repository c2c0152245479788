package io.scangate.server.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.scangate.verifier.ledger.Regions;
import io.scangate.verifier.verdict.Alert;

class AlertCountersTest {
    private final ScanMetrics metrics = new ScanMetrics();

    private double count(final String alert, final String region) {
        return PrometheusText.parse(metrics.scrape()).sum("scangate_scan_alerts_total", "alert", alert, "region", region);
    }

    @Test
    void shouldCountEachAlertBitByTheRegionsCountry() {
        metrics.scanAlerts(Alert.OFF_REGION.bit() | Alert.CLONE_SUSPECTED.bit(), Regions.pack("DE-BY"));
        metrics.scanAlerts(Alert.OFF_REGION.bit(), Regions.pack("DE"));
        metrics.scanAlerts(Alert.REWARD_ALREADY_CLAIMED.bit(), Regions.pack("CN-31"));
        assertEquals(2.0, count("OFF_REGION", "DE"));
        assertEquals(1.0, count("CLONE_SUSPECTED", "DE"));
        assertEquals(0.0, count("REWARD_ALREADY_CLAIMED", "DE"));
        assertEquals(1.0, count("REWARD_ALREADY_CLAIMED", "CN"));
    }

    @Test
    void shouldCountScansWithoutARegionAsUnknownAndIgnoreAnEmptyMask() {
        metrics.scanAlerts(Alert.CLONE_SUSPECTED.bit(), Regions.NONE);
        metrics.scanAlerts(0, Regions.pack("FR"));
        assertEquals(1.0, count("CLONE_SUSPECTED", "unknown"));
        assertTrue(PrometheusText.parse(metrics.scrape()).find("scangate_scan_alerts_total", "region", "FR").isEmpty(),
                "no series for a region that raised no alert");
    }

    @Test
    void shouldFoldCountriesBeyondTheCapIntoOther() {
        int seen = 0;
        for (char a = 'A'; a <= 'Z' && seen < AlertCounters.MAX_REGIONS + 10; a++) {
            for (char b = 'A'; b <= 'Z' && seen < AlertCounters.MAX_REGIONS + 10; b++) {
                metrics.scanAlerts(Alert.OFF_REGION.bit(), Regions.pack("" + a + b));
                seen++;
            }
        }
        final PrometheusText text = PrometheusText.parse(metrics.scrape());
        final long regions = text.find("scangate_scan_alerts_total", "alert", "OFF_REGION").stream()
                .map(s -> s.label("region")).filter(r -> r.length() == 2).count();
        assertEquals(AlertCounters.MAX_REGIONS, regions);
        assertEquals(10.0, count("OFF_REGION", "other"));
        metrics.scanAlerts(Alert.OFF_REGION.bit(), Regions.pack("AA"));
        assertEquals(2.0, count("OFF_REGION", "AA"), "a country seen before the cap keeps its own series");
    }
}
