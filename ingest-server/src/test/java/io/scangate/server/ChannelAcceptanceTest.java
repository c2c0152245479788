package io.scangate.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Issue 14's first acceptance line, end to end over HTTP with the CLI: a case of 100 is received by
 * a distributor, shipped to a store, opened there, and one unit installed against an order.
 */
class ChannelAcceptanceTest {
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

    private TestServer.Cli cli(final String... args) {
        final String[] all = java.util.Arrays.copyOf(args, args.length + 4);
        System.arraycopy(new String[] {"--admin-url", server.opsUrl(), "--token", TestServer.TOKEN}, 0, all, args.length, 4);
        final TestServer.Cli c = TestServer.cli(all);
        assertEquals(0, c.exit(), () -> String.join(" ", args) + ": " + c.err());
        return c;
    }

    private String addActor(final String id, final String role, final String region, final String parent) {
        final TestServer.Cli c = parent == null ? cli("actors", "add", "--id", id, "--role", role, "--region", region)
                : cli("actors", "add", "--id", id, "--role", role, "--region", region, "--parent", parent);
        final List<String> lines = c.out().lines().toList();
        return lines.get(lines.size() - 1).trim();
    }

    private HttpResponse<String> role(final String key, final String code, final String action, final String extra) throws Exception {
        return server.client.send(HttpRequest.newBuilder(URI.create(server.scanUrl() + "/v1/channel/scans"))
                .timeout(Duration.ofSeconds(20)).header("Authorization", "Bearer " + key)
                .POST(HttpRequest.BodyPublishers.ofString("{\"code\":\"" + code + "\",\"action\":\"" + action + "\"" + extra + "}")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode ok(final HttpResponse<String> r) throws Exception {
        assertEquals(200, r.statusCode(), r.body());
        return TestServer.JSON.readTree(r.body());
    }

    @Test
    void shouldFollowACaseOfAHundredToAnInstallRewardedOnceAndFlagDiversionNamingTheStore() throws Exception {
        final Path out = dir.resolve("case.csv");
        cli("codes", "issue", "--sku", "TYRE-205-55R16", "--gtin", "06901234567892", "--region", "CN", "--count", "100",
                "--units-per-case", "100", "--out", out.toString());
        final List<String[]> rows = Files.readAllLines(out).stream().map(l -> l.split(",")).toList();
        assertEquals(100, rows.size());
        final String caseCode = rows.get(0)[0];
        final String unit = rows.get(42)[1];
        final String otherUnit = rows.get(43)[1];
        final Path campaign = dir.resolve("install-fee.json");
        Files.writeString(campaign, "{\"id\":\"install-fee\",\"start\":\"" + Instant.now().minusSeconds(60) + "\",\"end\":\""
                + Instant.now().plusSeconds(86_400) + "\",\"winProbability\":1.0,\"currency\":\"CNY\",\"budget\":{\"count\":100,"
                + "\"amount\":100000},\"prizes\":[{\"id\":\"fee\",\"amount\":1000,\"weight\":1}],"
                + "\"channel\":{\"role\":\"INSTALLER\",\"action\":\"INSTALL\"}}");
        cli("campaigns", "apply", campaign.toString());
        final String dist = addActor("dist-east", "DISTRIBUTOR", "CN-31", null);
        final String store = addActor("store-hz-01", "STORE", "CN-33", "dist-east");
        final String mech = addActor("mech-hz-7", "INSTALLER", "CN-33", "store-hz-01");

        assertEquals("dist-east", ok(role(dist, caseCode, "RECEIVE", "")).get("channel").get("holder").asText());
        assertEquals("store-hz-01", ok(role(dist, caseCode, "SHIP", ",\"to\":\"store-hz-01\"")).get("channel").get("holder").asText());
        ok(role(store, caseCode, "OPEN_BOX", ""));
        final JsonNode installed = ok(role(mech, unit, "INSTALL", ",\"order\":\"TMALL-88001\""));
        assertEquals("store-hz-01", installed.get("channel").get("holder").asText(), "the unit follows its case");
        assertEquals("dist-east", installed.get("channel").get("distributor").asText());
        assertEquals(1000, installed.get("reward").get("amount").asLong());

        final JsonNode inside = server.scan(unit, "phone-hz", "CN-33");
        assertFalse(inside.get("alerts").toString().contains("DIVERTED"), inside.toString());
        assertEquals("store-hz-01", inside.get("channel").get("installStore").asText());
        final JsonNode outside = server.scan(otherUnit, "phone-gd", "CN-44");
        assertTrue(outside.get("alerts").toString().contains("DIVERTED"), outside.toString());
        assertEquals("store-hz-01", outside.get("diversion").get("actor").asText(), "DIVERTED names the store holding the case");

        assertEquals(409, role(mech, unit, "INSTALL", ",\"order\":\"TMALL-99\"").statusCode(), "a second install of the unit");
        assertEquals(409, role(mech, otherUnit, "INSTALL", ",\"order\":\"TMALL-88001\"").statusCode(), "a second install of the order");
        assertEquals(400, role(mech, caseCode, "INSTALL", ",\"order\":\"TMALL-1\"").statusCode(), "a case is not installed");
        final JsonNode log = TestServer.JSON.readTree(server.client.send(HttpRequest.newBuilder(URI.create(server.opsUrl()
                + "/admin/rewards?after=0&limit=100")).header("Authorization", "Bearer " + TestServer.TOKEN).build(),
                HttpResponse.BodyHandlers.ofString()).body()).get("rewards");
        assertEquals(1, log.size(), log.toString());
        assertEquals("mech-hz-7", log.get(0).get("actor").asText());
        assertEquals(unit, log.get(0).get("code").asText());
    }

    @Test
    void shouldPackUnitsIntoACaseWithTheCliMoveThemWithItAndUnpackIt() throws Exception {
        final Path issued = dir.resolve("units.csv");
        cli("codes", "issue", "--sku", "OIL-4L", "--gtin", "06901234567892", "--region", "CN", "--count", "4", "--out", issued.toString());
        final Path cartons = dir.resolve("cartons.csv");
        cli("codes", "issue", "--sku", "CARTON", "--gtin", "06901234567892", "--region", "CN", "--count", "1", "--out", cartons.toString());
        final List<String> units = Files.readAllLines(issued);
        final String carton = Files.readAllLines(cartons).get(0);
        final JsonNode packed = TestServer.JSON.readTree(cli("codes", "case", carton, "--pack-file", issued.toString()).out());
        assertEquals(4, packed.get("count").asInt(), packed.toString());
        final String dist = addActor("dist-n", "DISTRIBUTOR", "CN-11", null);
        addActor("store-n", "STORE", "CN-11", "dist-n");
        ok(role(dist, carton, "SHIP", ",\"to\":\"store-n\""));
        assertEquals("store-n", server.scan(units.get(2), "p1", "CN-11").get("channel").get("holder").asText(), "units follow the carton");
        final TestServer.Cli nested = TestServer.cli("codes", "case", units.get(0), "--pack", units.get(1), "--admin-url", server.opsUrl(),
                "--token", TestServer.TOKEN);
        assertEquals(1, nested.exit(), "a unit in a case is no case: " + nested.err());
        assertTrue(nested.err().contains("nest"), nested.err());
        final JsonNode out = TestServer.JSON.readTree(cli("codes", "case", carton, "--unpack").out());
        assertEquals(0, out.get("count").asInt());
        assertEquals(4, out.get("unpacked").size());
        assertEquals("store-n", server.scan(units.get(3), "p2", "CN-11").get("channel").get("holder").asText(), "kept after unpacking");
    }
}
