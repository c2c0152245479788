package io.scangate.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

/** Role scans through the real scan port: keys, roles, positions, installs, diversion, and bad input changing nothing. */
class ChannelEndToEndTest {
    @TempDir
    Path dir;

    private TestServer server;

    @BeforeEach
    void start() throws Exception {
        server = TestServer.start(dir.resolve("data"));
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private String actor(final String id, final String role, final String region, final String parent) throws Exception {
        final HttpResponse<String> r = server.admin("POST", "/admin/actors", "{\"id\":\"" + id + "\",\"role\":\"" + role + "\",\"region\":\""
                + region + "\"" + (parent == null ? "" : ",\"parent\":\"" + parent + "\"") + "}");
        assertEquals(201, r.statusCode(), r.body());
        return TestServer.JSON.readTree(r.body()).get("key").asText();
    }

    private HttpResponse<String> role(final String key, final String body) throws Exception {
        final HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.scanUrl() + "/v1/channel/scans"))
                .timeout(Duration.ofSeconds(20)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        return server.client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode ok(final HttpResponse<String> r) throws Exception {
        assertEquals(200, r.statusCode(), r.body());
        return TestServer.JSON.readTree(r.body());
    }

    @Test
    void shouldPlaceAUnitThroughTheChannelAndNameItsHolderWhenAConsumerScansItOutsideTheTerritory() throws Exception {
        final List<String> codes = OpsFixture.issue(server, dir, 3);
        final String d = actor("dist-sh", "DISTRIBUTOR", "CN-31", null);
        actor("store-hz", "STORE", "CN-33", "dist-sh");
        final String mech = actor("mech-1", "INSTALLER", "CN-33", "store-hz");
        final String unit = codes.get(0);

        final JsonNode received = ok(role(d, "{\"code\":\"" + unit + "\",\"action\":\"RECEIVE\"}"));
        assertEquals("GENUINE", received.get("verdict").asText());
        assertEquals("dist-sh", received.get("channel").get("holder").asText());
        final JsonNode shipped = ok(role(d, "{\"code\":\"" + unit + "\",\"action\":\"SHIP\",\"to\":\"store-hz\",\"requestId\":\"s-1\"}"));
        assertEquals("store-hz", shipped.get("channel").get("holder").asText());
        assertEquals("dist-sh", shipped.get("channel").get("distributor").asText());
        final JsonNode installed = ok(role(mech, "{\"code\":\"" + unit + "\",\"action\":\"INSTALL\",\"order\":\"JD-1001\"}"));
        assertEquals("store-hz", installed.get("channel").get("installStore").asText());
        assertEquals("JD-1001", installed.get("channel").get("order").asText());

        final JsonNode inside = server.scan(unit, "phone-1", "CN-33");
        assertFalse(inside.get("alerts").toString().contains("DIVERTED"), inside.toString());
        assertEquals("mech-1", inside.get("channel").get("installedBy").asText(), "the consumer sees who installed it");
        assertFalse(inside.get("channel").has("order"), "the order id is the channel's, not the consumer's");
        final JsonNode outside = server.scan(unit, "phone-2", "CN-44");
        assertTrue(outside.get("alerts").toString().contains("DIVERTED"), outside.toString());
        assertEquals("store-hz", outside.get("diversion").get("actor").asText());
        assertEquals("CN-33", outside.get("diversion").get("territory").asText());

        final HttpResponse<String> again = role(mech, "{\"code\":\"" + unit + "\",\"action\":\"INSTALL\",\"order\":\"JD-2002\"}");
        assertEquals(409, again.statusCode(), again.body());
        assertTrue(again.body().contains("ALREADY_INSTALLED") && again.body().contains("store-hz"), again.body());
        final HttpResponse<String> sameOrder = role(mech, "{\"code\":\"" + codes.get(1) + "\",\"action\":\"INSTALL\",\"order\":\"JD-1001\"}");
        assertEquals(409, sameOrder.statusCode(), sameOrder.body());
        final JsonNode retry = ok(role(d, "{\"code\":\"" + unit + "\",\"action\":\"SHIP\",\"to\":\"store-hz\",\"requestId\":\"s-1\"}"));
        assertEquals("store-hz", retry.get("channel").get("holder").asText(), "a retry by request id is answered as applied");
    }

    @Test
    void shouldRefuseBadKeysRolesCodesAndBodiesWithTheirStatusAndChangeNothing() throws Exception {
        final List<String> codes = OpsFixture.issue(server, dir, 2);
        final String guide = actor("guide-1", "GUIDE", "CN-31", null);
        final String store = actor("store-1", "STORE", "CN-31", null);
        final String unit = codes.get(0);
        final String body = "{\"code\":\"" + unit + "\",\"action\":\"RECEIVE\"}";

        assertEquals(401, role(null, body).statusCode());
        assertEquals(401, role("sgk_" + "A".repeat(32), body).statusCode(), "well-formed but nobody's");
        assertEquals(401, role("not-a-key", body).statusCode());
        assertEquals(403, role(guide, body).statusCode(), "a guide may not receive goods");
        assertEquals(400, role(store, "{\"code\":\"" + unit + "\",\"action\":\"STEAL\"}").statusCode());
        assertEquals(400, role(store, "{\"code\":\"" + unit + "\",\"action\":\"RECEIVE\",\"extra\":1}").statusCode());
        assertEquals(400, role(store, "{\"code\":").statusCode());
        assertEquals(400, role(store, "{\"code\":\"" + unit + "\",\"action\":\"SHIP\"}").statusCode(), "a SHIP needs 'to'");
        assertEquals(400, role(store, "{\"code\":\"" + unit + "\",\"action\":\"SHIP\",\"to\":\"nobody\"}").statusCode());
        assertEquals(400, role(store, "{\"code\":\"" + unit + "\",\"action\":\"INSTALL\"}").statusCode(), "an INSTALL needs 'order'");
        assertEquals(400, role(store, "{\"code\":\"SHORT\",\"action\":\"RECEIVE\"}").statusCode());
        final String forged = unit.substring(0, 19) + (unit.charAt(19) == '0' ? '1' : '0');
        final HttpResponse<String> f = role(store, "{\"code\":\"" + forged + "\",\"action\":\"RECEIVE\"}");
        assertEquals(422, f.statusCode(), f.body());
        assertEquals("FORGED", TestServer.JSON.readTree(f.body()).get("verdict").asText());
        assertEquals(401, role(null, "{\"code\":\"" + forged + "\",\"action\":\"RECEIVE\"}").statusCode(), "the key first");

        final JsonNode consumer = server.scan(unit, "phone-1", "CN-44");
        assertFalse(consumer.has("channel"), "nothing refused placed the unit: " + consumer);
        assertEquals(200, server.admin("POST", "/admin/actors/store-1/disable", null).statusCode());
        assertEquals(401, role(store, body).statusCode(), "a disabled actor's key stops at once");
    }

    @Test
    void shouldGrantExactlyTheBudgetWhen32InstallersRaceOnABEndCampaign() throws Exception {
        final int installers = 32;
        final int budget = 10;
        final List<String> codes = OpsFixture.issue(server, dir, installers * 2);
        final java.time.Instant now = java.time.Instant.now();
        final HttpResponse<String> applied = server.admin("POST", "/admin/campaigns", "{\"id\":\"install-fee\",\"start\":\"" + now.minusSeconds(60)
                + "\",\"end\":\"" + now.plusSeconds(86_400) + "\",\"winProbability\":1.0,\"currency\":\"CNY\",\"budget\":{\"count\":" + budget
                + ",\"amount\":100000},\"prizes\":[{\"id\":\"fee\",\"amount\":800,\"weight\":1}],"
                + "\"channel\":{\"role\":\"INSTALLER\",\"action\":\"INSTALL\"}}");
        assertTrue(applied.statusCode() / 100 == 2, applied.body());
        final List<String> keys = new java.util.ArrayList<>();
        for (int i = 0; i < installers; i++) {
            keys.add(actor("mech-" + i, "INSTALLER", "CN-31", null));
        }
        final java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(installers);
        final List<java.util.concurrent.Future<Integer>> won = new java.util.ArrayList<>();
        final java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        try {
            for (int i = 0; i < installers; i++) {
                final int n = i;
                won.add(pool.submit(() -> {
                    go.await();
                    int rewards = 0;
                    for (int k = 0; k < 2; k++) {
                        final String body = "{\"code\":\"" + codes.get(2 * n + k) + "\",\"action\":\"INSTALL\",\"order\":\"O-" + n + "-" + k
                                + "\",\"requestId\":\"r-" + n + "-" + k + "\"}";
                        HttpResponse<String> r = role(keys.get(n), body);
                        for (int tries = 0; r.statusCode() == 503 && tries < 50; tries++) {
                            Thread.sleep(100); // overloaded: retry the same request id, as a client told Retry-After does
                            r = role(keys.get(n), body);
                        }
                        final JsonNode a = ok(r);
                        rewards += a.get("reward").isNull() ? 0 : 1;
                    }
                    return rewards;
                }));
            }
            go.countDown();
            int total = 0;
            for (final java.util.concurrent.Future<Integer> f : won) {
                total += f.get(60, java.util.concurrent.TimeUnit.SECONDS);
            }
            assertEquals(budget, total, "answers with a reward");
        } finally {
            pool.shutdownNow();
        }
        final HttpResponse<String> log = server.admin("GET", "/admin/rewards?after=0&limit=1000", null);
        final JsonNode rewards = TestServer.JSON.readTree(log.body()).get("rewards");
        assertEquals(budget, rewards.size(), log.body());
        for (final JsonNode w : rewards) {
            assertTrue(w.get("actor").asText().startsWith("mech-"), w.toString());
            assertEquals(800, w.get("amount").asLong());
        }
    }
}
