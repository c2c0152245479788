package io.scangate.verifier.campaign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.scangate.verifier.verdict.Alert;
import io.scangate.verifier.verdict.ScanEvent;
import io.scangate.verifier.verdict.Verdict;

class CampaignRulesTest {
    private static final String ONE_PRIZE = "[{\"id\":\"red\",\"amount\":100,\"weight\":1}]";
    private final CampaignFixture f = new CampaignFixture(1000);

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void shouldGrantTheFirstScanAndShowTheSameRewardToItsWinnerOnly() {
        f.apply(CampaignFixture.campaign("summer", 1.0, 10, 10_000, ONE_PRIZE, ""));
        final ScanEvent first = f.scan(1, "phone-a");
        assertEquals(Verdict.GENUINE, first.verdict);
        assertEquals(1, first.rewardId);
        assertEquals(100, first.rewardAmount);
        assertEquals("summer", first.reward.campaign());
        assertEquals("phone-a", first.reward.device());

        final ScanEvent again = f.scan(1, "phone-a");
        assertEquals(1, again.rewardId, "the winner's rescans show the same reward");
        assertEquals(0, again.alerts);

        final ScanEvent other = f.scan(1, "phone-b");
        assertEquals(0, other.rewardId);
        assertNull(other.reward);
        assertTrue(Alert.REWARD_ALREADY_CLAIMED.in(other.alerts));
        assertEquals(1, f.book().rewards().size(), "one reward for one code");
        assertEquals(1, f.book().find("summer").spentCount());
        assertEquals(100, f.book().find("summer").spentAmount());
    }

    @Test
    void shouldNeverDrawForASuspectedCloneButStillShowTheWinnerTheirReward() {
        f.apply(CampaignFixture.campaign("japan", 1.0, 10, 10_000, ONE_PRIZE, ",\"regions\":[\"JP\"]"));
        for (int d = 0; d < 30; d++) {
            assertNull(f.scan(1, "phone-" + d, null, "CN-31", 0).reward, "out of the campaign's region: no draw");
        }
        final ScanEvent clone = f.scan(1, "phone-jp", null, "JP-13", 0);
        assertEquals(Verdict.SUSPECT, clone.verdict, "31 devices on one code");
        assertTrue(Alert.MANY_DEVICES.in(clone.alerts));
        assertNull(clone.reward, "a suspected clone draws nothing, even on its first eligible scan");
        assertEquals(0, f.book().find("japan").spentCount());

        final ScanEvent winner = f.scan(2, "phone-w", null, "JP-13", 0);
        assertEquals(Verdict.GENUINE, winner.verdict);
        assertNotNull(winner.reward);
        for (int d = 0; d < 30; d++) {
            f.scan(2, "phone-" + d, null, "JP-13", 0);
        }
        final ScanEvent winnerAgain = f.scan(2, "phone-w", null, "JP-13", 0);
        assertEquals(Verdict.SUSPECT, winnerAgain.verdict);
        assertEquals(winner.rewardId, winnerAgain.rewardId, "its winner still sees the reward it won");
        assertEquals(1, f.book().find("japan").spentCount());
    }

    @Test
    void shouldShowTheRewardToTheSameConsumerOnAnotherDevice() {
        f.apply(CampaignFixture.campaign("summer", 1.0, 10, 10_000, ONE_PRIZE, ""));
        assertEquals(1, f.scan(1, "phone-a", "wx-123", "CN-31", 0).rewardId);
        assertEquals(1, f.scan(1, "tablet", "wx-123", "CN-31", 0).rewardId);
    }

    @Test
    void shouldNeverGrantMoreThanTheBudgetCount() {
        f.apply(CampaignFixture.campaign("summer", 1.0, 5, 10_000, ONE_PRIZE, ""));
        int won = 0;
        for (int i = 0; i < 20; i++) {
            if (f.scan(i, "phone-" + i).rewardId != 0) {
                won++;
            }
        }
        assertEquals(5, won);
        assertEquals(5, f.book().rewards().size());
        assertEquals(0, f.book().find("summer").remainingCount());
        assertEquals(15, f.book().find("summer").outcomes(DrawOutcome.BUDGET_EXHAUSTED));
    }

    @Test
    void shouldNeverGrantMoreThanTheBudgetAmount() {
        f.apply(CampaignFixture.campaign("summer", 1.0, 100, 250, ONE_PRIZE, ""));
        for (int i = 0; i < 10; i++) {
            f.scan(i, "phone-" + i);
        }
        assertEquals(2, f.book().rewards().size());
        assertEquals(200, f.book().find("summer").spentAmount());
    }

    @Test
    void shouldHoldTierLimitsAndFallBackToACheaperTierWhenConfigured() {
        final String tiers = "[{\"id\":\"big\",\"amount\":500,\"weight\":1,\"limit\":1},{\"id\":\"small\",\"amount\":10,\"weight\":0}]";
        assertThrows(CampaignRejectedException.class, () -> f.apply(CampaignFixture.campaign("x", 1.0, 100, 10_000, tiers, "")),
                "weight 0 is refused");
        final String ok = "[{\"id\":\"big\",\"amount\":500,\"weight\":1000000000,\"limit\":1},{\"id\":\"small\",\"amount\":10,\"weight\":1}]";
        f.apply(CampaignFixture.campaign("strict", 1.0, 100, 10_000, ok, ""));
        f.apply(CampaignFixture.campaign("lenient", 1.0, 100, 10_000, ok, ",\"onLimit\":\"lowerTier\""));
        final Set<String> strict = new HashSet<>();
        final Set<String> lenient = new HashSet<>();
        for (int i = 0; i < 30; i++) {
            f.scan(i, "phone-" + i);
        }
        for (final Reward w : f.book().rewards().read(0, 1000)) {
            (w.campaign().equals("strict") ? strict : lenient).add(w.prize() + ":" + w.code());
        }
        assertEquals(1, f.book().find("strict").granted(0), "the big prize's limit holds");
        assertEquals(1, f.book().find("lenient").granted(0));
        assertTrue(f.book().find("lenient").granted(1) >= 28, "the lenient campaign gives the small prize instead");
        assertTrue(f.book().find("strict").outcomes(DrawOutcome.TIER_LIMIT) >= 28);
    }

    @Test
    void shouldHoldCapsPerDeviceAndPerConsumerPerDay() {
        f.apply(CampaignFixture.campaign("summer", 1.0, 100, 10_000, ONE_PRIZE,
                ",\"caps\":{\"perDevice\":3,\"perConsumerPerDay\":1}"));
        int deviceWins = 0;
        for (int i = 0; i < 10; i++) {
            if (f.scan(i, "farm-phone").rewardId != 0) {
                deviceWins++;
            }
        }
        assertEquals(3, deviceWins);
        assertEquals(1, f.scan(20, "p1", "alice", "CN", 0).rewardId != 0 ? 1 : 0);
        assertEquals(0, f.scan(21, "p2", "alice", "CN", 0).rewardId, "one per consumer per day");
        f.clock.addAndGet(86_400_000L);
        assertNotEquals(0, f.scan(22, "p3", "alice", "CN", 0).rewardId, "the next day the consumer may win again");
    }

    @Test
    void shouldLetACodeDrawOnlyOnItsFirstEligibleScan() {
        f.apply(CampaignFixture.campaign("summer", 1.0, 100, 10_000, ONE_PRIZE, ",\"caps\":{\"perDevice\":1}"));
        assertNotEquals(0, f.scan(1, "capped").rewardId);
        assertEquals(0, f.scan(2, "capped").rewardId, "capped device: the draw is refused");
        assertEquals(0, f.scan(2, "fresh-device").rewardId, "the code had its draw; it cannot win later");
        assertEquals(0, f.scan(2, "fresh-device").alerts, "nobody claimed it, so no alert");
    }

    @Test
    void shouldGrantNothingOutsideWindowRegionOrScope() {
        f.apply("{\"id\":\"july\",\"start\":\"2026-07-01T00:00:00Z\",\"end\":\"2026-08-01T00:00:00Z\",\"winProbability\":1,"
                + "\"currency\":\"CNY\",\"budget\":{\"count\":10,\"amount\":1000},\"prizes\":" + ONE_PRIZE + "}");
        f.apply(CampaignFixture.campaign("japan", 1.0, 10, 1000, ONE_PRIZE, ",\"regions\":[\"JP\"]"));
        f.apply(CampaignFixture.campaign("tea", 1.0, 10, 1000, ONE_PRIZE, ",\"skus\":[\"TEA-500\"]"));
        f.apply(CampaignFixture.campaign("otherbatch", 1.0, 10, 1000, ONE_PRIZE, ",\"batches\":[99]"));
        for (int i = 0; i < 5; i++) {
            assertEquals(0, f.scan(i, "phone").rewardId);
        }
        assertEquals(0, f.book().rewards().size());

        f.apply(CampaignFixture.campaign("cn", 1.0, 10, 1000, ONE_PRIZE, ",\"regions\":[\"CN\"],\"skus\":[\"COLA-330\"]"));
        assertNotEquals(0, f.scan(7, "phone", null, "CN-31", 0).rewardId, "in region, scope and window");
        assertEquals(0, f.scan(8, "phone", null, null, 0).rewardId, "no region: not in a region-scoped campaign");
        assertEquals(0, f.scan(5, "phone", null, "KR", 0).rewardId, "out of every region");

        f.clock.set(java.time.Instant.parse("2026-07-02T00:00:00Z").toEpochMilli());
        f.scan(9, "phone2", null, "CN-31", 0);
        assertEquals(1, f.book().find("july").spentCount(), "the July campaign runs in July");
        f.clock.set(java.time.Instant.parse("2026-09-01T00:00:00Z").toEpochMilli());
        assertEquals(0, f.scan(10, "phone3", null, "CN-31", 0).rewardId, "the end is exclusive");
        assertEquals(0, f.book().find("japan").spentCount() + f.book().find("tea").spentCount() + f.book().find("otherbatch").spentCount());
    }

    @Test
    void shouldDrawTheSameWinnersForTheSameSeedAndCodes() {
        final String seeded = ",\"seed\":\"a-secret-seed-of-enough-length\"";
        final String prizes = "[{\"id\":\"big\",\"amount\":800,\"weight\":1},{\"id\":\"small\",\"amount\":10,\"weight\":9}]";
        final List<String> first;
        try (CampaignFixture a = new CampaignFixture(1000)) {
            a.apply(CampaignFixture.campaign("s", 0.3, 1000, 1_000_000, prizes, seeded));
            for (int i = 0; i < 300; i++) {
                a.scan(i, "d" + i);
            }
            first = a.book().rewards().read(0, 1000).stream().map(w -> w.code() + w.prize()).toList();
        }
        for (int i = 0; i < 300; i++) {
            f.scan(i, "d" + i);
        }
        f.apply(CampaignFixture.campaign("s", 0.3, 1000, 1_000_000, prizes, seeded));
        for (int i = 0; i < 300; i++) {
            f.scan(i, "d" + i);
        }
        final List<String> second = f.book().rewards().read(0, 1000).stream().map(w -> w.code() + w.prize()).toList();
        assertEquals(first, second);
        assertTrue(first.size() > 50 && first.size() < 130, "about 30% win: " + first.size());
    }

    @Test
    void shouldReturnTheOriginalRewardToARetryWithoutDrawingAgain() {
        f.apply(CampaignFixture.campaign("summer", 1.0, 10, 10_000, ONE_PRIZE, ""));
        final ScanEvent first = f.scan(1, "phone-a", null, "CN", 777);
        final ScanEvent retry = f.scan(1, "phone-a", null, "CN", 777);
        assertEquals(first.rewardId, retry.rewardId);
        assertEquals(1, retry.scanCount);
        assertEquals(1, f.book().rewards().size());
    }

    @Test
    void shouldAllowSafeUpdatesAndRefuseUnsafeOnes() {
        f.apply(CampaignFixture.campaign("summer", 1.0, 2, 1000, ONE_PRIZE, ""));
        f.scan(1, "a");
        f.scan(2, "b");
        assertEquals(0, f.scan(3, "c").rewardId, "budget spent");
        final Campaign grown = f.apply(CampaignFixture.campaign("summer", 1.0, 5, 1000, ONE_PRIZE, ""));
        assertEquals(2, grown.version());
        assertEquals(2, f.book().find("summer").spentCount(), "spent never resets");
        assertNotEquals(0, f.scan(4, "d").rewardId, "the grown budget pays again");

        final CampaignRejectedException below = assertThrows(CampaignRejectedException.class,
                () -> f.apply(CampaignFixture.campaign("summer", 0.5, 1, 10, "[{\"id\":\"red\",\"amount\":5,\"weight\":1}]",
                        ",\"seed\":\"another-seed-entirely-123\"")));
        final Set<String> paths = new HashSet<>();
        below.problems().forEach(p -> paths.add(p.path()));
        assertEquals(Set.of("budget.count", "budget.amount", "winProbability", "prizes[0]", "seed"), paths, below.problems().toString());
        assertEquals(2, f.book().find("summer").campaign().version(), "a refused update changes nothing");

        f.verifier.stopCampaign("summer");
        assertEquals(0, f.scan(9, "e").rewardId, "stopped");
        assertThrows(CampaignRejectedException.class, () -> f.apply(CampaignFixture.campaign("summer", 1.0, 5, 1000, ONE_PRIZE, "")));
        assertNotNull(f.book().find("summer"));
    }
}
