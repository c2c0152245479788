package io.scangate.server.ops;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.scangate.verifier.campaign.Campaign;
import io.scangate.verifier.campaign.CampaignBook;
import io.scangate.verifier.campaign.CampaignRuntime;
import io.scangate.verifier.campaign.DrawOutcome;

/**
 * Per-campaign meters: rewards and money granted, budget left, draw outcomes. Meters are created
 * once per campaign when it appears (label cardinality = number of campaigns x tiers) and read
 * the verifier's counters at scrape time: nothing is added to the scan path.
 *
 * <p>Concurrency: {@link #bind} registers a listener that runs on the verifier thread; meter
 * registration is thread-safe.
 */
public final class CampaignMetrics {
    private final MeterRegistry registry;

    public CampaignMetrics(final MeterRegistry registry) {
        this.registry = registry;
    }

    /** Creates the meters of every campaign in {@code book}, now and when new ones are applied. */
    public void bind(final CampaignBook book) {
        book.onNewCampaign(this::register);
    }

    private void register(final CampaignRuntime r) {
        final Campaign c = r.campaign();
        final String id = c.id();
        for (int i = 0; i < c.prizes().size(); i++) {
            final int tier = i;
            FunctionCounter.builder("scangate.rewards.granted", r, x -> x.granted(tier))
                    .description("Rewards granted, by campaign and prize tier").tag("campaign", id).tag("prize", c.prizes().get(i).id())
                    .register(registry);
        }
        FunctionCounter.builder("scangate.reward.amount.granted", r, CampaignRuntime::spentAmount)
                .description("Money granted in rewards, in minor units of the currency").tag("campaign", id).tag("currency", c.currency())
                .register(registry);
        Gauge.builder("scangate.campaign.budget.remaining", r, CampaignRuntime::remainingCount)
                .description("Budget left: rewards (kind=count) or money in minor units (kind=amount)").tag("campaign", id).tag("kind", "count")
                .register(registry);
        Gauge.builder("scangate.campaign.budget.remaining", r, CampaignRuntime::remainingAmount)
                .description("Budget left: rewards (kind=count) or money in minor units (kind=amount)").tag("campaign", id).tag("kind", "amount")
                .register(registry);
        Gauge.builder("scangate.campaign.budget", r, x -> x.campaign().budgetCount())
                .description("Budget: rewards (kind=count) or money in minor units (kind=amount)").tag("campaign", id).tag("kind", "count")
                .register(registry);
        Gauge.builder("scangate.campaign.budget", r, x -> x.campaign().budgetAmount())
                .description("Budget: rewards (kind=count) or money in minor units (kind=amount)").tag("campaign", id).tag("kind", "amount")
                .register(registry);
        Gauge.builder("scangate.campaign.active", r, x -> x.campaign().runningAt(System.currentTimeMillis()) ? 1 : 0)
                .description("1 while the campaign runs (in its window, not stopped)").tag("campaign", id)
                .register(registry);
        for (final DrawOutcome o : DrawOutcome.values()) {
            FunctionCounter.builder("scangate.campaign.draws", r, x -> x.outcomes(o))
                    .description("Draws of eligible scans by outcome (won, lost, budget_exhausted, cap_reached, tier_limit)")
                    .tag("campaign", id).tag("outcome", o.label())
                    .register(registry);
        }
    }
}
