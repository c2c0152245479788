package io.scangate.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

/** The admin API and the CLI commands over it, against a real server. */
class AdminApiEndToEndTest {
    @TempDir
    Path dir;

    private TestServer server;

    @BeforeEach
    void start() throws Exception {
        server = TestServer.start(dir.resolve("data"));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static JsonNode json(final HttpResponse<String> r) throws Exception {
        return TestServer.JSON.readTree(r.body());
    }

    @Test
    void shouldCreateListGetAndStreamBatches() throws Exception {
        final HttpResponse<String> created = server.admin("POST", "/admin/batches",
                "{\"sku\":\"TYRE-17\",\"gtin\":\"4006381333931\",\"region\":\"de-by\",\"count\":2500}");
        assertEquals(201, created.statusCode(), created.body());
        final JsonNode batch = json(created);
        assertEquals("04006381333931", batch.get("gtin").asText(), "GTIN-13 padded to 14 digits");
        assertEquals("DE-BY", batch.get("plannedRegion").asText());
        assertEquals("ACTIVE", batch.get("state").asText());
        final long id = batch.get("batchId").asLong();
        final JsonNode second = json(server.admin("POST", "/admin/batches", "{\"sku\":\"TYRE-18\",\"gtin\":\"4006381333931\",\"region\":\"DE\",\"count\":10}"));
        assertEquals(batch.get("firstSerial").asLong() + 2500, second.get("firstSerial").asLong(), "ranges never overlap");

        final JsonNode list = json(server.admin("GET", "/admin/batches", null));
        assertEquals(2, list.get("batches").size());
        assertEquals("TYRE-17", json(server.admin("GET", "/admin/batches/" + id, null)).get("sku").asText());
        assertEquals(404, server.admin("GET", "/admin/batches/999", null).statusCode());
        assertEquals(400, server.admin("GET", "/admin/batches/abc", null).statusCode());

        final HttpResponse<String> codes = server.admin("GET", "/admin/batches/" + id + "/codes", null);
        assertEquals(200, codes.statusCode());
        final List<String> lines = codes.body().lines().toList();
        assertEquals(2500, lines.size());
        assertEquals(2500, lines.stream().distinct().count());
        assertEquals("GENUINE", server.scan(lines.get(2499), "d", null).get("verdict").asText());
    }

    @Test
    void shouldRefuseInvalidBatchesNamingEveryField() throws Exception {
        final HttpResponse<String> bad = server.admin("POST", "/admin/batches", "{\"sku\":\"\",\"gtin\":\"12\",\"region\":\"china\",\"count\":0}");
        assertEquals(400, bad.statusCode());
        final String detail = json(bad).get("detail").asText();
        for (final String field : List.of("sku", "gtin", "region", "count")) {
            assertTrue(detail.contains("'" + field + "'"), detail);
        }
        assertEquals(400, server.admin("POST", "/admin/batches", "{not json").statusCode());
        assertEquals(0, json(server.admin("GET", "/admin/batches", null)).get("batches").size(), "nothing created");
    }

    @Test
    void shouldActivateAndVoidBatchesThroughTheRing() throws Exception {
        final JsonNode batch = json(server.admin("POST", "/admin/batches", "{\"sku\":\"S\",\"gtin\":\"12345670\",\"region\":\"CN\",\"count\":3,\"state\":\"INACTIVE\"}"));
        final long id = batch.get("batchId").asLong();
        final String code = server.admin("GET", "/admin/batches/" + id + "/codes", null).body().lines().findFirst().orElseThrow();
        assertEquals("NOT_ACTIVE", server.scan(code, "d", null).get("verdict").asText());
        assertEquals("ACTIVE", json(server.admin("POST", "/admin/batches/" + id + "/state", "{\"state\":\"ACTIVE\"}")).get("state").asText());
        assertEquals("GENUINE", server.scan(code, "d", null).get("verdict").asText());
        final TestServer.Cli voided = TestServer.cli("codes", "void", "--batch", Long.toString(id), "--admin-url", server.opsUrl(), "--token", TestServer.TOKEN);
        assertEquals(0, voided.exit(), voided.err());
        assertEquals("VOIDED", TestServer.JSON.readTree(voided.out()).get("state").asText());
        assertEquals("VOIDED", server.scan(code, "d", null).get("verdict").asText());
        assertEquals(409, server.admin("POST", "/admin/batches/" + id + "/state", "{\"state\":\"ACTIVE\"}").statusCode(), "voiding is final");
    }

    @Test
    void shouldShowACodesStateAndHistory() throws Exception {
        final Path out = dir.resolve("codes.txt");
        final TestServer.Cli issued = TestServer.cli("codes", "issue", "--sku", "S", "--gtin", "12345670", "--region", "CN",
                "--count", "2", "--out", out.toString(), "--admin-url", server.opsUrl(), "--token", TestServer.TOKEN);
        assertEquals(0, issued.exit(), issued.err());
        final String code = Files.readAllLines(out).get(0);
        server.scan(code, "a", "CN-11");
        server.scan(code, "b", "CN-31");
        final TestServer.Cli shown = TestServer.cli("codes", "show", code.toLowerCase(), "--admin-url", server.opsUrl(), "--token", TestServer.TOKEN);
        assertEquals(0, shown.exit(), shown.err());
        final JsonNode state = TestServer.JSON.readTree(shown.out());
        assertEquals(code, state.get("code").asText());
        assertEquals(2, state.get("scanCount").asInt());
        assertEquals("CN-11", state.get("firstScanRegion").asText());
        assertEquals("CN-31", state.get("lastScanRegion").asText());
        assertEquals(false, state.get("voided").asBoolean());

        final String forged = code.substring(0, 19) + (code.charAt(19) == '0' ? '1' : '0');
        final TestServer.Cli refused = TestServer.cli("codes", "show", forged, "--admin-url", server.opsUrl(), "--token", TestServer.TOKEN);
        assertEquals(1, refused.exit());
        assertTrue(refused.err().contains("400"), refused.err());
    }

    @Test
    void shouldReportCliFailuresWithExitCodes() throws Exception {
        final TestServer.Cli noToken = TestServer.cli("codes", "show", "0400000000000000000A", "--admin-url", server.opsUrl(),
                "--token", "wrong-token", "--data-dir", dir.resolve("none").toString());
        assertEquals(1, noToken.exit());
        assertTrue(noToken.err().contains("401"), noToken.err());
        final int deadPort = ServerProcess.freePort();
        final TestServer.Cli unreachable = TestServer.cli("codes", "show", "0400000000000000000A", "--admin-url", "http://127.0.0.1:" + deadPort,
                "--token", "t");
        assertEquals(3, unreachable.exit());
        assertTrue(unreachable.err().contains("cannot reach"), unreachable.err());
        final TestServer.Cli badCount = TestServer.cli("codes", "issue", "--sku", "S", "--gtin", "12345670", "--region", "CN",
                "--count", "0", "--out", dir.resolve("x").toString(), "--admin-url", server.opsUrl(), "--token", TestServer.TOKEN);
        assertEquals(2, badCount.exit());
        assertTrue(badCount.err().contains("--count"), badCount.err());
    }

    @Test
    void shouldPrintHelpForEveryCommand() {
        for (final String[] args : List.of(new String[] {"--help"}, new String[] {"serve", "--help"}, new String[] {"codes", "--help"},
                new String[] {"codes", "issue", "--help"}, new String[] {"codes", "void", "--help"}, new String[] {"codes", "show", "--help"})) {
            final TestServer.Cli cli = TestServer.cli(args);
            assertEquals(0, cli.exit(), String.join(" ", args));
            assertTrue(cli.out().contains("Usage:"), cli.out());
        }
        assertEquals(2, TestServer.cli("no-such-command").exit());
    }
}
