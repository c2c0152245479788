package io.scangate.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code scangate rewards export --csv} (issue 20): the reward log as CSV for finance, through the CLI against a real server. */
class RewardsExportEndToEndTest {
    private static final String HEADER = "reward_id,at,campaign,prize,code,amount,currency,amount_minor,consumer,actor,device,region";

    @TempDir
    Path dir;

    private TestServer server;
    private List<String> codes;

    @BeforeEach
    void start() throws Exception {
        server = TestServer.start(dir.resolve("data"));
        final Instant now = Instant.now();
        final Path campaign = dir.resolve("campaign.json");
        Files.writeString(campaign, "{\"id\":\"summer\",\"name\":\"Summer\",\"start\":\"" + now.minus(1, ChronoUnit.HOURS) + "\",\"end\":\""
                + now.plus(1, ChronoUnit.DAYS) + "\",\"winProbability\":1,\"currency\":\"CNY\",\"budget\":{\"count\":10,\"amount\":88000},"
                + "\"prizes\":[{\"id\":\"red\",\"amount\":8800,\"weight\":1}]}");
        assertEquals(0, cli("campaigns", "apply", campaign.toString()).exit());
        final Path out = dir.resolve("codes.txt");
        assertEquals(0, cli("codes", "issue", "--sku", "COLA-330", "--gtin", "06901234567892", "--region", "CN", "--count", "5",
                "--out", out.toString()).exit());
        codes = Files.readAllLines(out);
        scan(codes.get(0), "wx-1");
        scan(codes.get(1), "=HYPERLINK(\"http://x\")");
        scan(codes.get(2), "Zhang, \"San\"");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private TestServer.Cli cli(final String... args) {
        final List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--admin-url", server.opsUrl(), "--token", TestServer.TOKEN));
        return TestServer.cli(all.toArray(new String[0]));
    }

    private void scan(final String code, final String consumer) throws Exception {
        final var r = server.post("/v1/scans", "{\"code\":\"" + code + "\",\"device\":\"phone-1\",\"region\":\"CN-31\",\"consumer\":"
                + TestServer.JSON.writeValueAsString(consumer) + "}");
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("red", TestServer.JSON.readTree(r.body()).path("reward").path("prize").asText(), r.body());
    }

    @Test
    void exportWritesOneQuotedRowPerRewardWithTheAmountInItsCurrency() throws Exception {
        final Path file = dir.resolve("rewards.csv");

        final TestServer.Cli export = cli("rewards", "export", "--csv", "--out", file.toString());

        assertEquals(0, export.exit(), export.err());
        final List<List<String>> rows = parse(Files.readString(file));
        assertEquals(List.of(HEADER.split(",")), rows.get(0));
        assertEquals(4, rows.size(), "a header and three rewards");
        final List<String> first = rows.get(1);
        assertEquals("1", first.get(0));
        Instant.parse(first.get(1)); // ISO-8601
        assertEquals(List.of("summer", "red", codes.get(0), "88.00", "CNY", "8800", "wx-1", "", "phone-1", "CN-31"), first.subList(2, 12));
        assertEquals("'=HYPERLINK(\"http://x\")", rows.get(2).get(8), "a consumer id cannot run as a formula");
        assertEquals("Zhang, \"San\"", rows.get(3).get(8), "commas and quotes survive the quoting");
        assertTrue(Files.readString(file).contains("\"Zhang, \"\"San\"\"\""), "RFC 4180: quoted, quotes doubled");
        assertTrue(Files.readString(file).endsWith("\r\n"));
        assertTrue(export.err().contains("exported rewards 1 to 3 (3)") && export.err().contains("--from 4"), export.err());
    }

    @Test
    void exportFromAnIdWritesTheRestToStdoutAndSaysWhereToGoOn() throws Exception {
        final TestServer.Cli export = cli("rewards", "export", "--csv", "--from", "2");

        assertEquals(0, export.exit(), export.err());
        final List<List<String>> rows = parse(export.out());
        assertEquals(List.of("2", "3"), rows.subList(1, rows.size()).stream().map(r -> r.get(0)).toList());
        assertTrue(export.err().contains("the next export starts at --from 4"), export.err());

        final TestServer.Cli none = cli("rewards", "export", "--csv", "--from", "4");
        assertEquals(0, none.exit(), none.err());
        assertEquals(1, parse(none.out()).size(), "the header alone");
        assertTrue(none.err().contains("no rewards from 4 on"), none.err());
    }

    @Test
    void exportWithoutAFormatIsBadUsage() {
        final TestServer.Cli export = cli("rewards", "export");

        assertEquals(2, export.exit());
        assertTrue(export.err().contains("--csv"), export.err());
    }

    /** RFC 4180 rows (quoted fields with doubled quotes, CRLF ends). */
    private static List<List<String>> parse(final String csv) {
        final List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        final StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < csv.length(); i++) {
            final char c = csv.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < csv.length() && csv.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                row.add(field.toString());
                field.setLength(0);
            } else if (c == '\r' && i + 1 < csv.length() && csv.charAt(i + 1) == '\n') {
                row.add(field.toString());
                field.setLength(0);
                rows.add(row);
                row = new ArrayList<>();
                i++;
            } else {
                field.append(c);
            }
        }
        return rows;
    }
}
