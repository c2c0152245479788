package io.scangate.verifier.verdict;

import io.scangate.verifier.ledger.CodeState;
import io.scangate.verifier.ledger.Locations;

/**
 * Impossible travel, by position: a code is suspected when this scan and its previous scan both
 * gave a position ({@code lat}/{@code lon}), more than {@link #MIN_TRAVEL_KM} apart, and getting
 * from one to the other in the time between them needs more than {@code clone.max.speed.kmh}.
 *
 * <p>Immutable.
 */
public final class TravelByPositionRule implements VerdictRule.Suspecting {
    /** Positions closer than this never count as travel: GPS error, and the 600 m packing steps. */
    public static final double MIN_TRAVEL_KM = 300;
    /** Bounds of {@code clone.max.speed.kmh} when on: a car at the low end, a rocket at the high end. */
    public static final int MIN_SPEED_KMH = 100;
    public static final int MAX_SPEED_KMH = 20_000;
    private static final double MILLIS_PER_HOUR = 3_600_000.0;

    private final int maxSpeedKmh;

    /** @param maxSpeedKmh the fastest believable travel between two scans' positions, 100..20000; 0 = off */
    public TravelByPositionRule(final int maxSpeedKmh) {
        if (maxSpeedKmh != 0 && (maxSpeedKmh < MIN_SPEED_KMH || maxSpeedKmh > MAX_SPEED_KMH)) {
            throw new IllegalArgumentException("clone.max.speed.kmh must be 0 (off) or " + MIN_SPEED_KMH + ".." + MAX_SPEED_KMH
                    + ", was " + maxSpeedKmh);
        }
        this.maxSpeedKmh = maxSpeedKmh;
    }

    public int maxSpeedKmh() {
        return maxSpeedKmh;
    }

    @Override
    public int suspect(final CodeState history, final ScanEvent scan, final long now) {
        if (maxSpeedKmh == 0 || history.lastScanAt == 0 || history.lastLocation == Locations.NONE || scan.location == Locations.NONE) {
            return 0;
        }
        final double km = Locations.distanceKm(history.lastLocation, scan.location);
        final double hours = Math.max(1, now - history.lastScanAt) / MILLIS_PER_HOUR;
        return km > MIN_TRAVEL_KM && km / hours > maxSpeedKmh ? SuspectReason.IMPOSSIBLE_TRAVEL.flag() : 0;
    }

    @Override
    public String toString() {
        return "TravelByPositionRule{maxSpeedKmh=" + maxSpeedKmh + "}";
    }
}
