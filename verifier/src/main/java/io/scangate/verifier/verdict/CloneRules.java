package io.scangate.verifier.verdict;

import io.scangate.verifier.ledger.CodeState;
import io.scangate.verifier.ledger.Locations;
import io.scangate.verifier.ledger.Regions;

/**
 * When a genuine code's history says "clone" (the {@link Verdict#SUSPECT} verdict): one printed
 * code copied onto many fakes shows up as scans of one code from many devices, or from far-apart
 * places within a short time. Two rules, each off when its setting is 0:
 * <ul>
 *   <li><b>many devices</b>: the code's device sketch ({@link CodeState#deviceSketch}, one bit per
 *       bucket of device hashes) shows more than {@link #maxDevices()} devices. Two devices can
 *       share a bucket, so the sketch never over-counts: a code scanned by at most
 *       {@code maxDevices} devices is never suspected, and one scanned by a few more is.</li>
 *   <li><b>impossible travel</b>, by position: this scan and the code's previous scan both gave a
 *       position ({@code lat}/{@code lon}), more than {@link #MIN_TRAVEL_KM} apart, and getting
 *       from one to the other in the time between them needs more than {@link #maxSpeedKmh()}.</li>
 *   <li><b>impossible travel</b>, by country: this scan names a country other than the code's
 *       previous scan, less than {@link #travelWindowMillis()} after it (both scans must name a
 *       region). Coarser: neighbouring countries can be minutes apart.</li>
 * </ul>
 * The first scan that breaks a rule sets {@link CodeState#suspectAtCount}; from then on every
 * scan of the code answers SUSPECT (a clone stays a clone), and the reasons stay in its flags.
 *
 * <p>Immutable and validated; shared by the verifier thread only.
 */
public final class CloneRules {
    /** Highest {@link #maxDevices()}: above it a 64-bit sketch saturates too soon to tell. */
    public static final int MAX_DEVICES_LIMIT = 48;
    /** Longest travel window: a week. */
    public static final long MAX_TRAVEL_WINDOW_MILLIS = 7L * 24 * 3600 * 1000;
    /** Positions closer than this never count as travel: GPS error, and the 600 m packing steps. */
    public static final double MIN_TRAVEL_KM = 300;
    /** Bounds of {@link #maxSpeedKmh()} when on: a car at the low end, a rocket at the high end. */
    public static final int MIN_SPEED_KMH = 100;
    public static final int MAX_SPEED_KMH = 20_000;
    /**
     * The product defaults: more than 10 devices, or faster than an airliner (1,000 km/h) between
     * two positions at least 300 km apart. The by-country travel rule is off by default: a border
     * crossing within the hour is ordinary between Shenzhen and Hong Kong or Strasbourg and Kehl,
     * and a wrong SUSPECT tells a real customer their product is fake; turn it on where the
     * markets are far apart.
     */
    public static final CloneRules DEFAULT = new CloneRules(10, 0, 1000);
    /** No clone rules: every authentic scan of an active code is GENUINE. */
    public static final CloneRules OFF = new CloneRules(0, 0, 0);

    private final int maxDevices;
    private final long travelWindowMillis;
    private final int maxSpeedKmh;

    /** Rules by devices and by country only (the position rule off). */
    public CloneRules(final int maxDevices, final long travelWindowMillis) {
        this(maxDevices, travelWindowMillis, 0);
    }

    /**
     * @param maxDevices devices a code may be scanned by before it is suspected, 1..48; 0 = rule off
     * @param travelWindowMillis how soon a scan from another country is impossible, up to a week; 0 = rule off
     * @param maxSpeedKmh the fastest believable travel between two scans' positions, 100..20000; 0 = rule off
     */
    public CloneRules(final int maxDevices, final long travelWindowMillis, final int maxSpeedKmh) {
        if (maxDevices < 0 || maxDevices > MAX_DEVICES_LIMIT) {
            throw new IllegalArgumentException("clone.max.devices must be 0 (off) or 1.." + MAX_DEVICES_LIMIT + ", was " + maxDevices);
        }
        if (travelWindowMillis < 0 || travelWindowMillis > MAX_TRAVEL_WINDOW_MILLIS) {
            throw new IllegalArgumentException("clone travel window must be 0 (off) up to 7 days, was " + travelWindowMillis + " ms");
        }
        if (maxSpeedKmh != 0 && (maxSpeedKmh < MIN_SPEED_KMH || maxSpeedKmh > MAX_SPEED_KMH)) {
            throw new IllegalArgumentException("clone.max.speed.kmh must be 0 (off) or " + MIN_SPEED_KMH + ".." + MAX_SPEED_KMH
                    + ", was " + maxSpeedKmh);
        }
        this.maxDevices = maxDevices;
        this.travelWindowMillis = travelWindowMillis;
        this.maxSpeedKmh = maxSpeedKmh;
    }

    public int maxSpeedKmh() {
        return maxSpeedKmh;
    }

    public int maxDevices() {
        return maxDevices;
    }

    public long travelWindowMillis() {
        return travelWindowMillis;
    }

    /** Devices the sketch shows (a lower bound of the distinct devices that scanned the code). */
    public static int devicesSeen(final long sketch) {
        return Long.bitCount(sketch);
    }

    /**
     * Judges the scan just counted into {@code s} ({@link CodeState#countScan} done), given the
     * code's latest scan before it ({@code previousRegion}, {@code previousLocation} and
     * {@code previousAt}, 0 when none or when it gave none). Records a newly found reason in
     * {@code s}'s flags and, on the first one, {@code s.suspectAtCount}. Returns whether this scan
     * answers SUSPECT.
     */
    boolean judge(final CodeState s, final long previousRegion, final int previousLocation, final long previousAt,
                  final long region, final int location, final long now) {
        int reasons = 0;
        if (maxDevices != 0 && devicesSeen(s.deviceSketch) > maxDevices) {
            reasons |= CodeState.FLAG_MANY_DEVICES;
        }
        if (maxSpeedKmh != 0 && previousAt != 0 && previousLocation != Locations.NONE && location != Locations.NONE) {
            final double km = Locations.distanceKm(previousLocation, location);
            final double hours = Math.max(1, now - previousAt) / 3_600_000.0;
            if (km > MIN_TRAVEL_KM && km / hours > maxSpeedKmh) {
                reasons |= CodeState.FLAG_IMPOSSIBLE_TRAVEL;
            }
        }
        if (travelWindowMillis != 0 && previousAt != 0 && previousRegion != Regions.NONE && region != Regions.NONE
                && country(previousRegion) != country(region) && now - previousAt < travelWindowMillis) {
            reasons |= CodeState.FLAG_IMPOSSIBLE_TRAVEL;
        }
        if (reasons != 0) {
            s.flags |= reasons;
            if (s.suspectAtCount == 0) {
                s.suspectAtCount = s.scanCount;
            }
        }
        return s.suspectAt(s.scanCount);
    }

    /** The alerts a SUSPECT answer of {@code s} carries: CLONE_SUSPECTED and its {@link #reasons}. */
    static int alerts(final CodeState s) {
        return Alert.CLONE_SUSPECTED.bit() | reasons(s);
    }

    /** The reasons {@code s} was suspected for, as alert bits (MANY_DEVICES, IMPOSSIBLE_TRAVEL); 0 if none. */
    public static int reasons(final CodeState s) {
        int reasons = 0;
        if ((s.flags & CodeState.FLAG_MANY_DEVICES) != 0) {
            reasons |= Alert.MANY_DEVICES.bit();
        }
        if ((s.flags & CodeState.FLAG_IMPOSSIBLE_TRAVEL) != 0) {
            reasons |= Alert.IMPOSSIBLE_TRAVEL.bit();
        }
        return reasons;
    }

    /** The ISO 3166-1 country of a packed region: its first two letters. */
    private static long country(final long packedRegion) {
        return packedRegion >>> 48;
    }

    @Override
    public String toString() {
        return "CloneRules{maxDevices=" + maxDevices + ", travelWindowMillis=" + travelWindowMillis + ", maxSpeedKmh=" + maxSpeedKmh + "}";
    }
}
