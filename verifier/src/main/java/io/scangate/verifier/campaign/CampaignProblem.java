package io.scangate.verifier.campaign;

/** One reason a campaign file or update is refused: the JSON path of the field and why. */
public record CampaignProblem(String path, String reason) {
    @Override
    public String toString() {
        return path + ": " + reason;
    }
}
