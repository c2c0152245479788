package io.scangate.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

/** {@code scangate codes show CODE}: the code's recent history from the journal (issue 20), through the CLI against a real server. */
class CodeHistoryEndToEndTest {
    @TempDir
    Path dir;

    private TestServer server;
    private List<String> codes;

    @BeforeEach
    void start() throws Exception {
        server = TestServer.start(dir.resolve("data"));
        codes = OpsFixture.issue(server, dir, 3);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private JsonNode show(final String code, final String... extra) throws Exception {
        final List<String> args = new ArrayList<>(List.of("codes", "show", code, "--admin-url", server.opsUrl(), "--token", TestServer.TOKEN));
        args.addAll(List.of(extra));
        final TestServer.Cli cli = TestServer.cli(args.toArray(new String[0]));
        assertEquals(0, cli.exit(), cli.err());
        return TestServer.JSON.readTree(cli.out());
    }

    private void receive(final String code) throws Exception {
        final var created = server.admin("POST", "/admin/actors", "{\"id\":\"dist-sh\",\"role\":\"DISTRIBUTOR\",\"region\":\"CN-31\"}");
        assertEquals(201, created.statusCode(), created.body());
        final String key = TestServer.JSON.readTree(created.body()).get("key").asText();
        final HttpResponse<String> r = server.client.send(HttpRequest.newBuilder(URI.create(server.scanUrl() + "/v1/channel/scans"))
                .timeout(Duration.ofSeconds(20)).header("Content-Type", "application/json").header("Authorization", "Bearer " + key)
                .POST(HttpRequest.BodyPublishers.ofString("{\"code\":\"" + code + "\",\"action\":\"RECEIVE\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
    }

    @Test
    void showListsTheCodesScansAndChannelActionsNewestFirst() throws Exception {
        final String code = codes.get(0);
        receive(code);
        server.scan(code, "phone-1", "CN-31");
        server.scan(codes.get(1), "phone-9", "CN-31"); // another code's scan is not this one's history
        server.scan(code, "phone-2", "CN-11");
        server.scan(code, "phone-1", "CN-44");

        final JsonNode history = show(code).get("history");

        final JsonNode e = history.get("entries");
        assertEquals(4, e.size(), e.toString());
        assertEquals(List.of("scan", "scan", "scan", "channel"), List.of(e.get(0).get("event").asText(), e.get(1).get("event").asText(),
                e.get(2).get("event").asText(), e.get(3).get("event").asText()));
        assertEquals(List.of(3, 2, 1), List.of(e.get(0).get("scan").asInt(), e.get(1).get("scan").asInt(), e.get(2).get("scan").asInt()));
        assertEquals(List.of("CN-44", "CN-11", "CN-31"), List.of(e.get(0).get("region").asText(), e.get(1).get("region").asText(),
                e.get(2).get("region").asText()));
        assertEquals(e.get(0).get("device").asText(), e.get(2).get("device").asText(), "phone-1 twice: one device hash");
        assertNotEquals(e.get(0).get("device").asText(), e.get(1).get("device").asText());
        assertTrue(e.get(0).get("device").asText().matches("[0-9a-f]{16}"), e.toString());
        assertEquals("GENUINE", e.get(0).get("verdict").asText());
        Instant.parse(e.get(0).get("at").asText());
        assertEquals("RECEIVE", e.get(3).get("action").asText());
        assertEquals("dist-sh", e.get(3).get("actor").asText());
        assertTrue(history.get("wholeJournal").asBoolean(), history.toString());
    }

    @Test
    void aUnitsHistoryShowsWhatTheChannelDidToItsCase() throws Exception {
        final String[] line = OpsFixture.issue(server, dir, 4, "--units-per-case", "4").get(1).split(",");
        receive(line[0]);

        final JsonNode e = show(line[1]).get("history").get("entries");

        assertEquals(1, e.size(), e.toString());
        assertEquals("RECEIVE", e.get(0).get("action").asText());
        assertTrue(e.get(0).get("viaCase").asBoolean(), e.toString());
    }

    @Test
    void historyIsBoundedByTheAskedCountAndReadAgainAfterARestart() throws Exception {
        final String code = codes.get(2);
        for (int i = 0; i < 25; i++) {
            server.scan(code, "phone-" + i, "CN-31");
        }
        server.admin("POST", "/admin/codes/" + code + "/void", null);
        assertEquals(20, show(code).get("history").get("entries").size(), "20 by default");
        server.close();
        server = TestServer.start(dir.resolve("data"));

        final JsonNode e = show(code, "--history", "3").get("history").get("entries");

        assertEquals(3, e.size());
        assertEquals("void", e.get(0).get("event").asText());
        assertEquals(25, e.get(1).get("scan").asInt());
        assertEquals(24, e.get(2).get("scan").asInt());
    }

    @Test
    void historyOutOfRangeIsBadUsage() {
        final TestServer.Cli cli = TestServer.cli("codes", "show", codes.get(0), "--history", "101", "--admin-url", server.opsUrl(),
                "--token", TestServer.TOKEN);

        assertEquals(2, cli.exit());
        assertTrue(cli.err().contains("--history must be 0 to 100, was 101"), cli.err());
    }
}
