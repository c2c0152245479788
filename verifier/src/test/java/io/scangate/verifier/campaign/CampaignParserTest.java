package io.scangate.verifier.campaign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

class CampaignParserTest {
    /** The example from the issue, verbatim. */
    static final String SUMMER = "{\"id\":\"summer\",\"start\":\"2026-06-01T00:00:00Z\",\"end\":\"2026-09-01T00:00:00Z\",\"skus\":[\"COLA-330\"],"
            + "\"regions\":[\"CN\"],\"winProbability\":0.3,\"currency\":\"CNY\",\"budget\":{\"count\":10000,\"amount\":500000},"
            + "\"caps\":{\"perDevice\":3,\"perConsumer\":3},\"prizes\":[{\"id\":\"big\",\"amount\":8800,\"weight\":1},"
            + "{\"id\":\"small\",\"amount\":100,\"weight\":99}]}";

    private static Campaign parse(final String json) {
        return CampaignParser.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    private static Set<String> problemPaths(final String json) {
        final CampaignRejectedException e = assertThrows(CampaignRejectedException.class, () -> parse(json));
        return e.problems().stream().map(CampaignProblem::path).collect(Collectors.toSet());
    }

    @Test
    void shouldReadTheIssueExample() {
        final Campaign c = parse(SUMMER);
        assertEquals("summer", c.id());
        assertEquals(Instant.parse("2026-06-01T00:00:00Z").toEpochMilli(), c.startMillis());
        assertEquals(Set.of("COLA-330"), c.skus());
        assertEquals(List.of("CN"), c.regions());
        assertEquals(0.3, c.winProbability());
        assertEquals(10_000, c.budgetCount());
        assertEquals(500_000, c.budgetAmount());
        assertEquals(3, c.caps().perDevice());
        assertEquals(0, c.caps().perDevicePerDay());
        assertEquals(List.of(new Campaign.Prize("big", 8800, 1, 0), new Campaign.Prize("small", 100, 99, 0)), c.prizes());
        assertFalse(c.seeded(), "no seed given: one is generated when applied");
        assertEquals(Campaign.Fallback.NONE, c.onLimit());
    }

    @Test
    void shouldNameEveryProblemWithItsFieldPath() {
        final String bad = "{\"id\":\"bad id!\",\"start\":\"June\",\"end\":\"2026-09-01T00:00:00Z\",\"regions\":[\"China\"],"
                + "\"winProbability\":1.5,\"currency\":\"yuan\",\"budget\":{\"count\":0,\"amount\":-1},\"caps\":{\"perDevice\":0,\"perWeek\":1},"
                + "\"prizes\":[{\"id\":\"a\",\"amount\":-5,\"weight\":0},{\"id\":\"a\",\"amount\":1,\"weight\":1,\"limit\":0}],"
                + "\"onLimit\":\"maybe\",\"seed\":\"short\",\"colour\":\"red\"}";
        assertEquals(Set.of("id", "start", "regions[0]", "winProbability", "currency", "budget.count", "budget.amount", "caps.perDevice",
                "caps.perWeek", "prizes[0].amount", "prizes[0].weight", "prizes[1].id", "prizes[1].limit",
                "onLimit", "seed", "colour"), problemPaths(bad));
    }

    private static List<String> problems(final String json) {
        final CampaignRejectedException e = assertThrows(CampaignRejectedException.class, () -> parse(json));
        return e.problems().stream().map(p -> p.path() + ": " + p.reason()).toList();
    }

    @Test
    void stringBudgetAmountGivesOneErrorNotASecondAboutThePrizes() {
        assertEquals(List.of("budget.amount: must be a whole number of at least 0"),
                problems(SUMMER.replace("\"amount\":500000", "\"amount\":\"500000\"")));
    }

    @Test
    void stringPrizeAmountGivesOneError() {
        assertEquals(List.of("prizes[0].amount: must be a whole number of at least 0"),
                problems(SUMMER.replace("\"amount\":8800", "\"amount\":\"8800\"")));
    }

    @Test
    void rmbIsRefusedAsACurrencyWithCnySuggested() {
        assertEquals(List.of("currency: 'RMB' is not an ISO 4217 currency code; did you mean CNY?"),
                problems(SUMMER.replace("\"CNY\"", "\"RMB\"")));
        assertEquals(List.of("currency: 'ABC' is not an ISO 4217 currency code (such as CNY, EUR, USD)"),
                problems(SUMMER.replace("\"CNY\"", "\"ABC\"")));
        assertEquals("EUR", parse(SUMMER.replace("\"CNY\"", "\"EUR\"")).currency());
    }

    @Test
    void trailingCommaNamesLineAndColumn() {
        final String json = "{\"id\":\"summer\",\n \"winProbability\":0.3,\n}";
        final List<String> problems = problems(json);
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("$: not valid JSON at line 3, column 1: Unexpected character ('}'"), problems.get(0));
    }

    @Test
    void shouldRequireTheEssentialFields() {
        assertEquals(Set.of("id", "start", "end", "winProbability", "currency", "budget", "prizes"), problemPaths("{}"));
    }

    @Test
    void shouldRefuseAnEndBeforeTheStartAndNonObjects() {
        assertTrue(problemPaths(SUMMER.replace("2026-09-01", "2026-05-01")).contains("end"));
        assertEquals(Set.of("$"), problemPaths("[1,2]"));
        assertEquals(Set.of("$"), problemPaths("{\"id\":"));
        assertEquals(Set.of("prizes"), problemPaths(SUMMER.replace("\"prizes\":[{\"id\":\"big\",\"amount\":8800,\"weight\":1},"
                + "{\"id\":\"small\",\"amount\":100,\"weight\":99}]", "\"prizes\":[]")));
    }

    @Test
    void shouldTurnTheSameSeedIntoTheSameKey() {
        final Campaign a = parse(SUMMER.replace("\"currency\"", "\"seed\":\"0123456789abcdef-secret\",\"currency\""));
        final Campaign b = parse(SUMMER.replace("\"currency\"", "\"seed\":\"0123456789abcdef-secret\",\"currency\""));
        assertTrue(a.seeded());
        assertEquals(a.seed0(), b.seed0());
        assertEquals(a.seed1(), b.seed1());
    }
}
