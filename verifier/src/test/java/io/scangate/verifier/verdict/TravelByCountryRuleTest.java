package io.scangate.verifier.verdict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

import io.scangate.verifier.ledger.CodeState;
import io.scangate.verifier.ledger.Regions;

class TravelByCountryRuleTest {
    private static final long T0 = 1_700_000_000_000L;
    private static final long MINUTE = 60_000;
    private static final int TRAVEL = SuspectReason.IMPOSSIBLE_TRAVEL.flag();
    private final TravelByCountryRule hour = new TravelByCountryRule(60 * MINUTE);

    private static CodeState lastScannedIn(final String region) {
        final CodeState s = new CodeState();
        s.countScan(T0, 1, Regions.pack(region));
        return s;
    }

    private static ScanEvent scanIn(final String region) {
        final ScanEvent e = new ScanEvent();
        e.region = Regions.pack(region);
        return e;
    }

    @Test
    void shouldSuspectAScanFromAnotherCountryWithinTheWindow() {
        assertEquals(TRAVEL, hour.suspect(lastScannedIn("CN-31"), scanIn("US-CA"), T0 + 10 * MINUTE));
        assertEquals(TRAVEL, hour.suspect(lastScannedIn("CN"), scanIn("JP"), T0 + 60 * MINUTE - 1));
    }

    @Test
    void shouldAllowAnotherCountryOnceTheWindowHasPassed() {
        assertEquals(0, hour.suspect(lastScannedIn("CN-31"), scanIn("US-CA"), T0 + 60 * MINUTE));
    }

    @Test
    void shouldTreatAnotherProvinceOfTheSameCountryAsNoTravel() {
        assertEquals(0, hour.suspect(lastScannedIn("CN-31"), scanIn("CN-44"), T0 + 1));
        assertEquals(0, hour.suspect(lastScannedIn("CN"), scanIn("CN-44"), T0 + 1));
    }

    @Test
    void shouldJudgeOnlyWhenBothScansNamedARegion() {
        assertEquals(0, hour.suspect(lastScannedIn(null), scanIn("US"), T0 + 1));
        assertEquals(0, hour.suspect(lastScannedIn("CN-31"), scanIn(null), T0 + 1));
        assertEquals(0, hour.suspect(new CodeState(), scanIn("US"), T0), "never scanned before");
    }

    @Test
    void shouldSuspectNothingWhenOff() {
        assertEquals(0, new TravelByCountryRule(0).suspect(lastScannedIn("CN-31"), scanIn("US-CA"), T0 + 1));
    }

    @Test
    void shouldRefuseAWindowOutOfRange() {
        assertThrows(IllegalArgumentException.class, () -> new TravelByCountryRule(-1));
        assertThrows(IllegalArgumentException.class, () -> new TravelByCountryRule(TravelByCountryRule.MAX_WINDOW_MILLIS + 1));
    }
}
