package io.scangate.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

/** Batches issued as cases (issue 14), through the CLI, the admin API and the scan port, across a restart. */
class CaseBatchEndToEndTest {
    @TempDir
    Path dir;

    private TestServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private TestServer.Cli issue(final Path out, final int count, final int unitsPerCase) {
        return TestServer.cli("codes", "issue", "--sku", "COLA-CASE", "--gtin", "06901234567892", "--region", "CN-31",
                "--count", Integer.toString(count), "--units-per-case", Integer.toString(unitsPerCase), "--out", out.toString(),
                "--admin-url", server.opsUrl(), "--token", TestServer.TOKEN);
    }

    @Test
    void shouldIssueACaseWithTheCliScanItsCodesAndKeepItAcrossARestart() throws Exception {
        server = TestServer.start(dir.resolve("data"));
        final Path out = dir.resolve("case.csv");
        final TestServer.Cli cli = issue(out, 100, 100);
        assertEquals(0, cli.exit(), cli.err());
        assertTrue(cli.err().contains("wrote 100 units in 1 case of up to 100 units"), cli.err());
        final JsonNode batch = TestServer.JSON.readTree(cli.out());
        assertEquals(100, batch.get("unitsPerCase").asInt());
        assertEquals(1, batch.get("cases").asInt());

        final List<String> lines = Files.readAllLines(out);
        assertEquals(100, lines.size());
        final String caseCode = lines.get(0).split(",")[0];
        assertTrue(lines.stream().allMatch(l -> l.matches(caseCode + ",[0-9A-Z]{20}")), lines.toString());
        assertEquals(100, lines.stream().map(l -> l.split(",")[1]).distinct().count());
        final String unit = lines.get(42).split(",")[1];
        assertFalse(lines.stream().anyMatch(l -> l.endsWith("," + caseCode)), "a case code is no unit");

        assertEquals("GENUINE", server.scan(caseCode, "phone-1", "CN-31").get("verdict").asText());
        assertEquals("GENUINE", server.scan(unit, "phone-1", "CN-31").get("verdict").asText());

        restart(false);
        final JsonNode again = TestServer.JSON.readTree(server.admin("GET", "/admin/batches/" + batch.get("batchId").asLong(), null).body());
        assertEquals(100, again.get("unitsPerCase").asInt());
        assertEquals(1, again.get("cases").asInt());
        final JsonNode rescanned = server.scan(caseCode, "phone-1", "CN-31");
        assertEquals("GENUINE", rescanned.get("verdict").asText());
        assertEquals(2, rescanned.get("scanCount").asInt(), rescanned.toString());
        assertEquals(lines, server.admin("GET", "/admin/batches/" + batch.get("batchId").asLong() + "/codes", null).body().lines().toList());

        restart(true);
        assertEquals(1, TestServer.JSON.readTree(server.admin("GET", "/admin/batches/" + batch.get("batchId").asLong(), null).body())
                .get("cases").asInt(), "rebuilt from the journal");
        assertEquals(3, server.scan(caseCode, "phone-1", "CN-31").get("scanCount").asInt());
        assertEquals("GENUINE", server.scan(lines.get(99).split(",")[1], "phone-2", "CN-31").get("verdict").asText());
    }

    /** Stops and starts the server on the same data; {@code fromJournal} first removes the ledger and batch files. */
    private void restart(final boolean fromJournal) throws Exception {
        server.close();
        if (fromJournal) {
            Files.delete(dir.resolve("data").resolve(io.scangate.verifier.journal.Recovery.LEDGER_FILE));
            Files.delete(dir.resolve("data").resolve(io.scangate.verifier.batch.BatchRegistry.FILE_NAME));
        }
        server = TestServer.start(dir.resolve("data"));
    }

    @Test
    void shouldStreamUnitsWithTheirCaseAndPlaceTheNextBatchAfterTheCases() throws Exception {
        server = TestServer.start(dir.resolve("data"));
        final HttpResponse<String> created = server.admin("POST", "/admin/batches",
                "{\"sku\":\"COLA\",\"gtin\":\"06901234567892\",\"region\":\"CN\",\"count\":250,\"unitsPerCase\":100}");
        assertEquals(201, created.statusCode(), created.body());
        final JsonNode batch = TestServer.JSON.readTree(created.body());
        assertEquals(3, batch.get("cases").asInt());
        final JsonNode plain = TestServer.JSON.readTree(server.admin("POST", "/admin/batches",
                "{\"sku\":\"COLA\",\"gtin\":\"06901234567892\",\"region\":\"CN\",\"count\":5}").body());
        assertEquals(batch.get("firstSerial").asLong() + 253, plain.get("firstSerial").asLong(), "after the 250 units and 3 cases");
        assertFalse(plain.has("unitsPerCase"), plain.toString());
        assertFalse(plain.has("cases"), plain.toString());

        final List<String> lines = server.admin("GET", "/admin/batches/" + batch.get("batchId").asLong() + "/codes", null).body().lines().toList();
        assertEquals(250, lines.size());
        final List<String> caseCodes = lines.stream().map(l -> l.split(",")[0]).distinct().toList();
        assertEquals(3, caseCodes.size());
        assertEquals(50, lines.stream().filter(l -> l.startsWith(caseCodes.get(2) + ",")).count(), "the last case is short");
        assertEquals(caseCodes.get(1), lines.get(100).split(",")[0]);
        assertEquals(caseCodes.get(0), lines.get(99).split(",")[0]);
        assertEquals("GENUINE", server.scan(caseCodes.get(2), "d", null).get("verdict").asText());

        final HttpResponse<String> bad = server.admin("POST", "/admin/batches",
                "{\"sku\":\"COLA\",\"gtin\":\"06901234567892\",\"region\":\"CN\",\"count\":5,\"unitsPerCase\":1001}");
        assertEquals(400, bad.statusCode());
        assertTrue(bad.body().contains("'unitsPerCase' must be between 1 and 1000"), bad.body());
    }
}
