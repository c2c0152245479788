package io.scangate.verifier.verdict;

/**
 * Why a scan deserves attention beyond its verdict. A scan carries a set of alerts as a bitmask
 * ({@link #bit()}); the bit positions are part of the UDP protocol, so new alerts are only ever
 * appended.
 */
public enum Alert {
    /** The code already won this campaign's reward, for another device or consumer. */
    REWARD_ALREADY_CLAIMED,
    /** Scanned outside the batch's planned sales region (diversion). */
    OFF_REGION,
    /** The code's history looks like a clone (verdict SUSPECT); the alerts after it say why. */
    CLONE_SUSPECTED,
    /** Suspected because more distinct devices scanned the code than {@code clone.max.devices}. */
    MANY_DEVICES,
    /** Suspected because a scan came from another country sooner than {@code clone.travel.window.minutes}. */
    IMPOSSIBLE_TRAVEL,
    /** The device scanned more distinct codes this hour than {@code farming.device.codes.per.hour}: the scan draws no reward. */
    DEVICE_VELOCITY,
    /** The consumer id scanned on more devices this hour than {@code farming.consumer.devices.per.hour}: the scan draws no reward. */
    CONSUMER_DEVICES,
    /** Scanned outside the territory of the channel actor that last received the unit (窜货): the answer names the actor. */
    DIVERTED;

    private static final Alert[] VALUES = values();

    /** This alert's bit in a scan's alert mask. */
    public int bit() {
        return 1 << ordinal();
    }

    /** Whether {@code mask} holds this alert. */
    public boolean in(final int mask) {
        return (mask & bit()) != 0;
    }

    /** The alerts in {@code mask}, in bit order (allocates: for answers, not the hot path). */
    public static java.util.List<Alert> of(final int mask) {
        final java.util.List<Alert> list = new java.util.ArrayList<>(2);
        for (final Alert a : VALUES) {
            if (a.in(mask)) {
                list.add(a);
            }
        }
        return list;
    }
}
