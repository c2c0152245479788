package io.scangate.verifier.batch;

import java.util.List;

/**
 * What a consumer page shows about a batch beyond its SKU and GTIN: the product's name, an image
 * link, the production date and line, and the traceability steps. Every field may be null (steps
 * empty). Set when the batch is issued or later; validated by {@link BatchMetaParser}. Immutable.
 *
 * @param productionDate an ISO date, {@code 2026-03-01}
 * @param steps at most {@value BatchMetaParser#MAX_STEPS}, in the order given
 */
public record BatchMeta(String name, String imageUrl, String productionDate, String line, List<Step> steps) {
    public BatchMeta {
        steps = steps == null ? List.of() : List.copyOf(steps);
    }

    /**
     * One traceability step.
     *
     * @param at an ISO date or date-time, or null
     */
    public record Step(String step, String at, String place) {
    }
}
