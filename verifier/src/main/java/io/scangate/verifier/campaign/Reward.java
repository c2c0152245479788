package io.scangate.verifier.campaign;

/**
 * A granted reward: one entry of the reward log. Immutable. {@code amount} is in minor units.
 * {@code consumer} is null when the scan named none.
 */
public record Reward(long rewardId, String campaign, String prize, long amount, String currency, String code, String device,
                     String consumer, String region, long atMillis,
                     int campaignNumber, int prizeIndex, long codeId, long deviceHash, long consumerHash, String actor) {
}
