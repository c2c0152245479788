package io.scangate.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

/** Anti-farming through the front doors: a phone past its distinct codes an hour is flagged and wins nothing; the admin view lists it. */
class FarmingEndToEndTest {
    private static final long HOUR = 3_600_000L;

    @TempDir
    Path dir;

    private TestServer server;

    @BeforeEach
    void start() throws Exception {
        // the counts live in clock hours: keep the test clear of a boundary
        final long intoHour = System.currentTimeMillis() % HOUR;
        if (intoHour > HOUR - 15_000) {
            Thread.sleep(HOUR - intoHour + 100);
        }
        server = TestServer.start(dir.resolve("data"), Map.of("farming.device.codes.per.hour", "3"));
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private String[] admin(final String... args) {
        final List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--admin-url", server.opsUrl(), "--token", TestServer.TOKEN));
        return all.toArray(new String[0]);
    }

    private HttpResponse<String> adminGet(final String path) throws Exception {
        return server.get(server.opsUrl() + path, "Authorization", "Bearer " + TestServer.TOKEN);
    }

    @Test
    void shouldFlagAPhoneScanningPastTheThresholdGiveItNoRewardAndListIt() throws Exception {
        final Path out = dir.resolve("codes.txt");
        assertEquals(0, TestServer.cli(admin("codes", "issue", "--sku", "COLA-330", "--gtin", "06901234567892", "--region", "CN",
                "--count", "10", "--out", out.toString())).exit());
        final List<String> codes = Files.readAllLines(out);
        final Instant now = Instant.now();
        final Path campaign = dir.resolve("campaign.json");
        Files.writeString(campaign, "{\"id\":\"farm\",\"start\":\"" + now.minus(1, ChronoUnit.HOURS) + "\",\"end\":\""
                + now.plus(1, ChronoUnit.DAYS) + "\",\"winProbability\":1,\"currency\":\"CNY\",\"budget\":{\"count\":100,\"amount\":10000},"
                + "\"prizes\":[{\"id\":\"red\",\"amount\":100,\"weight\":1}]}");
        assertEquals(0, TestServer.cli(admin("campaigns", "apply", campaign.toString())).exit());

        for (int i = 0; i < 3; i++) {
            final JsonNode ok = server.scan(codes.get(i), "farm-phone-1", "CN-31");
            assertFalse(ok.get("reward").isNull(), "under the threshold: " + ok);
            assertEquals(0, ok.get("alerts").size());
        }
        final JsonNode flagged = server.scan(codes.get(3), "farm-phone-1", "CN-31");
        assertEquals("GENUINE", flagged.get("verdict").asText());
        assertEquals("DEVICE_VELOCITY", flagged.get("alerts").get(0).asText(), flagged.toString());
        assertTrue(flagged.get("reward").isNull(), "a farm draws nothing");

        final JsonNode honest = server.scan(codes.get(3), "honest-phone", "CN-31");
        assertEquals(0, honest.get("alerts").size());
        assertFalse(honest.get("reward").isNull(), "the code is still there for an honest scanner: " + honest);

        final HttpResponse<String> top = adminGet("/admin/farming/top?limit=5");
        assertEquals(200, top.statusCode(), top.body());
        final JsonNode view = TestServer.JSON.readTree(top.body());
        assertEquals(3, view.get("deviceCodesPerHour").asInt());
        final JsonNode first = view.get("devices").get(0);
        assertTrue(first.get("device").asText().matches("[0-9a-f]{16}"), first.toString());
        assertEquals(4, first.get("codes").asInt());
        assertTrue(first.get("over").asBoolean());
        assertEquals(view.get("windowStart").asText(), first.get("windowStart").asText());
        assertEquals(2, view.get("devices").size(), "the farm and the honest phone");
        assertEquals(1, view.get("devices").get(1).get("codes").asInt());

        assertEquals(400, adminGet("/admin/farming/top?limit=101").statusCode(), "at most 100");
        assertEquals(401, server.get(server.opsUrl() + "/admin/farming/top").statusCode());

        final String metrics = server.scrape();
        assertTrue(metrics.contains("scangate_scan_alerts_total{alert=\"DEVICE_VELOCITY\",region=\"CN\"} 1.0"), metrics);
        assertTrue(metrics.contains("scangate_farming_over_threshold{kind=\"device\"} 1.0"), metrics);
        assertTrue(metrics.contains("scangate_farming_over_threshold{kind=\"consumer\"} 0.0"), metrics);
    }
}
