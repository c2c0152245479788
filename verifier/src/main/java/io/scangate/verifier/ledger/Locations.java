package io.scangate.verifier.ledger;

/**
 * A scan's position ({@code lat}, {@code lon} in degrees) packed into an int for the 64-byte ledger
 * value: 16 bits of latitude over [-90, 90] (about 300 m a step) and 16 bits of longitude over
 * [-180, 180] (about 600 m at the equator), each stored plus one so that 0 means "no position".
 * Coarse on purpose: the clone rules compare positions hundreds of kilometres apart.
 */
public final class Locations {
    public static final int NONE = 0;
    private static final double STEPS = 65534.0;
    private static final double EARTH_RADIUS_KM = 6371.0;

    private Locations() {
    }

    /** Packs a position; {@code lat} in [-90, 90] and {@code lon} in [-180, 180] (checked by the caller). Never {@link #NONE}. */
    public static int pack(final double lat, final double lon) {
        final int la = (int) Math.round((lat + 90.0) / 180.0 * STEPS) + 1;
        final int lo = (int) Math.round((lon + 180.0) / 360.0 * STEPS) + 1;
        return la << 16 | lo;
    }

    /** Latitude of a packed position, degrees. */
    public static double lat(final int packed) {
        return ((packed >>> 16) - 1) / STEPS * 180.0 - 90.0;
    }

    /** Longitude of a packed position, degrees. */
    public static double lon(final int packed) {
        return ((packed & 0xFFFF) - 1) / STEPS * 360.0 - 180.0;
    }

    /** Great-circle distance in km between two packed positions (haversine). */
    public static double distanceKm(final int a, final int b) {
        final double lat1 = Math.toRadians(lat(a));
        final double lat2 = Math.toRadians(lat(b));
        final double dLat = lat2 - lat1;
        final double dLon = Math.toRadians(lon(b) - lon(a));
        final double h = Math.sin(dLat / 2) * Math.sin(dLat / 2)
                + Math.cos(lat1) * Math.cos(lat2) * Math.sin(dLon / 2) * Math.sin(dLon / 2);
        return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1.0, Math.sqrt(h)));
    }
}
