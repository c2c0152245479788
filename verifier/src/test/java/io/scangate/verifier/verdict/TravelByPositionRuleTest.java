package io.scangate.verifier.verdict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.scangate.verifier.ledger.CodeState;
import io.scangate.verifier.ledger.Locations;

class TravelByPositionRuleTest {
    private static final long T0 = 1_700_000_000_000L;
    private static final long MINUTE = 60_000;
    private static final int SHANGHAI = Locations.pack(31.2304, 121.4737);
    private static final int SUZHOU = Locations.pack(31.2989, 120.5853);
    private static final int BEIJING = Locations.pack(39.9042, 116.4074);
    private static final int TRAVEL = SuspectReason.IMPOSSIBLE_TRAVEL.flag();
    private final TravelByPositionRule airliner = new TravelByPositionRule(1000);

    private static CodeState lastScannedAt(final int location) {
        final CodeState s = new CodeState();
        s.countScan(T0, 1, 0);
        s.lastLocation = location;
        return s;
    }

    private static ScanEvent scanAt(final int location) {
        final ScanEvent e = new ScanEvent();
        e.location = location;
        return e;
    }

    @Test
    void shouldSuspectAScanFartherFromThePreviousOneThanTheSpeedAllows() {
        assertEquals(TRAVEL, airliner.suspect(lastScannedAt(SHANGHAI), scanAt(BEIJING), T0 + 10 * MINUTE), "1,070 km in 10 min");
        assertEquals(TRAVEL, airliner.suspect(lastScannedAt(SHANGHAI), scanAt(BEIJING), T0), "no time at all");
    }

    @Test
    void shouldAllowTravelAtBelievableSpeed() {
        assertEquals(0, airliner.suspect(lastScannedAt(SHANGHAI), scanAt(BEIJING), T0 + 3 * 60 * MINUTE), "356 km/h");
    }

    @Test
    void shouldNeverCountPositionsCloserThanTheMinimumAsTravel() {
        assertTrue(Locations.distanceKm(SHANGHAI, SUZHOU) < TravelByPositionRule.MIN_TRAVEL_KM);
        assertEquals(0, airliner.suspect(lastScannedAt(SHANGHAI), scanAt(SUZHOU), T0 + 1));
    }

    @Test
    void shouldJudgeOnlyWhenBothScansGaveAPosition() {
        assertEquals(0, airliner.suspect(lastScannedAt(Locations.NONE), scanAt(BEIJING), T0 + MINUTE));
        assertEquals(0, airliner.suspect(lastScannedAt(SHANGHAI), scanAt(Locations.NONE), T0 + MINUTE));
        assertEquals(0, airliner.suspect(new CodeState(), scanAt(BEIJING), T0), "never scanned before");
    }

    @Test
    void shouldSuspectNothingWhenOff() {
        assertEquals(0, new TravelByPositionRule(0).suspect(lastScannedAt(SHANGHAI), scanAt(BEIJING), T0 + 1));
    }

    @Test
    void shouldRefuseASpeedOutOfRangeNamingTheSetting() {
        assertThrows(IllegalArgumentException.class, () -> new TravelByPositionRule(TravelByPositionRule.MAX_SPEED_KMH + 1));
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new TravelByPositionRule(TravelByPositionRule.MIN_SPEED_KMH - 1));
        assertTrue(e.getMessage().contains("clone.max.speed.kmh must be 0 (off) or 100..20000, was 99"), e.getMessage());
    }
}
