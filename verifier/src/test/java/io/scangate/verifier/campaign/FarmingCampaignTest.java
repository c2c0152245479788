package io.scangate.verifier.campaign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.scangate.verifier.verdict.Alert;
import io.scangate.verifier.verdict.CloneRules;
import io.scangate.verifier.verdict.FarmingRules;
import io.scangate.verifier.verdict.ScanEvent;
import io.scangate.verifier.verdict.Verdict;
import io.scangate.verifier.verdict.VerdictRules;

/** A farm flagged by the anti-farming rule draws nothing; honest scanners still win. */
class FarmingCampaignTest {
    private static final String ONE_PRIZE = "[{\"id\":\"red\",\"amount\":100,\"weight\":1}]";
    private final CampaignFixture f = new CampaignFixture(1000, VerdictRules.standard(CloneRules.DEFAULT, new FarmingRules(3, 2, 1024)));

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void shouldDrawNoRewardForAFlaggedDeviceWhileAnHonestOneWins() {
        f.apply(CampaignFixture.campaign("summer", 1.0, 100, 100_000, ONE_PRIZE, ""));
        for (int i = 0; i < 3; i++) {
            assertNotNull(f.scan(i, "farm-phone").reward, "under the threshold a device draws as anybody does");
        }
        final ScanEvent flagged = f.scan(3, "farm-phone");
        assertEquals(Verdict.GENUINE, flagged.verdict);
        assertTrue(Alert.DEVICE_VELOCITY.in(flagged.alerts));
        assertNull(flagged.reward, "past 3 distinct codes an hour: no draw");
        assertEquals(3, f.book().rewards().size());

        final ScanEvent honest = f.scan(3, "honest-phone");
        assertEquals(0, honest.alerts, "the code the farm scanned is still eligible");
        assertNotNull(honest.reward, "and the honest scanner wins it");
        assertEquals("honest-phone", honest.reward.device());

        final ScanEvent rescan = f.scan(0, "farm-phone");
        assertTrue(Alert.DEVICE_VELOCITY.in(rescan.alerts));
        assertNotNull(rescan.reward, "a reward the device won before is still shown to it");
        assertEquals(4, f.book().rewards().size());
    }

    @Test
    void shouldDrawNoRewardForAConsumerOnTooManyDevices() {
        f.apply(CampaignFixture.campaign("summer", 1.0, 100, 100_000, ONE_PRIZE, ""));
        ScanEvent last = null;
        for (int d = 0; d < 40; d++) {
            last = f.scan(10 + d, "phone-" + d, "consumer-x", "CN-31", 0);
            if (Alert.CONSUMER_DEVICES.in(last.alerts)) {
                break;
            }
            assertNotNull(last.reward);
        }
        assertTrue(Alert.CONSUMER_DEVICES.in(last.alerts), "one consumer id on many phones");
        assertNull(last.reward);
        assertFalse(Alert.DEVICE_VELOCITY.in(last.alerts));
        assertNotNull(f.scan(500, "phone-0", "consumer-y", "CN-31", 0).reward, "another consumer on the same phone still wins");
    }
}
