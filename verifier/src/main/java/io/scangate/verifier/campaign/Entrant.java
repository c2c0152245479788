package io.scangate.verifier.campaign;

/**
 * A genuine scan as the campaigns see it: who scanned which code where, and where a reward it
 * wins (or sees again) goes. The verifier's scan slot implements it, so the campaign package
 * needs nothing of the verdict or ring packages.
 *
 * <p>Concurrency: used on the verifier thread only.
 */
public interface Entrant {
    long codeId();

    long tag();

    long deviceHash();

    /** 0 when the scan named no consumer. */
    long consumerHash();

    /** Packed region ({@link io.scangate.verifier.ledger.Regions}), or NONE. */
    long region();

    /** The device id as sent (allocates: only called when a reward is granted). */
    String deviceText();

    /** The consumer id as sent, or null (allocates: only called when a reward is granted). */
    String consumerText();

    /** The channel actor whose role scan this is (a B-end reward names it), or null for a consumer's scan. */
    default String actorText() {
        return null;
    }

    /** This scan's place among its consumer's purchases (3: their third), 0 when it is not a purchase. */
    default int purchase() {
        return 0;
    }

    /** The consumer's stage when they scanned, before this purchase counted; null for a first purchase or none. */
    default io.scangate.verifier.consumer.Stage priorStage() {
        return null;
    }

    /** The scan's answer shows {@code reward}, which this entrant won (now or before), unless it shows one already. */
    void showReward(Reward reward);

    /** This scan just won {@code reward}: the answer shows it (over one shown from an earlier campaign). */
    void wonReward(Reward reward);

    /** The code won a reward before, for somebody else: the answer says it is claimed. */
    void rewardClaimedByOther();
}
