package io.scangate.verifier.verdict;

/**
 * The settings of the anti-farming rule ({@link FarmingRule}), each threshold off at 0: how many
 * distinct codes one device may scan in an hour, and on how many devices one consumer id may scan
 * in an hour, before its scans draw no reward and carry {@link Alert#DEVICE_VELOCITY} or
 * {@link Alert#CONSUMER_DEVICES}; and the slots of each velocity table (its memory:
 * {@link VelocityTable#BYTES_PER_SLOT} bytes a slot).
 *
 * <p>Immutable and validated.
 */
public final class FarmingRules {
    /** Highest {@code farming.device.codes.per.hour}. */
    public static final int MAX_DEVICE_CODES = 1_000_000;
    /** Highest {@code farming.consumer.devices.per.hour}: above it a 64-bit sketch saturates too soon to tell. */
    public static final int MAX_CONSUMER_DEVICES = ManyDevicesRule.MAX_DEVICES;
    /** Slots of each table by default: 131,072 (3 MiB a table). */
    public static final int SLOTS_DEFAULT = 1 << 17;
    public static final int MIN_SLOTS = VelocityTable.MIN_SLOTS;
    public static final int MAX_SLOTS = VelocityTable.MAX_SLOTS;
    /**
     * The product defaults: a phone that scans more than 200 distinct codes in an hour (one every
     * 18 s, for an hour) or a consumer id on more than 5 devices in an hour is a farm, not a shopper.
     */
    public static final FarmingRules DEFAULT = new FarmingRules(200, 5, SLOTS_DEFAULT);
    /** No anti-farming rule. */
    public static final FarmingRules OFF = new FarmingRules(0, 0, SLOTS_DEFAULT);

    private final int deviceCodesPerHour;
    private final int consumerDevicesPerHour;
    private final int slots;

    /**
     * @param deviceCodesPerHour distinct codes a device may scan in an hour, 1..1,000,000; 0 = off
     * @param consumerDevicesPerHour devices a consumer id may scan on in an hour, 1..48; 0 = off
     * @param slots entries of each table, a power of two between 64 and 1,048,576
     */
    public FarmingRules(final int deviceCodesPerHour, final int consumerDevicesPerHour, final int slots) {
        if (deviceCodesPerHour < 0 || deviceCodesPerHour > MAX_DEVICE_CODES) {
            throw new IllegalArgumentException("farming.device.codes.per.hour must be 0 (off) or 1.." + MAX_DEVICE_CODES + ", was "
                    + deviceCodesPerHour);
        }
        if (consumerDevicesPerHour < 0 || consumerDevicesPerHour > MAX_CONSUMER_DEVICES) {
            throw new IllegalArgumentException("farming.consumer.devices.per.hour must be 0 (off) or 1.." + MAX_CONSUMER_DEVICES
                    + ", was " + consumerDevicesPerHour);
        }
        if (slots < MIN_SLOTS || slots > MAX_SLOTS || Integer.bitCount(slots) != 1) {
            throw new IllegalArgumentException("farming.table.slots must be a power of two between " + MIN_SLOTS + " and " + MAX_SLOTS
                    + ", was " + slots);
        }
        this.deviceCodesPerHour = deviceCodesPerHour;
        this.consumerDevicesPerHour = consumerDevicesPerHour;
        this.slots = slots;
    }

    public int deviceCodesPerHour() {
        return deviceCodesPerHour;
    }

    public int consumerDevicesPerHour() {
        return consumerDevicesPerHour;
    }

    public int slots() {
        return slots;
    }

    /** Whether either threshold is on. */
    public boolean on() {
        return deviceCodesPerHour != 0 || consumerDevicesPerHour != 0;
    }

    @Override
    public String toString() {
        return "FarmingRules{deviceCodesPerHour=" + deviceCodesPerHour + ", consumerDevicesPerHour=" + consumerDevicesPerHour
                + ", slots=" + slots + "}";
    }
}
