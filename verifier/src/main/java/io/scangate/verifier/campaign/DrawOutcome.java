package io.scangate.verifier.campaign;

/** What an eligible scan's draw came to; a metric label. */
public enum DrawOutcome {
    WON, LOST, BUDGET_EXHAUSTED, CAP_REACHED, TIER_LIMIT;

    private final String label = name().toLowerCase(java.util.Locale.ROOT);

    public String label() {
        return label;
    }
}
