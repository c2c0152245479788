package io.scangate.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

/** {@code scangate batches list|show|activate|void|export} (issue 20), through the CLI against a real server. */
class BatchesCommandEndToEndTest {
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
        all[args.length] = "--admin-url";
        all[args.length + 1] = server.opsUrl();
        all[args.length + 2] = "--token";
        all[args.length + 3] = TestServer.TOKEN;
        return TestServer.cli(all);
    }

    /** Issues {@code count} codes into {@code out}; returns the batch id. */
    private long issue(final Path out, final int count, final String... extra) throws Exception {
        final List<String> args = new java.util.ArrayList<>(List.of("codes", "issue", "--sku", "COLA-330", "--gtin", "06901234567892",
                "--region", "CN-31", "--count", Integer.toString(count), "--out", out.toString()));
        args.addAll(List.of(extra));
        final TestServer.Cli issued = cli(args.toArray(new String[0]));
        assertEquals(0, issued.exit(), issued.err());
        return TestServer.JSON.readTree(issued.out()).get("batchId").asLong();
    }

    @Test
    void listPrintsEveryBatchAsAJsonLineAndShowPrintsOne() throws Exception {
        final long first = issue(dir.resolve("a.txt"), 10);
        final long second = issue(dir.resolve("b.txt"), 20, "--inactive");

        final TestServer.Cli list = cli("batches", "list");
        assertEquals(0, list.exit(), list.err());
        final List<JsonNode> lines = list.out().lines().map(l -> {
            try {
                return TestServer.JSON.readTree(l);
            } catch (final Exception e) {
                throw new AssertionError(l, e);
            }
        }).toList();
        assertEquals(List.of(first, second), lines.stream().map(b -> b.get("batchId").asLong()).toList());
        assertEquals("INACTIVE", lines.get(1).get("state").asText());

        final TestServer.Cli show = cli("batches", "show", Long.toString(second));
        assertEquals(0, show.exit(), show.err());
        assertEquals(20, TestServer.JSON.readTree(show.out()).get("count").asLong());
    }

    @Test
    void showOfNoSuchBatchNamesIt() {
        final TestServer.Cli show = cli("batches", "show", "99");

        assertEquals(1, show.exit());
        assertTrue(show.err().startsWith("scangate: admin API answered HTTP 404"), show.err());
        assertTrue(show.err().contains("no batch 99"), show.err());
    }

    @Test
    void activateMakesAnInactiveBatchsCodesScanGenuine() throws Exception {
        final Path codes = dir.resolve("codes.txt");
        final long id = issue(codes, 5, "--inactive");
        final String code = Files.readAllLines(codes).get(0);
        assertEquals("NOT_ACTIVE", server.scan(code, "phone-1", "CN-31").get("verdict").asText());

        final TestServer.Cli activated = cli("batches", "activate", Long.toString(id));

        assertEquals(0, activated.exit(), activated.err());
        assertEquals("ACTIVE", TestServer.JSON.readTree(activated.out()).get("state").asText());
        assertEquals("GENUINE", server.scan(code, "phone-1", "CN-31").get("verdict").asText());
    }

    @Test
    void voidWithoutYesAndNoTerminalIsRefusedAndChangesNothing() throws Exception {
        final Path codes = dir.resolve("codes.txt");
        final long id = issue(codes, 5);

        final TestServer.Cli refused = cli("batches", "void", Long.toString(id));

        assertEquals(2, refused.exit());
        assertTrue(refused.err().contains("voiding batch " + id + " is final: pass --yes to confirm"), refused.err());
        assertEquals("GENUINE", server.scan(Files.readAllLines(codes).get(0), "phone-1", "CN-31").get("verdict").asText());
    }

    @Test
    void voidWithYesVoidsEveryCodeJournaledAcrossARestartAndCannotBeUndone() throws Exception {
        final Path codes = dir.resolve("codes.txt");
        final long id = issue(codes, 5);

        final TestServer.Cli voided = cli("batches", "void", Long.toString(id), "--yes");

        assertEquals(0, voided.exit(), voided.err());
        assertEquals("VOIDED", TestServer.JSON.readTree(voided.out()).get("state").asText());
        server.close();
        server = TestServer.start(dir.resolve("data"));
        assertEquals("VOIDED", server.scan(Files.readAllLines(codes).get(3), "phone-1", "CN-31").get("verdict").asText(),
                "the void came back from the journal");
        final TestServer.Cli again = cli("batches", "activate", Long.toString(id));
        assertEquals(1, again.exit());
        assertTrue(again.err().contains("HTTP 409") && again.err().contains("voiding is final"), again.err());
    }

    @Test
    void exportWritesTheSameCodesAsIssueToAFileOrStdoutWithPrintFiles() throws Exception {
        final Path issued = dir.resolve("issued.txt");
        final long id = issue(issued, 300, "--units-per-case", "100");
        final Path exported = dir.resolve("exported.txt");
        final Path urls = dir.resolve("urls.csv");

        final TestServer.Cli toFile = cli("batches", "export", Long.toString(id), "--out", exported.toString(),
                "--base-url", "https://s.example.com", "--url-form", "digital-link", "--urls", urls.toString());
        final TestServer.Cli toStdout = cli("batches", "export", Long.toString(id));

        assertEquals(0, toFile.exit(), toFile.err());
        assertEquals(Files.readAllLines(issued), Files.readAllLines(exported));
        assertTrue(toFile.err().contains("wrote 300 codes of batch " + id), toFile.err());
        final List<String> rows = Files.readAllLines(urls);
        assertEquals("case,case_url,code,url", rows.get(0));
        final String[] first = Files.readAllLines(issued).get(0).split(",");
        assertEquals(first[0] + ",https://s.example.com/01/06901234567892/21/" + first[0] + "," + first[1]
                + ",https://s.example.com/01/06901234567892/21/" + first[1], rows.get(1));
        assertEquals(0, toStdout.exit(), toStdout.err());
        assertEquals(Files.readAllLines(issued), toStdout.out().lines().toList(), "stdout carries the codes alone");
    }

    @Test
    void aBatchIdThatIsNoNumberIsBadUsage() {
        final TestServer.Cli bad = cli("batches", "void", "seven", "--yes");

        assertEquals(2, bad.exit());
        assertTrue(bad.err().contains("seven"), bad.err());
    }
}
