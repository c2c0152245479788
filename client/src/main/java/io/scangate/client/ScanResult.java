package io.scangate.client;

import io.scangate.client.protocol.UdpProtocol;

/**
 * The server's answer to one scan. {@code status} is {@link UdpProtocol#STATUS_OK} when the
 * scan was verified ({@code verdict} then holds GENUINE, SUSPECT, FORGED, UNKNOWN, NOT_ACTIVE or
 * VOIDED), else why it was not (nothing was counted). {@code alerts} is a bitmask, bit i = alert
 * i (0 REWARD_ALREADY_CLAIMED, 1 OFF_REGION, 2 CLONE_SUSPECTED, 3 MANY_DEVICES, 4 IMPOSSIBLE_TRAVEL, 5 DEVICE_VELOCITY,
 * 6 CONSUMER_DEVICES); {@code rewardId} is 0 when the
 * code has no reward.
 */
public record ScanResult(String code, int status, String verdict, boolean firstScan, int scanCount, int alerts,
                         long rewardId, long rewardAmount) {
    /** True when the scan was verified (whatever the verdict). */
    public boolean ok() {
        return status == UdpProtocol.STATUS_OK;
    }

    public String statusName() {
        return UdpProtocol.statusName(status);
    }
}
