package io.scangate.verifier.campaign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * For random campaigns and random scan sequences: budgets, tier limits and caps always hold, no
 * code is rewarded twice, reward ids are dense, and the same inputs give the same winners.
 */
class CampaignPropertiesTest {
    private static final long HOUR = 3_600_000L;

    record PrizeSpec(long amount, int weight, Integer limit) {
    }

    record CampaignSpec(double p, long count, long amount, List<PrizeSpec> prizes, Integer perDevice, Integer perConsumer,
                        Integer perDevicePerDay, Integer perConsumerPerDay, boolean lowerTier, long seed) {
        String json() {
            final StringBuilder prizeJson = new StringBuilder("[");
            for (int i = 0; i < prizes.size(); i++) {
                final PrizeSpec x = prizes.get(i);
                prizeJson.append(i == 0 ? "" : ",").append("{\"id\":\"t").append(i).append("\",\"amount\":").append(Math.min(x.amount, amount))
                        .append(",\"weight\":").append(x.weight).append(x.limit == null ? "" : ",\"limit\":" + x.limit).append('}');
            }
            prizeJson.append(']');
            final List<String> caps = new ArrayList<>();
            if (perDevice != null) {
                caps.add("\"perDevice\":" + perDevice);
            }
            if (perConsumer != null) {
                caps.add("\"perConsumer\":" + perConsumer);
            }
            if (perDevicePerDay != null) {
                caps.add("\"perDevicePerDay\":" + perDevicePerDay);
            }
            if (perConsumerPerDay != null) {
                caps.add("\"perConsumerPerDay\":" + perConsumerPerDay);
            }
            final String extra = (caps.isEmpty() ? "" : ",\"caps\":{" + String.join(",", caps) + "}")
                    + (lowerTier ? ",\"onLimit\":\"lowerTier\"" : "") + ",\"seed\":\"property-seed-000-" + seed + "\"";
            return CampaignFixture.campaign("prop", p, count, amount, prizeJson.toString(), extra);
        }
    }

    record Scan(int code, int device, int consumer, int hoursLater) {
    }

    @Provide
    Arbitrary<CampaignSpec> campaigns() {
        final Arbitrary<PrizeSpec> prize = Combinators.combine(Arbitraries.longs().between(0, 1000), Arbitraries.integers().between(1, 10),
                Arbitraries.integers().between(1, 8).injectNull(0.5)).as(PrizeSpec::new);
        final Arbitrary<Integer> cap = Arbitraries.integers().between(1, 4).injectNull(0.6);
        return Combinators.combine(
                Arbitraries.of(0.0, 0.1, 0.5, 0.9, 1.0),
                Arbitraries.longs().between(1, 40),
                Arbitraries.longs().between(0, 6000),
                prize.list().ofMinSize(1).ofMaxSize(4),
                cap, cap, cap, cap).flatAs((p, count, amount, prizes, d, c, dd, cd) ->
                Combinators.combine(Arbitraries.of(true, false), Arbitraries.longs()).as((lower, seed) ->
                        new CampaignSpec(p, count, amount, prizes, d, c, dd, cd, lower, seed)));
    }

    @Provide
    Arbitrary<List<Scan>> scans() {
        return Combinators.combine(Arbitraries.integers().between(0, 119), Arbitraries.integers().between(0, 9),
                Arbitraries.integers().between(-1, 6), Arbitraries.integers().between(0, 8)).as(Scan::new).list().ofMinSize(1).ofMaxSize(250);
    }

    @Property(tries = 80)
    void shouldHoldBudgetsLimitsAndCapsAndDrawTheSameWinnersAgain(@ForAll("campaigns") final CampaignSpec spec,
                                                                 @ForAll("scans") final List<Scan> scans) {
        final List<Reward> first = run(spec, scans);
        final Map<String, Long> perDevice = new HashMap<>();
        final Map<String, Long> perConsumer = new HashMap<>();
        final Map<String, Long> perDeviceDay = new HashMap<>();
        final Map<String, Long> perConsumerDay = new HashMap<>();
        final Map<String, Long> perTier = new HashMap<>();
        final Set<String> codes = new HashSet<>();
        long amount = 0;
        for (int i = 0; i < first.size(); i++) {
            final Reward w = first.get(i);
            assertEquals(i + 1, w.rewardId(), "dense reward ids");
            assertTrue(codes.add(w.code()), "code rewarded twice: " + w.code());
            amount += w.amount();
            final long day = w.atMillis() / 86_400_000L;
            perDevice.merge(w.device(), 1L, Long::sum);
            perDeviceDay.merge(w.device() + "@" + day, 1L, Long::sum);
            if (w.consumer() != null) {
                perConsumer.merge(w.consumer(), 1L, Long::sum);
                perConsumerDay.merge(w.consumer() + "@" + day, 1L, Long::sum);
            }
            perTier.merge(w.prize(), 1L, Long::sum);
        }
        assertTrue(first.size() <= spec.count(), "count budget");
        assertTrue(amount <= spec.amount(), "amount budget: " + amount + " > " + spec.amount());
        for (int i = 0; i < spec.prizes().size(); i++) {
            final Integer limit = spec.prizes().get(i).limit();
            if (limit != null) {
                assertTrue(perTier.getOrDefault("t" + i, 0L) <= limit, "tier limit of t" + i);
            }
        }
        assertMax(perDevice, spec.perDevice());
        assertMax(perConsumer, spec.perConsumer());
        assertMax(perDeviceDay, spec.perDevicePerDay());
        assertMax(perConsumerDay, spec.perConsumerPerDay());
        if (spec.p() == 0.0) {
            assertEquals(0, first.size());
        }
        assertEquals(first, run(spec, scans), "the same campaign and scans give the same winners");
    }

    private static void assertMax(final Map<String, Long> counts, final Integer cap) {
        if (cap != null) {
            counts.forEach((who, n) -> assertTrue(n <= cap, who + " got " + n + " rewards, cap " + cap));
        }
    }

    private static List<Reward> run(final CampaignSpec spec, final List<Scan> scans) {
        try (CampaignFixture f = new CampaignFixture(200)) {
            f.apply(spec.json());
            for (final Scan s : scans) {
                f.clock.addAndGet(s.hoursLater() * HOUR);
                f.scan(s.code(), "device-" + s.device(), s.consumer() < 0 ? null : "consumer-" + s.consumer(), "CN", 0);
            }
            final CampaignRuntime r = f.book().find("prop");
            final List<Reward> rewards = f.book().rewards().read(0, 10_000);
            assertEquals(rewards.size(), r.spentCount());
            assertEquals(rewards.stream().mapToLong(Reward::amount).sum(), r.spentAmount());
            return rewards;
        }
    }
}
