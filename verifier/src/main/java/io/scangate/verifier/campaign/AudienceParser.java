package io.scangate.verifier.campaign;

import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import io.scangate.verifier.consumer.Stage;

/**
 * A campaign file's {@code "consumers": {"stages": [...], "purchase": N}}: which consumers' purchases
 * draw (a win-back campaign for CHURNED consumers, a third-purchase bonus). Every problem is named.
 *
 * <p>Concurrency: stateless.
 */
final class AudienceParser {
    /** The highest purchase number a campaign may target. */
    static final int MAX_PURCHASE = 1000;

    private AudienceParser() {
    }

    /** The audience {@code n} describes; null when absent, or with problems added. */
    static Campaign.Audience audience(final JsonNode n, final List<CampaignProblem> problems) {
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isObject() || n.isEmpty()) {
            problems.add(new CampaignProblem("consumers", "must be an object {\"stages\": [...], \"purchase\": N} with at least one of them"));
            return null;
        }
        final int before = problems.size();
        final Iterator<String> names = n.fieldNames();
        while (names.hasNext()) {
            final String name = names.next();
            if (!"stages".equals(name) && !"purchase".equals(name)) {
                problems.add(new CampaignProblem("consumers." + name, "is not a field (fields: stages, purchase)"));
            }
        }
        final Set<Stage> stages = stages(n.get("stages"), problems);
        int purchase = 0;
        final JsonNode p = n.get("purchase");
        if (p != null && (!p.canConvertToExactIntegral() || p.asLong() < 1 || p.asLong() > MAX_PURCHASE)) {
            problems.add(new CampaignProblem("consumers.purchase", "must be a whole number from 1 to " + MAX_PURCHASE
                    + " (1: a consumer's first purchase)"));
        } else if (p != null) {
            purchase = p.asInt();
        }
        if (purchase == 1 && !stages.isEmpty()) {
            problems.add(new CampaignProblem("consumers", "a first purchase has no stage yet: give purchase 1 or stages, not both"));
        }
        return problems.size() > before ? null : new Campaign.Audience(Set.copyOf(stages), purchase);
    }

    private static Set<Stage> stages(final JsonNode s, final List<CampaignProblem> problems) {
        final Set<Stage> stages = EnumSet.noneOf(Stage.class);
        if (s == null) {
            return stages;
        }
        if (!s.isArray() || s.isEmpty()) {
            problems.add(new CampaignProblem("consumers.stages", "must be a non-empty list of NEW, REPEAT, LOYAL, LAPSING, CHURNED"));
            return stages;
        }
        for (int i = 0; i < s.size(); i++) {
            final Stage stage = s.get(i).isTextual() ? named(s.get(i).asText()) : null;
            if (stage == null) {
                problems.add(new CampaignProblem("consumers.stages[" + i + "]", "must be one of NEW, REPEAT, LOYAL, LAPSING, CHURNED"));
            } else {
                stages.add(stage);
            }
        }
        return stages;
    }

    private static Stage named(final String text) {
        try {
            return Stage.valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (final IllegalArgumentException e) {
            return null;
        }
    }
}
