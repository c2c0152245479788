package io.scangate.verifier.campaign;

import java.util.List;

/** A campaign file or update was refused; nothing changed. Carries every problem found. */
public final class CampaignRejectedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient List<CampaignProblem> problems;

    public CampaignRejectedException(final List<CampaignProblem> problems) {
        super(problems.size() + " problem(s): " + problems);
        this.problems = List.copyOf(problems);
    }

    public List<CampaignProblem> problems() {
        return problems;
    }
}
