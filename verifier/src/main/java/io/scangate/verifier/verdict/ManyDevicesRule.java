package io.scangate.verifier.verdict;

import io.scangate.verifier.ledger.CodeState;

/**
 * A code is suspected once more than {@code clone.max.devices} distinct devices scanned it: one
 * printed code copied onto many fakes is scanned by many phones. Devices are counted in the code's
 * device sketch ({@link CodeState#deviceSketch}, one bit per bucket of device hashes); two devices
 * can share a bucket, so the sketch never over-counts: a code scanned by at most that many devices
 * is never suspected, one scanned by a few more is.
 *
 * <p>Immutable.
 */
public final class ManyDevicesRule implements VerdictRule.Suspecting {
    /** Highest {@code clone.max.devices}: above it a 64-bit sketch saturates too soon to tell. */
    public static final int MAX_DEVICES = 48;

    private final int maxDevices;

    /** @param maxDevices devices a code may be scanned by before it is suspected, 1..48; 0 = off */
    public ManyDevicesRule(final int maxDevices) {
        if (maxDevices < 0 || maxDevices > MAX_DEVICES) {
            throw new IllegalArgumentException("clone.max.devices must be 0 (off) or 1.." + MAX_DEVICES + ", was " + maxDevices);
        }
        this.maxDevices = maxDevices;
    }

    public int maxDevices() {
        return maxDevices;
    }

    /** Devices the sketch shows (a lower bound of the distinct devices that scanned the code). */
    public static int devicesSeen(final long sketch) {
        return Long.bitCount(sketch);
    }

    @Override
    public int suspect(final CodeState history, final ScanEvent scan, final long now) {
        return maxDevices != 0 && devicesSeen(history.deviceSketch | CodeState.sketchBit(scan.deviceHash)) > maxDevices
                ? SuspectReason.MANY_DEVICES.flag() : 0;
    }

    @Override
    public String toString() {
        return "ManyDevicesRule{maxDevices=" + maxDevices + "}";
    }
}
