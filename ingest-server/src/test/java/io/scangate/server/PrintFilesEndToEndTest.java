package io.scangate.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Print files (issue 20): {@code codes issue} writes each code's URL as CSV and its symbol as an
 * image, and every image decodes back, with ZXing's decoders, to what the CSV says; the URLs
 * scan on the server that issued them.
 */
class PrintFilesEndToEndTest {
    private static final String GTIN = "06901234567892";
    private static final int COUNT = 10_000;

    @TempDir
    static Path shared;

    private static TestServer server;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(shared.resolve("data"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private TestServer.Cli issue(final int count, final String... extra) {
        final List<String> args = new ArrayList<>(List.of("codes", "issue", "--sku", "COLA-330", "--gtin", GTIN, "--region", "CN-31",
                "--count", Integer.toString(count), "--out", dir.resolve("codes.txt").toString(),
                "--admin-url", server.opsUrl(), "--token", TestServer.TOKEN));
        args.addAll(List.of(extra));
        return TestServer.cli(args.toArray(new String[0]));
    }

    private List<String[]> csvRows(final Path csv, final String header) throws Exception {
        final List<String> lines = Files.readAllLines(csv);
        assertEquals(header, lines.get(0));
        return lines.subList(1, lines.size()).stream().map(l -> l.split(",", -1)).toList();
    }

    private String verdictOf(final String url) throws Exception {
        final var r = server.get(url, "Accept", "application/json");
        assertEquals(200, r.statusCode(), url + ": " + r.body());
        return TestServer.JSON.readTree(r.body()).get("verdict").asText();
    }

    @Test
    void tenThousandCodesWrittenAsUrlsAndQrImagesEachDecodeBackToItsUrl() throws Exception {
        final Path csv = dir.resolve("urls.csv");
        final Path images = dir.resolve("qr");

        final TestServer.Cli cli = issue(COUNT, "--base-url", server.scanUrl() + "/", "--urls", csv.toString(), "--images", images.toString(),
                "--module-px", "2");

        assertEquals(0, cli.exit(), cli.err());
        final List<String> codes = Files.readAllLines(dir.resolve("codes.txt"));
        final List<String[]> rows = csvRows(csv, "code,url");
        assertEquals(COUNT, rows.size());
        try (Stream<Path> files = Files.list(images)) {
            assertEquals(COUNT, files.count(), "one image per code");
        }
        for (int i = 0; i < COUNT; i++) {
            final String code = codes.get(i);
            assertEquals(code, rows.get(i)[0], "CSV row " + i);
            assertEquals(server.scanUrl() + "/c/" + code, rows.get(i)[1]);
            assertEquals(rows.get(i)[1], Symbols.qrFromPng(images.resolve(code + ".png")).text(), "image of " + code);
        }
        assertEquals("GENUINE", verdictOf(rows.get(0)[1]), "the printed URL scans on the server");
        assertEquals("GENUINE", verdictOf(rows.get(COUNT - 1)[1]));
    }

    @Test
    void tenThousandGs1DataMatrixImagesCarryGtinAndSerialBehindFnc1() throws Exception {
        final Path csv = dir.resolve("urls.csv");
        final Path images = dir.resolve("dm");

        final TestServer.Cli cli = issue(COUNT, "--base-url", server.scanUrl(), "--url-form", "digital-link", "--urls", csv.toString(),
                "--images", images.toString(), "--symbol", "gs1-datamatrix", "--image-format", "svg");

        assertEquals(0, cli.exit(), cli.err());
        final List<String[]> rows = csvRows(csv, "code,url");
        assertEquals(COUNT, rows.size());
        for (final String[] row : rows) {
            final String code = row[0];
            final Symbols.Decoded read = Symbols.dataMatrixFromSvg(Files.readAllBytes(images.resolve(code + ".svg")), 2);
            assertEquals("]d2", read.symbologyId(), "GS1 DataMatrix: FNC1 in first position");
            // ZXing hands the leading FNC1 on as a GS; the symbology identifier is what marks GS1 data
            final String elements = read.text().substring(1);
            assertEquals("\u001d01" + GTIN + "21" + code, read.text());
            // the element string (01)GTIN(21)SERIAL is the Digital Link URL's path, AI by AI
            assertEquals(server.scanUrl() + "/01/" + elements.substring(2, 16) + "/21/" + elements.substring(18), row[1]);
        }
        assertEquals("GENUINE", verdictOf(rows.get(7)[1]), "the Digital Link URL scans on the server");
    }

    @Test
    void svgQrImagesScaleAndDecodeToTheirUrl() throws Exception {
        final Path images = dir.resolve("svg");

        final TestServer.Cli cli = issue(20, "--base-url", "https://s.example.com", "--images", images.toString(), "--image-format", "svg");

        assertEquals(0, cli.exit(), cli.err());
        for (final String code : Files.readAllLines(dir.resolve("codes.txt"))) {
            assertEquals("https://s.example.com/c/" + code, Symbols.qrFromSvg(Files.readAllBytes(images.resolve(code + ".svg")), 3).text());
        }
    }

    @Test
    void caseBatchUrlsNameTheCaseAndCaseCodesGetImagesToo() throws Exception {
        final Path csv = dir.resolve("urls.csv");
        final Path images = dir.resolve("case");

        final TestServer.Cli cli = issue(10, "--units-per-case", "5", "--base-url", "https://s.example.com", "--urls", csv.toString(),
                "--images", images.toString());

        assertEquals(0, cli.exit(), cli.err());
        final List<String[]> rows = csvRows(csv, "case,case_url,code,url");
        assertEquals(10, rows.size());
        assertEquals(2, rows.stream().map(r -> r[0]).distinct().count());
        assertEquals("https://s.example.com/c/" + rows.get(9)[0], rows.get(9)[1]);
        assertEquals("https://s.example.com/c/" + rows.get(9)[2], rows.get(9)[3]);
        try (Stream<Path> files = Files.list(images)) {
            assertEquals(12, files.count(), "ten units and two cases");
        }
        final String caseCode = rows.get(0)[0];
        assertEquals("https://s.example.com/c/" + caseCode, Symbols.qrFromPng(Files.readAllBytes(images.resolve(caseCode + ".png"))).text());
    }

    @Test
    void urlsWithoutABaseUrlAreRefusedBeforeABatchIsCreated() throws Exception {
        final int before = batches();

        final TestServer.Cli cli = issue(5, "--urls", dir.resolve("urls.csv").toString());

        assertEquals(2, cli.exit());
        assertTrue(cli.err().contains("--urls needs the public base URL: pass --base-url"), "names the missing option: " + cli.err());
        assertFalse(Files.exists(dir.resolve("codes.txt")));
        assertEquals(before, batches(), "no batch was created");
    }

    @Test
    void aNonEmptyImageDirectoryIsRefusedNamingIt() throws Exception {
        final Path images = Files.createDirectories(dir.resolve("full"));
        Files.writeString(images.resolve("old.png"), "x");

        final TestServer.Cli cli = issue(5, "--base-url", "https://s.example.com", "--images", images.toString());

        assertEquals(2, cli.exit());
        assertTrue(cli.err().contains("--images: " + images + " is not empty"), cli.err());
    }

    @Test
    void aBaseUrlThatIsNoHttpUrlIsRefused() {
        final TestServer.Cli cli = issue(5, "--base-url", "s.example.com/x", "--urls", dir.resolve("u.csv").toString());

        assertEquals(2, cli.exit());
        assertTrue(cli.err().contains("--base-url must be an http:// or https:// URL"), cli.err());
    }

    @Test
    void progressFlagShowsTheFinalCountOnStderrAndNothingWithoutIt() throws Exception {
        final TestServer.Cli with = issue(3000, "--progress");
        assertEquals(0, with.exit(), with.err());
        assertTrue(with.err().contains("issue: 3000 of 3000 codes (100%)"), with.err());

        final TestServer.Cli without = issue(3000);
        assertEquals(0, without.exit(), without.err());
        assertFalse(without.err().contains(" of 3000 codes"), "stderr is no terminal here: " + without.err());
    }

    private static int batches() throws Exception {
        return TestServer.JSON.readTree(server.admin("GET", "/admin/batches", null).body()).get("batches").size();
    }
}
