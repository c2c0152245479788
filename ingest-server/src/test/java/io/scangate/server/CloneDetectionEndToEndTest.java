package io.scangate.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.scangate.client.ScanResult;
import io.scangate.client.UdpScanClient;
import io.scangate.verifier.verdict.Alert;

/** The SUSPECT verdict through the front doors: HTTP JSON and HTML, UDP, configuration. */
class CloneDetectionEndToEndTest {
    private static final Path DEFAULT_FILE = ServerProcess.ROOT.resolve("config/scangate.properties");

    @TempDir
    Path dir;

    @Test
    void shouldAnswerSuspectOverHttpOnceMoreThanTenDevicesScannedACodeByDefault() throws Exception {
        try (TestServer server = TestServer.start(dir.resolve("data"))) {
            final List<String> codes = OpsFixture.issue(server, dir, 2);
            final List<String> devices = OpsFixture.devicesInDistinctSketchBuckets(11);
            for (int d = 0; d < 10; d++) {
                final JsonNode r = server.scan(codes.get(0), devices.get(d), "CN-31");
                assertEquals("GENUINE", r.get("verdict").asText(), "device " + (d + 1) + " of 10");
                assertEquals(d == 0, r.get("firstScan").asBoolean());
            }
            for (int i = 0; i < 5; i++) {
                assertEquals("GENUINE", server.scan(codes.get(0), devices.get(i), "CN-31").get("verdict").asText(), "devices seen before");
            }
            final JsonNode clone = server.scan(codes.get(0), devices.get(10), "CN-31");
            assertEquals("SUSPECT", clone.get("verdict").asText(), clone.toString());
            assertFalse(clone.get("firstScan").asBoolean());
            assertEquals(16, clone.get("scanCount").asInt(), "a SUSPECT scan is counted");
            assertEquals("CN-31", clone.get("firstScanRegion").asText());
            assertTrue(clone.hasNonNull("firstScanAt"));
            assertEquals("[\"CLONE_SUSPECTED\",\"MANY_DEVICES\"]", clone.get("alerts").toString());

            final var page = server.get(server.scanUrl() + "/c/" + codes.get(0) + "?device=" + devices.get(0));
            assertEquals(200, page.statusCode());
            assertTrue(page.body().contains("<h1>Suspected clone</h1>"), page.body());
            final JsonNode again = server.scan(codes.get(0), devices.get(0), null);
            assertEquals("SUSPECT", again.get("verdict").asText(), "a clone stays a clone, even for its first device");
            assertEquals(18, again.get("scanCount").asInt(), "the page counted too");
            assertEquals("GENUINE", server.scan(codes.get(1), devices.get(10), "JP").get("verdict").asText(),
                    "travel rule off by default; the other code is untouched");

            final TestServer.Cli show = TestServer.cli("codes", "show", codes.get(0), "--admin-url", server.opsUrl(), "--token", TestServer.TOKEN);
            assertEquals(0, show.exit(), show.err());
            final JsonNode state = TestServer.JSON.readTree(show.out());
            assertEquals(16, state.get("suspect").get("sinceScan").asInt(), show.out());
            assertEquals("[\"MANY_DEVICES\"]", state.get("suspect").get("reasons").toString());
            assertEquals(11, state.get("devicesSeen").asInt(), "11 devices in distinct sketch buckets");
            assertTrue(TestServer.JSON.readTree(TestServer.cli("codes", "show", codes.get(1), "--admin-url", server.opsUrl(),
                    "--token", TestServer.TOKEN).out()).get("suspect").isNull());

            final TestServer.Cli clear = TestServer.cli("codes", "clear-suspect", codes.get(0), "--admin-url", server.opsUrl(),
                    "--token", TestServer.TOKEN);
            assertEquals(0, clear.exit(), clear.err());
            assertTrue(TestServer.JSON.readTree(clear.out()).get("changed").asBoolean(), clear.out());
            final JsonNode cleared = server.scan(codes.get(0), devices.get(10), "CN-31");
            assertEquals("GENUINE", cleared.get("verdict").asText(), "a false alarm withdrawn");
            assertEquals(19, cleared.get("scanCount").asInt());
            assertEquals("[]", cleared.get("alerts").toString());
            final TestServer.Cli clearAgain = TestServer.cli("codes", "clear-suspect", codes.get(0), "--admin-url", server.opsUrl(),
                    "--token", TestServer.TOKEN);
            assertEquals(0, clearAgain.exit(), clearAgain.err());
            assertFalse(TestServer.JSON.readTree(clearAgain.out()).get("changed").asBoolean(), clearAgain.out());
            final var noToken = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(server.opsUrl() + "/admin/codes/" + codes.get(0) + "/clear-suspect"))
                    .POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            assertEquals(401, noToken.statusCode());
        }
    }

    @Test
    void shouldAnswerSuspectForAScanFromAnotherCountryWithinTheConfiguredWindowOverHttpAndUdp() throws Exception {
        try (TestServer server = TestServer.start(dir.resolve("data"), Map.of("clone.travel.window.minutes", "60", "udp.port", "0"))) {
            final List<String> codes = OpsFixture.issue(server, dir, 3);
            assertEquals("GENUINE", server.scan(codes.get(0), "phone-a", "CN-31").get("verdict").asText());
            assertEquals("GENUINE", server.scan(codes.get(0), "phone-a", "CN-44").get("verdict").asText(), "same country");
            final JsonNode abroad = server.scan(codes.get(0), "phone-b", "US-CA");
            assertEquals("SUSPECT", abroad.get("verdict").asText(), abroad.toString());
            assertTrue(abroad.get("alerts").toString().contains("\"CLONE_SUSPECTED\""), abroad.toString());
            assertTrue(abroad.get("alerts").toString().contains("\"IMPOSSIBLE_TRAVEL\""), abroad.toString());

            assertEquals("GENUINE", server.scan(codes.get(1), "phone-a", "JP").get("verdict").asText());
            try (UdpScanClient udp = UdpScanClient.builder(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.server.udpPort()))
                    .device("gw-1").region("CN-31").timeout(Duration.ofMillis(500)).retries(10).build()) {
                final ScanResult r = udp.scan(codes.get(1));
                assertEquals("SUSPECT", r.verdict());
                assertEquals(2, r.scanCount());
                assertTrue(Alert.CLONE_SUSPECTED.in(r.alerts()) && Alert.IMPOSSIBLE_TRAVEL.in(r.alerts()), Integer.toBinaryString(r.alerts()));
                assertEquals("GENUINE", udp.scan(codes.get(2)).verdict());
            }
        }
    }

    private static JsonNode scanAt(final TestServer server, final String code, final String device, final double lat, final double lon)
            throws Exception {
        final var r = server.post("/v1/scans", "{\"code\":\"" + code + "\",\"device\":\"" + device + "\",\"lat\":" + lat
                + ",\"lon\":" + lon + "}");
        assertEquals(200, r.statusCode(), r.body());
        return TestServer.JSON.readTree(r.body());
    }

    @Test
    void shouldAnswerSuspectForAScanTooFarFromThePreviousOneByDefault() throws Exception {
        try (TestServer server = TestServer.start(dir.resolve("data"))) {
            final List<String> codes = OpsFixture.issue(server, dir, 2);
            assertEquals("GENUINE", scanAt(server, codes.get(0), "phone-a", 31.2304, 121.4737).get("verdict").asText());
            final JsonNode beijing = scanAt(server, codes.get(0), "phone-b", 39.9042, 116.4074);
            assertEquals("SUSPECT", beijing.get("verdict").asText(), "Shanghai then Beijing within seconds: " + beijing);
            assertEquals("[\"CLONE_SUSPECTED\",\"IMPOSSIBLE_TRAVEL\"]", beijing.get("alerts").toString());
            assertEquals("GENUINE", scanAt(server, codes.get(1), "phone-a", 31.2304, 121.4737).get("verdict").asText());
            assertEquals("GENUINE", scanAt(server, codes.get(1), "phone-b", 31.2989, 120.5853).get("verdict").asText(),
                    "Suzhou is 85 km away: not travel");
        }
        try (TestServer server = TestServer.start(dir.resolve("off"), Map.of("clone.max.speed.kmh", "0"))) {
            final String code = OpsFixture.issue(server, dir, 1).get(0);
            scanAt(server, code, "phone-a", 31.2304, 121.4737);
            assertEquals("GENUINE", scanAt(server, code, "phone-b", 39.9042, 116.4074).get("verdict").asText(), "rule off");
        }
    }

    @Test
    void shouldAnswerGenuineWhateverTheHistoryWhenCloneRulesAreOff() throws Exception {
        try (TestServer server = TestServer.start(dir.resolve("data"), Map.of("clone.max.devices", "0", "clone.max.speed.kmh", "0"))) {
            final String code = OpsFixture.issue(server, dir, 1).get(0);
            for (int d = 0; d < 30; d++) {
                assertEquals("GENUINE", server.scan(code, "phone-" + d, d % 2 == 0 ? "CN" : "US").get("verdict").asText());
                assertEquals("GENUINE", scanAt(server, code, "phone-" + d, d % 2 == 0 ? 31.2 : 40.7, d % 2 == 0 ? 121.5 : -74.0)
                        .get("verdict").asText());
            }
        }
    }

    @Test
    void shouldRefuseCloneSettingsOutOfRangeNamingTheKey() {
        final IllegalArgumentException devices = assertThrows(IllegalArgumentException.class,
                () -> ServerConfig.load(DEFAULT_FILE, Map.of(), Map.of("clone.max.devices", "49")));
        assertTrue(devices.getMessage().contains("'clone.max.devices' must be between 0 and 48, was 49"), devices.getMessage());
        final IllegalArgumentException travel = assertThrows(IllegalArgumentException.class,
                () -> ServerConfig.load(DEFAULT_FILE, Map.of(), Map.of("clone.travel.window.minutes", "-5")));
        assertTrue(travel.getMessage().contains("clone.travel.window.minutes"), travel.getMessage());
        final IllegalArgumentException speed = assertThrows(IllegalArgumentException.class,
                () -> ServerConfig.load(DEFAULT_FILE, Map.of(), Map.of("clone.max.speed.kmh", "50")));
        assertTrue(speed.getMessage().contains("'clone.max.speed.kmh' must be 0 (off) or between 100 and 20000, was 50"), speed.getMessage());
        final ServerConfig shipped = ServerConfig.load(DEFAULT_FILE, Map.of(), Map.of());
        assertEquals(10, shipped.cloneRules.maxDevices());
        assertEquals(0, shipped.cloneRules.travelWindowMillis());
        assertEquals(1000, shipped.cloneRules.maxSpeedKmh());
    }
}
