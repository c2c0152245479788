package io.scangate.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
 * The channel's figures through the real ports: actor and role stats, the diversion log read
 * from an offset, a code's channel history, the CLI over them, and the channel metrics.
 */
class ChannelFiguresEndToEndTest {
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

    private JsonNode get(final String path) throws Exception {
        final HttpResponse<String> r = server.admin("GET", path, null);
        assertEquals(200, r.statusCode(), path + ": " + r.body());
        return TestServer.JSON.readTree(r.body());
    }

    private String actor(final String id, final String role, final String region, final String parent) throws Exception {
        final HttpResponse<String> r = server.admin("POST", "/admin/actors", "{\"id\":\"" + id + "\",\"role\":\"" + role + "\",\"region\":\""
                + region + "\"" + (parent == null ? "" : ",\"parent\":\"" + parent + "\"") + "}");
        assertEquals(201, r.statusCode(), r.body());
        return TestServer.JSON.readTree(r.body()).get("key").asText();
    }

    private int role(final String key, final String code, final String action, final String extra) throws Exception {
        return server.client.send(HttpRequest.newBuilder(URI.create(server.scanUrl() + "/v1/channel/scans"))
                .timeout(Duration.ofSeconds(20)).header("Authorization", "Bearer " + key)
                .POST(HttpRequest.BodyPublishers.ofString("{\"code\":\"" + code + "\",\"action\":\"" + action + "\"" + extra + "}")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    private TestServer.Cli cli(final String... args) {
        final String[] all = java.util.Arrays.copyOf(args, args.length + 4);
        System.arraycopy(new String[] {"--admin-url", server.opsUrl(), "--token", TestServer.TOKEN}, 0, all, args.length, 4);
        return TestServer.cli(all);
    }

    /** The value of the sample {@code name} whose labels include every {@code k="v"} of {@code labels}; NaN if none. */
    static double sample(final String scrape, final String name, final String... labels) {
        for (final String line : scrape.split("\n")) {
            if (!line.startsWith(name + "{")) {
                continue;
            }
            final String set = line.substring(name.length(), line.lastIndexOf('}') + 1);
            boolean all = true;
            for (final String l : labels) {
                all &= set.contains(l);
            }
            if (all) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return Double.NaN;
    }

    private void installFeeCampaign() throws Exception {
        final HttpResponse<String> applied = server.admin("POST", "/admin/campaigns", "{\"id\":\"install-fee\",\"start\":\""
                + Instant.now().minusSeconds(60) + "\",\"end\":\"" + Instant.now().plusSeconds(86_400) + "\",\"winProbability\":1.0,"
                + "\"currency\":\"CNY\",\"budget\":{\"count\":10,\"amount\":100000},\"prizes\":[{\"id\":\"fee\",\"amount\":800,\"weight\":1}],"
                + "\"channel\":{\"role\":\"INSTALLER\",\"action\":\"INSTALL\"}}");
        assertEquals(200, applied.statusCode(), applied.body());
    }

    @Test
    void shouldCountReceiveShipInstallAndADiversionInStatsLogCodeHistoryCliAndMetrics() throws Exception {
        final String before = server.scrape();
        assertEquals(0.0, sample(before, "scangate_channel_role_scans_total", "role=\"unknown\"", "action=\"RECEIVE\"", "outcome=\"refused\""));
        assertEquals(0.0, sample(before, "scangate_channel_actors", "role=\"GUIDE\""), "registered at start");
        assertEquals(0.0, sample(before, "scangate_scan_alerts_total", "alert=\"DIVERTED\""), "DIVERTED registered at start");
        installFeeCampaign();
        final String unit = OpsFixture.issue(server, dir, 2).get(0);
        final String d = actor("dist-sh", "DISTRIBUTOR", "CN-31", null);
        actor("store-hz", "STORE", "CN-33", "dist-sh");
        final String mech = actor("mech-1", "INSTALLER", "CN-33", "store-hz");
        assertEquals(200, role(d, unit, "RECEIVE", ""));
        assertEquals(200, role(d, unit, "SHIP", ",\"to\":\"store-hz\""));
        assertEquals(200, role(mech, unit, "INSTALL", ",\"order\":\"JD-1\""));
        assertEquals(403, role(d, unit, "INSTALL", ",\"order\":\"JD-2\""), "a distributor may not install");
        assertEquals(401, role("sgk_" + "A".repeat(32), unit, "RECEIVE", ""), "nobody's key");
        assertTrue(server.scan(unit, "phone-gd", "CN-44").get("alerts").toString().contains("DIVERTED"));

        final JsonNode dist = get("/admin/actors/dist-sh/stats");
        assertEquals("DISTRIBUTOR", dist.get("role").asText());
        assertEquals(1, dist.get("received").asLong());
        assertEquals(1, dist.get("shipped").asLong());
        assertEquals(1, get("/admin/actors/store-hz/stats").get("diverted").asLong(), "the holder's territory was left");
        final JsonNode installer = get("/admin/actors/mech-1/stats");
        assertEquals(1, installer.get("installed").asLong());
        assertEquals(1, installer.get("rewarded").asLong());
        assertEquals(800, installer.get("rewardedAmount").asLong());
        assertEquals(404, server.admin("GET", "/admin/actors/nobody/stats", null).statusCode());
        final JsonNode all = get("/admin/channel/stats");
        assertEquals(3, all.get("actors").size());
        assertEquals(1, all.get("byRole").get("STORE").get("actors").asLong());
        assertEquals(1, all.get("byRole").get("STORE").get("diverted").asLong());
        assertEquals(800, all.get("byRole").get("INSTALLER").get("rewardedAmount").asLong());
        assertEquals(0, all.get("byRole").get("GUIDE").get("actors").asLong());

        final JsonNode first = get("/admin/diversions?after=0");
        assertEquals(1, first.get("diversions").size(), first.toString());
        assertEquals(1, first.get("last").asLong());
        final JsonNode entry = first.get("diversions").get(0);
        assertEquals(List.of(unit, "store-hz", "STORE", "CN-33", "CN-44"), List.of(entry.get("code").asText(), entry.get("actor").asText(),
                entry.get("role").asText(), entry.get("territory").asText(), entry.get("scannedRegion").asText()));
        assertTrue(Instant.parse(entry.get("scannedAt").asText()).isAfter(Instant.parse(entry.get("placedAt").asText()).minusSeconds(1)));
        assertEquals(0, get("/admin/diversions?after=1").get("diversions").size());
        assertEquals(400, server.admin("GET", "/admin/diversions?limit=0", null).statusCode());
        assertEquals(400, server.admin("GET", "/admin/diversions?after=x", null).statusCode());

        final JsonNode history = get("/admin/codes/" + unit);
        final JsonNode channel = history.get("channel");
        assertEquals("store-hz", channel.get("holder").asText());
        assertEquals("dist-sh", channel.get("distributor").asText());
        assertEquals("mech-1", channel.get("installedBy").asText());
        assertEquals("store-hz", channel.get("installStore").asText());
        assertEquals("JD-1", channel.get("order").asText());
        assertEquals("INSTALL", channel.get("last").asText());
        Instant.parse(channel.get("at").asText());
        assertEquals(1, history.get("diversions").size());
        assertEquals(1, history.get("diversions").get(0).get("diversionId").asLong());

        checkCli(unit);
        final String after = server.scrape();
        assertEquals(1.0, sample(after, "scangate_channel_role_scans_total", "role=\"DISTRIBUTOR\"", "action=\"RECEIVE\"", "outcome=\"applied\""));
        assertEquals(1.0, sample(after, "scangate_channel_role_scans_total", "role=\"DISTRIBUTOR\"", "action=\"SHIP\"", "outcome=\"applied\""));
        assertEquals(1.0, sample(after, "scangate_channel_role_scans_total", "role=\"INSTALLER\"", "action=\"INSTALL\"", "outcome=\"applied\""));
        assertEquals(1.0, sample(after, "scangate_channel_role_scans_total", "role=\"DISTRIBUTOR\"", "action=\"INSTALL\"", "outcome=\"refused\""));
        assertEquals(1.0, sample(after, "scangate_channel_role_scans_total", "role=\"unknown\"", "action=\"RECEIVE\"", "outcome=\"refused\""));
        assertEquals(1.0, sample(after, "scangate_channel_actors", "role=\"STORE\""));
        assertEquals(1.0, sample(after, "scangate_channel_actors", "role=\"INSTALLER\""));
        assertEquals(1.0, sample(after, "scangate_scan_alerts_total", "alert=\"DIVERTED\"", "region=\"CN\""));
    }

    private void checkCli(final String unit) throws Exception {
        final TestServer.Cli one = cli("actors", "stats", "mech-1", "--json");
        assertEquals(0, one.exit(), one.err());
        assertEquals(1, TestServer.JSON.readTree(one.out()).get("installed").asLong());
        final TestServer.Cli table = cli("actors", "stats");
        assertEquals(0, table.exit(), table.err());
        assertTrue(table.out().startsWith("ACTOR"), table.out());
        assertTrue(table.out().lines().anyMatch(l -> l.startsWith("store-hz ") && l.contains("STORE")), table.out());
        assertTrue(table.out().lines().anyMatch(l -> l.startsWith("ROLE ")), table.out());
        final TestServer.Cli missing = cli("actors", "stats", "nobody");
        assertEquals(1, missing.exit(), missing.out());
        final TestServer.Cli tail = cli("diversions", "tail", "--from", "1");
        assertEquals(0, tail.exit(), tail.err());
        assertEquals(1, tail.out().lines().count(), tail.out());
        assertEquals(unit, TestServer.JSON.readTree(tail.out()).get("code").asText());
        assertEquals("", cli("diversions", "tail", "--from", "2").out());
        assertEquals(2, cli("diversions", "tail", "--from", "0").exit(), "bad usage");
    }

    @Test
    void shouldShowAUnitWhereItsCaseStandsAndItsCasesDiversionInTheCodeHistory() throws Exception {
        final List<String> rows = OpsFixture.issue(server, dir, 4, "--units-per-case", "2");
        final String caseCode = rows.get(0).split(",")[0];
        final String unit = rows.get(1).split(",")[1];
        final String d = actor("dist-sh", "DISTRIBUTOR", "CN-31", null);
        assertEquals(200, role(d, caseCode, "RECEIVE", ""));
        assertTrue(server.scan(unit, "phone-gd", "CN-44").get("alerts").toString().contains("DIVERTED"));

        final JsonNode history = get("/admin/codes/" + unit);
        assertEquals("dist-sh", history.get("channel").get("holder").asText(), "the unit follows its case");
        assertEquals("RECEIVE", history.get("channel").get("last").asText());
        assertEquals(caseCode, history.get("diversions").get(0).get("case").asText());
        assertEquals(1, get("/admin/codes/" + caseCode).get("diversions").size(), "the case's history names its unit's diversion");
        assertEquals(2, get("/admin/actors/dist-sh/stats").get("received").asLong(), "a case of two counts its two units");
        assertTrue(get("/admin/codes/" + rows.get(3).split(",")[1]).get("channel").isNull(), "a unit of a case nobody scanned");
    }
}
