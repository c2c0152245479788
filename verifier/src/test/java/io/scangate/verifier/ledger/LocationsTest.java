package io.scangate.verifier.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class LocationsTest {
    @Test
    void shouldKeepEveryPositionWithinHalfAStepAndNeverPackToNone() {
        final SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 100_000; i++) {
            final double lat = random.nextDouble(-90, 90);
            final double lon = random.nextDouble(-180, 180);
            final int p = Locations.pack(lat, lon);
            assertNotEquals(Locations.NONE, p);
            assertEquals(lat, Locations.lat(p), 180.0 / 65534 / 2 + 1e-9);
            assertEquals(lon, Locations.lon(p), 360.0 / 65534 / 2 + 1e-9);
        }
        for (final double[] corner : new double[][] {{-90, -180}, {90, 180}, {0, 0}, {-90, 180}}) {
            final int p = Locations.pack(corner[0], corner[1]);
            assertNotEquals(Locations.NONE, p);
            assertEquals(corner[0], Locations.lat(p), 1e-9);
            assertEquals(corner[1], Locations.lon(p), 1e-9);
        }
    }

    @Test
    void shouldMeasureGreatCircleDistancesInKilometres() {
        final int shanghai = Locations.pack(31.2304, 121.4737);
        final int beijing = Locations.pack(39.9042, 116.4074);
        final int newYork = Locations.pack(40.7128, -74.0060);
        final int london = Locations.pack(51.5074, -0.1278);
        assertEquals(1068, Locations.distanceKm(shanghai, beijing), 10);
        assertEquals(5570, Locations.distanceKm(newYork, london), 30);
        assertEquals(Locations.distanceKm(beijing, shanghai), Locations.distanceKm(shanghai, beijing), 1e-9);
        assertTrue(Locations.distanceKm(shanghai, shanghai) < 1e-6);
        assertEquals(20015, Locations.distanceKm(Locations.pack(0, 0), Locations.pack(0, 180)), 5, "half the equator");
    }
}
