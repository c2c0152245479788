package io.scangate.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The consumers' admin API through a real server: the lifecycle event log read from an offset
 * (with the sweep's LAPSING and CHURNED and a WON_BACK), a consumer's profile, the figures, and
 * problem answers for bad parameters.
 */
class ConsumerAdminEndToEndTest {
    /** Lapsing after 2 s (room for three scans on a busy box first), churned after 3 s, judged every 100 ms. */
    static final Map<String, String> FAST_LIFECYCLE = Map.of("consumers.lapse.first", "2s", "consumers.lapse.min", "2s",
            "consumers.churn.after", "3s", "consumers.sweep.interval", "100ms");

    @TempDir
    Path dir;
    private TestServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    static JsonNode buy(final TestServer server, final String code, final String consumer) throws Exception {
        final HttpResponse<String> r = server.post("/v1/scans", "{\"code\":\"" + code + "\",\"device\":\"phone-1\",\"region\":\"CN-31\","
                + "\"consumer\":\"" + consumer + "\"}");
        assertEquals(200, r.statusCode(), r.body());
        return TestServer.JSON.readTree(r.body()).get("consumer");
    }

    static JsonNode get(final TestServer server, final String path) throws Exception {
        final HttpResponse<String> r = server.admin("GET", path, null);
        assertEquals(200, r.statusCode(), path + ": " + r.body());
        return TestServer.JSON.readTree(r.body());
    }

    static String encoded(final String id) {
        return URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
    }

    @Test
    void theProfileShowsPurchasesStageIntervalAndLastSkuAndAStrangerIs404() throws Exception {
        server = TestServer.start(dir.resolve("data"));
        final List<String> codes = OpsFixture.issue(server, dir, 5);
        final String id = "wx openid/7+é";
        final Instant before = Instant.now().minusSeconds(1);
        buy(server, codes.get(0), id);
        buy(server, codes.get(1), id);
        assertEquals("LOYAL", buy(server, codes.get(2), id).get("stage").asText());
        buy(server, codes.get(3), "someone");

        final JsonNode p = get(server, "/admin/consumers/" + encoded(id));
        assertEquals(id, p.get("consumer").asText());
        assertEquals(3, p.get("purchases").asInt());
        assertEquals("LOYAL", p.get("stage").asText());
        final Instant first = Instant.parse(p.get("firstPurchase").asText());
        assertTrue(!first.isBefore(before.truncatedTo(java.time.temporal.ChronoUnit.SECONDS)), p.toString());
        assertTrue(!Instant.parse(p.get("lastPurchase").asText()).isBefore(first), p.toString());
        assertTrue(p.get("meanIntervalDays").isNumber() && p.get("meanIntervalDays").asDouble() < 0.01, p.toString());
        assertEquals("COLA-330", p.get("lastSku").asText());
        assertEquals(get(server, "/admin/codes/" + codes.get(2)).get("batch").get("batchId").asLong(), p.get("lastBatch").asLong());
        final JsonNode one = get(server, "/admin/consumers/someone");
        assertTrue(one.get("meanIntervalDays").isNull(), "no interval with one purchase: " + one);
        assertEquals("NEW", one.get("stage").asText());

        final HttpResponse<String> stranger = server.admin("GET", "/admin/consumers/nobody", null);
        assertEquals(404, stranger.statusCode(), stranger.body());
        assertTrue(stranger.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
        final HttpResponse<String> tooLong = server.admin("GET", "/admin/consumers/" + "x".repeat(65), null);
        assertEquals(400, tooLong.statusCode(), tooLong.body());
        assertTrue(tooLong.body().contains("64"), tooLong.body());
        assertEquals(400, server.admin("GET", "/admin/consumers/a%07b", null).statusCode(), "a control character");
    }

    @Test
    void theFiguresCountConsumersByStageBuyersRepeatBuyersAndIntervals() throws Exception {
        server = TestServer.start(dir.resolve("data"), Map.of("consumers.capacity", "5000"));
        final List<String> codes = OpsFixture.issue(server, dir, 5);
        final JsonNode empty = get(server, "/admin/consumers");
        assertEquals(0, empty.get("buyers").asLong());
        assertEquals(0.0, empty.get("repurchaseRate").asDouble(), "no buyers, rate 0");
        buy(server, codes.get(0), "a");
        buy(server, codes.get(1), "a");
        buy(server, codes.get(2), "b");
        final JsonNode s = get(server, "/admin/consumers");
        assertEquals(1, s.get("byStage").get("NEW").asLong(), s.toString());
        assertEquals(1, s.get("byStage").get("REPEAT").asLong());
        assertEquals(0, s.get("byStage").get("CHURNED").asLong());
        assertEquals(2, s.get("buyers").asLong());
        assertEquals(1, s.get("repeatBuyers").asLong());
        assertEquals(0.5, s.get("repurchaseRate").asDouble());
        assertEquals(2, s.get("size").asLong());
        assertTrue(s.get("capacity").asLong() >= 5000, s.toString());
        assertEquals(1, s.get("intervalDays").get(0).get("count").asLong(), "one repurchase within a day: " + s);
        assertEquals(1, s.get("intervalDays").get(0).get("upToDays").asInt());
        assertTrue(s.get("intervalDays").get(s.get("intervalDays").size() - 1).get("upToDays").isNull(), "the last bucket is open");
    }

    @Test
    void theEventLogReadsFromAnOffsetWithLapsingChurnedAndWonBackFromTheSweep() throws Exception {
        server = TestServer.start(dir.resolve("data"), FAST_LIFECYCLE);
        final List<String> codes = OpsFixture.issue(server, dir, 5);
        buy(server, codes.get(0), "crm-1");
        buy(server, codes.get(1), "crm-1");
        buy(server, codes.get(2), "crm-1");
        final List<JsonNode> events = waitForEvents(server, 4, 15_000);
        assertEquals(List.of("REPEAT", "LOYAL", "LAPSING", "CHURNED"), types(events.subList(0, 4)));
        for (int i = 0; i < 4; i++) {
            final JsonNode e = events.get(i);
            assertEquals(i + 1, e.get("eventId").asLong(), e.toString());
            assertEquals("crm-1", e.get("consumer").asText());
            Instant.parse(e.get("at").asText());
            assertEquals(i == 0 ? 2 : 3, e.get("purchases").asInt(), e.toString());
        }
        assertEquals("CHURNED", events.get(3).get("stage").asText());
        assertEquals("CHURNED", get(server, "/admin/consumers/crm-1").get("stage").asText());

        final JsonNode page = get(server, "/admin/events?after=1&limit=2");
        assertEquals(List.of("LOYAL", "LAPSING"), types(page.get("events")));
        assertEquals(3, page.get("next").asLong());
        assertTrue(page.get("last").asLong() >= 4);
        final JsonNode nothing = get(server, "/admin/events?after=" + page.get("last").asLong());
        assertEquals(0, nothing.get("events").size());
        assertEquals(page.get("last").asLong(), nothing.get("next").asLong(), "next stays at after when empty");

        assertEquals("LOYAL", buy(server, codes.get(3), "crm-1").get("stage").asText());
        final JsonNode won = get(server, "/admin/events?after=4&wait=5s");
        assertEquals("WON_BACK", won.get("events").get(0).get("type").asText(), won.toString());
        assertEquals(4, won.get("events").get(0).get("purchases").asInt(), won.toString());
        final List<JsonNode> after = waitForEvents(server, 6, 5_000);
        assertEquals(List.of("WON_BACK", "LOYAL"), types(after.subList(4, 6)), "won back, then loyal again");
        for (final String bad : List.of("after=-1", "after=x", "limit=0", "limit=10001", "wait=61s", "wait=soon")) {
            final HttpResponse<String> r = server.admin("GET", "/admin/events?" + bad, null);
            assertEquals(400, r.statusCode(), bad + ": " + r.body());
            assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"), bad);
        }
    }

    /** The first {@code n} events of the log, waiting (long polls, bounded by {@code millis}) for them. */
    static List<JsonNode> waitForEvents(final TestServer server, final int n, final long millis) throws Exception {
        final List<JsonNode> out = new ArrayList<>();
        final long deadline = System.currentTimeMillis() + millis;
        while (out.size() < n && System.currentTimeMillis() < deadline) {
            final long after = out.isEmpty() ? 0 : out.get(out.size() - 1).get("eventId").asLong();
            get(server, "/admin/events?after=" + after + "&wait=1s").get("events").forEach(out::add);
        }
        assertTrue(out.size() >= n, "events within " + millis + " ms: " + out);
        return out;
    }

    static List<String> types(final Iterable<JsonNode> events) {
        final List<String> out = new ArrayList<>();
        events.forEach(e -> out.add(e.get("type").asText()));
        return out;
    }
}
