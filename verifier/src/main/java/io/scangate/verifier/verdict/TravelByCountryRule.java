package io.scangate.verifier.verdict;

import io.scangate.verifier.ledger.CodeState;
import io.scangate.verifier.ledger.Regions;

/**
 * Impossible travel, by country: a code is suspected when this scan names another country than
 * its previous scan, less than {@code clone.travel.window.minutes} after it (both scans must name
 * a region; {@code CN-31} then {@code CN-44} is one country). Coarser than
 * {@link TravelByPositionRule}: neighbouring countries can be minutes apart.
 *
 * <p>Immutable.
 */
public final class TravelByCountryRule implements VerdictRule.Suspecting {
    /** Longest travel window: a week. */
    public static final long MAX_WINDOW_MILLIS = 7L * 24 * 3600 * 1000;

    private final long windowMillis;

    /** @param windowMillis how soon a scan from another country is impossible, up to a week; 0 = off */
    public TravelByCountryRule(final long windowMillis) {
        if (windowMillis < 0 || windowMillis > MAX_WINDOW_MILLIS) {
            throw new IllegalArgumentException("clone travel window must be 0 (off) up to 7 days, was " + windowMillis + " ms");
        }
        this.windowMillis = windowMillis;
    }

    public long windowMillis() {
        return windowMillis;
    }

    @Override
    public int suspect(final CodeState history, final ScanEvent scan, final long now) {
        if (windowMillis == 0 || history.lastScanAt == 0 || history.lastRegion == Regions.NONE || scan.region == Regions.NONE) {
            return 0;
        }
        return country(history.lastRegion) != country(scan.region) && now - history.lastScanAt < windowMillis
                ? SuspectReason.IMPOSSIBLE_TRAVEL.flag() : 0;
    }

    /** The ISO 3166-1 country of a packed region: its first two letters. */
    private static long country(final long packedRegion) {
        return packedRegion >>> 48;
    }

    @Override
    public String toString() {
        return "TravelByCountryRule{windowMillis=" + windowMillis + "}";
    }
}
