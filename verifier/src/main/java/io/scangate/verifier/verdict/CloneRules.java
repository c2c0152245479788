package io.scangate.verifier.verdict;

import java.util.ArrayList;
import java.util.List;

import io.scangate.verifier.ledger.CodeState;

/**
 * The settings of the clone rules, each off at 0: when a genuine code's history says "clone" (the
 * {@link Verdict#SUSPECT} verdict, docs/API.md#suspect). One printed code copied onto many fakes
 * shows up as scans of one code from many devices ({@link ManyDevicesRule}), or from far-apart
 * places within a short time ({@link TravelByPositionRule}, {@link TravelByCountryRule}). Each rule
 * owns its setting's range and checks it.
 *
 * <p>The first scan that breaks a rule sets {@code CodeState.suspectAtCount}; from then on every
 * scan of the code answers SUSPECT (a clone stays a clone), and the reasons stay in its flags.
 *
 * <p>Immutable and validated.
 */
public final class CloneRules {
    /** {@link ManyDevicesRule#MAX_DEVICES}. */
    public static final int MAX_DEVICES_LIMIT = ManyDevicesRule.MAX_DEVICES;
    /** {@link TravelByCountryRule#MAX_WINDOW_MILLIS}. */
    public static final long MAX_TRAVEL_WINDOW_MILLIS = TravelByCountryRule.MAX_WINDOW_MILLIS;
    /** {@link TravelByPositionRule#MIN_SPEED_KMH}. */
    public static final int MIN_SPEED_KMH = TravelByPositionRule.MIN_SPEED_KMH;
    /** {@link TravelByPositionRule#MAX_SPEED_KMH}. */
    public static final int MAX_SPEED_KMH = TravelByPositionRule.MAX_SPEED_KMH;
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

    private final ManyDevicesRule manyDevices;
    private final TravelByCountryRule travelByCountry;
    private final TravelByPositionRule travelByPosition;

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
        this.manyDevices = new ManyDevicesRule(maxDevices);
        this.travelByCountry = new TravelByCountryRule(travelWindowMillis);
        this.travelByPosition = new TravelByPositionRule(maxSpeedKmh);
    }

    public int maxSpeedKmh() {
        return travelByPosition.maxSpeedKmh();
    }

    public int maxDevices() {
        return manyDevices.maxDevices();
    }

    public long travelWindowMillis() {
        return travelByCountry.windowMillis();
    }

    /** Devices a code's sketch shows: {@link ManyDevicesRule#devicesSeen}, as {@code codes show} reports them. */
    public static int devicesSeen(final long sketch) {
        return ManyDevicesRule.devicesSeen(sketch);
    }

    /** The reasons {@code s} was suspected for, as alert bits: {@link SuspectReason#alerts}, as {@code codes show} reports them. */
    public static int reasons(final CodeState s) {
        return SuspectReason.alerts(s.flags);
    }

    /** The rules that are on, for {@link VerdictRules#standard}: a rule that is off is not run at all. */
    List<VerdictRule> rules() {
        final List<VerdictRule> on = new ArrayList<>(3);
        if (maxDevices() != 0) {
            on.add(manyDevices);
        }
        if (maxSpeedKmh() != 0) {
            on.add(travelByPosition);
        }
        if (travelWindowMillis() != 0) {
            on.add(travelByCountry);
        }
        return on;
    }

    @Override
    public String toString() {
        return "CloneRules{maxDevices=" + maxDevices() + ", travelWindowMillis=" + travelWindowMillis() + ", maxSpeedKmh=" + maxSpeedKmh() + "}";
    }
}
