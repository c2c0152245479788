package io.scangate.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.scangate.server.Main;

/** {@code scangate codes ...} against a stub admin API, run in-process through {@link Main#commandLine()}. */
class CodesCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BATCH = "{\"batchId\":7,\"keyId\":1,\"firstSerial\":1001,\"count\":%d,\"sku\":\"COLA-330\","
            + "\"gtin\":\"06901234567892\",\"plannedRegion\":\"CN-31\",\"campaign\":null,\"state\":\"ACTIVE\",\"createdAt\":\"2026-11-23T20:00:00Z\"}";
    private static final String CODE = "0400000000000000000A";

    @TempDir
    Path dir;

    private StubAdminServer stub;

    @BeforeEach
    void start() throws IOException {
        stub = new StubAdminServer();
    }

    @AfterEach
    void stop() {
        stub.close();
    }

    private record Cli(int exit, String out, String err) {
    }

    private static Cli run(final String... args) {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final var cmd = Main.commandLine();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        final int exit = cmd.execute(args);
        return new Cli(exit, out.toString(), err.toString());
    }

    /** {@code args} followed by the stub's URL and token. */
    private String[] admin(final String... args) {
        final List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--admin-url", stub.url(), "--token", StubAdminServer.TOKEN));
        return all.toArray(new String[0]);
    }

    private static String code(final int i) {
        return String.format("04%018d", i);
    }

    /** Answers the batch's codes as a chunked text stream of {@code lines} codes, written a few at a time. */
    private static StubAdminServer.Route codes(final int lines) {
        return exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=us-ascii");
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                final StringBuilder chunk = new StringBuilder();
                for (int i = 0; i < lines; i++) {
                    chunk.append(code(i)).append('\n');
                    if (chunk.length() > 8000) {
                        out.write(chunk.toString().getBytes(StandardCharsets.US_ASCII));
                        chunk.setLength(0);
                    }
                }
                out.write(chunk.toString().getBytes(StandardCharsets.US_ASCII));
            }
        };
    }

    private static String[] issueArgs(final Path out, final int count, final String... extra) {
        final List<String> args = new ArrayList<>(List.of("codes", "issue", "--sku", "COLA-330", "--gtin", "6901234567892",
                "--region", "cn-31", "--count", Integer.toString(count), "--out", out.toString()));
        args.addAll(List.of(extra));
        return args.toArray(new String[0]);
    }

    private List<Path> filesIn(final Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.toList();
        }
    }

    @Test
    void shouldCreateTheBatchAndStreamItsCodesIntoTheFile() throws Exception {
        stub.onJson("POST", "/admin/batches", 201, String.format(BATCH, 1000)).on("GET", "/admin/batches/7/codes", codes(1000));
        final Path out = dir.resolve("codes.txt");

        final Cli cli = run(admin(issueArgs(out, 1000)));

        assertEquals(0, cli.exit(), cli.err());
        final List<String> lines = Files.readAllLines(out);
        assertEquals(1000, lines.size());
        assertEquals(code(0), lines.get(0));
        assertEquals(code(999), lines.get(999));
        assertEquals(1, cli.out().lines().count(), "the batch as one line of JSON: " + cli.out());
        assertEquals(7, JSON.readTree(cli.out()).get("batchId").asLong());
        assertTrue(cli.err().contains("wrote 1000 codes to " + out), cli.err());

        final StubAdminServer.Request create = stub.requests.get(0);
        assertEquals("Bearer " + StubAdminServer.TOKEN, create.authorization());
        final JsonNode body = JSON.readTree(create.body());
        assertEquals("COLA-330", body.get("sku").asText());
        assertEquals("06901234567892", body.get("gtin").asText(), "GTIN-13 sent padded to 14 digits");
        assertEquals("CN-31", body.get("region").asText());
        assertEquals(1000, body.get("count").asLong());
        assertEquals("ACTIVE", body.get("state").asText());
        assertFalse(body.has("campaign"));
        assertEquals(List.of(out), filesIn(dir), "no temporary file left behind");
    }

    @Test
    void shouldWriteTheCodesAloneToStdoutForADashAndTheBatchToStderr() throws Exception {
        stub.onJson("POST", "/admin/batches", 201, String.format(BATCH, 3)).on("GET", "/admin/batches/7/codes", codes(3));

        final Cli cli = run(admin("codes", "issue", "--sku", "COLA-330", "--gtin", "6901234567892", "--region", "CN-31", "--count", "3",
                "--out", "-"));

        assertEquals(0, cli.exit(), cli.err());
        assertEquals(List.of(code(0), code(1), code(2)), cli.out().lines().toList(), "stdout carries the codes alone");
        assertTrue(cli.err().contains("\"batchId\":7") && cli.err().contains("wrote 3 codes to stdout"), cli.err());
        assertFalse(Files.exists(Path.of("-")), "no file named - in the working directory");
    }

    @Test
    void outDashWritesTheCodesToStdoutAndTheBatchToStderr() throws Exception {
        stub.onJson("POST", "/admin/batches", 201, String.format(BATCH, 1000)).on("GET", "/admin/batches/7/codes", codes(1000));

        final Cli cli = run(admin(issueArgs(Path.of("-"), 1000)));

        assertEquals(0, cli.exit(), cli.err());
        final List<String> lines = cli.out().lines().toList();
        assertEquals(1000, lines.size(), "only the codes on stdout");
        assertEquals(code(0), lines.get(0));
        assertEquals(code(999), lines.get(999));
        assertTrue(cli.err().contains("\"batchId\":7"), cli.err());
        assertTrue(cli.err().contains("wrote 1000 codes to stdout"), cli.err());
        assertFalse(Files.exists(Path.of("-")), "no file named '-'");
        assertEquals(List.of(), filesIn(dir));
    }

    @Test
    void shouldCreateInactiveBatchesForACampaign() throws Exception {
        stub.onJson("POST", "/admin/batches", 201, String.format(BATCH, 3)).on("GET", "/admin/batches/7/codes", codes(3));

        final Cli cli = run(admin(issueArgs(dir.resolve("codes.txt"), 3, "--inactive", "--campaign", "summer-26")));

        assertEquals(0, cli.exit(), cli.err());
        final JsonNode body = JSON.readTree(stub.requests.get(0).body());
        assertEquals("INACTIVE", body.get("state").asText());
        assertEquals("summer-26", body.get("campaign").asText());
    }

    @Test
    void shouldStreamLargeBatchesIntoTheFile() throws Exception {
        final int count = 1_000_000;
        stub.onJson("POST", "/admin/batches", 201, String.format(BATCH, count)).on("GET", "/admin/batches/7/codes", codes(count));
        final Path out = dir.resolve("codes.txt");

        final Cli cli = run(admin(issueArgs(out, count)));

        assertEquals(0, cli.exit(), cli.err());
        assertEquals(21L * count, Files.size(out));
        assertTrue(cli.err().contains("wrote 1000000 codes"), cli.err());
    }

    @Test
    void shouldFailAndWriteNoFileWhenCodesAreMissing() throws Exception {
        stub.onJson("POST", "/admin/batches", 201, String.format(BATCH, 10)).on("GET", "/admin/batches/7/codes", codes(9));
        final Path out = dir.resolve("codes.txt");

        final Cli cli = run(admin(issueArgs(out, 10)));

        assertEquals(1, cli.exit());
        assertTrue(cli.err().contains("the server sent 9 codes instead of 10"), cli.err());
        assertTrue(cli.err().contains("GET /admin/batches/7/codes"), "says how to fetch them again: " + cli.err());
        assertEquals(List.of(), filesIn(dir), "neither a short file nor a temporary one");
    }

    @Test
    void shouldLeaveNoPrintFilesWhenCodesAreMissing() throws Exception {
        stub.onJson("POST", "/admin/batches", 201, String.format(BATCH, 10)).on("GET", "/admin/batches/7/codes", codes(9));

        final Cli cli = run(admin(issueArgs(dir.resolve("codes.txt"), 10, "--base-url", "https://s.example.com",
                "--urls", dir.resolve("urls.csv").toString(), "--images", dir.resolve("qr").toString())));

        assertEquals(1, cli.exit());
        assertTrue(cli.err().contains("the server sent 9 codes instead of 10"), cli.err());
        assertEquals(List.of(), filesIn(dir), "no code list, URL file or image directory, nor their temporary forms");
    }

    @Test
    void shouldRefuseAModuleSizeOutOfRangeBeforeCreatingABatch() {
        final Cli cli = run(admin(issueArgs(dir.resolve("codes.txt"), 10, "--base-url", "https://s.example.com",
                "--images", dir.resolve("qr").toString(), "--module-px", "0")));

        assertEquals(2, cli.exit());
        assertTrue(cli.err().contains("--module-px must be 1 to 50, was 0"), cli.err());
        assertTrue(stub.requests.isEmpty(), "no batch was asked for");
    }

    @Test
    void shouldReportTheServersStatusAndDetailWhenNoTokenIsGiven() {
        assumeTrue(System.getenv(AdminOptions.TOKEN_ENV) == null, "needs " + AdminOptions.TOKEN_ENV + " unset");

        final Cli cli = run("codes", "show", CODE, "--admin-url", stub.url(), "--data-dir", dir.resolve("none").toString());

        assertEquals(1, cli.exit());
        assertTrue(cli.err().contains("HTTP 401"), cli.err());
        assertTrue(cli.err().contains("missing or wrong bearer token"), "the problem's detail: " + cli.err());
        assertTrue(cli.err().contains("no admin token was given"), cli.err());
        assertNull(stub.requests.get(0).authorization());
        assertEquals("", cli.out());
    }

    @Test
    void shouldSayWhichTokenWasRefused() {
        final Cli cli = run("codes", "show", CODE, "--admin-url", stub.url(), "--token", "wrong");

        assertEquals(1, cli.exit());
        assertTrue(cli.err().contains("HTTP 401 Unauthorized: missing or wrong bearer token"), cli.err());
        assertTrue(cli.err().contains("the admin token from --token was refused"), cli.err());
    }

    @Test
    void shouldReadTheTokenFromTheDataDirectory() throws Exception {
        assumeTrue(System.getenv(AdminOptions.TOKEN_ENV) == null, "needs " + AdminOptions.TOKEN_ENV + " unset");
        Files.writeString(dir.resolve(AdminOptions.TOKEN_FILE), StubAdminServer.TOKEN + "\n");
        stub.onJson("GET", "/admin/codes/" + CODE, 200, "{\"code\":\"" + CODE + "\",\"voided\":false,\"scanCount\":0}");

        final Cli cli = run("codes", "show", CODE, "--admin-url", stub.url(), "--data-dir", dir.toString());

        assertEquals(0, cli.exit(), cli.err());
        assertEquals("Bearer " + StubAdminServer.TOKEN, stub.requests.get(0).authorization());
    }

    @Test
    void shouldExitThreeWhenTheServerCannotBeReached() throws Exception {
        final int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        final String url = "http://127.0.0.1:" + port;

        for (final String[] args : List.of(new String[] {"codes", "show", CODE}, new String[] {"codes", "void", "--batch", "3"},
                issueArgs(dir.resolve("codes.txt"), 5))) {
            final List<String> all = new ArrayList<>(List.of(args));
            all.addAll(List.of("--admin-url", url, "--token", "t"));
            final Cli cli = run(all.toArray(new String[0]));
            assertEquals(3, cli.exit(), cli.err());
            assertTrue(cli.err().startsWith("scangate: cannot reach scangate admin API at " + url + ": connection refused"), cli.err());
        }
        assertEquals(List.of(), filesIn(dir));
    }

    @Test
    void shouldVoidACodeOrABatch() throws Exception {
        stub.onJson("POST", "/admin/codes/" + CODE + "/void", 200, "{\"code\":\"" + CODE + "\",\"voided\":true,\"changed\":true}")
                .onJson("POST", "/admin/batches/5/void", 200, String.format(BATCH, 3).replace("ACTIVE", "VOIDED"));

        final Cli code = run(admin("codes", "void", "0400 0000-0000-0000-000a"));
        assertEquals(0, code.exit(), code.err());
        assertTrue(JSON.readTree(code.out()).get("changed").asBoolean());
        assertEquals("/admin/codes/" + CODE + "/void", stub.requests.get(0).path(), "the code normalised");

        final Cli batch = run(admin("codes", "void", "--batch", "5"));
        assertEquals(0, batch.exit(), batch.err());
        assertEquals("VOIDED", JSON.readTree(batch.out()).get("state").asText());
    }

    @Test
    void shouldShowACodeAndReportRefusals() throws Exception {
        stub.onJson("GET", "/admin/codes/" + CODE, 200, "{\"code\":\"" + CODE + "\",\"voided\":false,\"scanCount\":2}");
        stub.on("GET", "/admin/codes/0400000000000000000B",
                exchange -> StubAdminServer.problem(exchange, 400, "Bad Request", "code 0400000000000000000B is forged"));

        final Cli shown = run(admin("codes", "show", CODE.toLowerCase()));
        assertEquals(0, shown.exit(), shown.err());
        assertEquals(2, JSON.readTree(shown.out()).get("scanCount").asInt());

        final Cli refused = run(admin("codes", "show", "0400000000000000000B"));
        assertEquals(1, refused.exit());
        assertEquals("scangate: admin API answered HTTP 400 Bad Request: code 0400000000000000000B is forged", refused.err().strip());
    }

    @Test
    void codesShowJoinsAnUnquotedCodeSplitBySpaces() throws Exception {
        stub.onJson("GET", "/admin/codes/" + CODE, 200, "{\"code\":\"" + CODE + "\",\"voided\":false,\"scanCount\":2}");
        stub.onJson("POST", "/admin/codes/" + CODE + "/clear-suspect", 200, "{\"code\":\"" + CODE + "\",\"changed\":false}");

        final Cli shown = run(admin("codes", "show", "0400", "0000", "0000-0000", "000a"));
        assertEquals(0, shown.exit(), shown.err());
        assertEquals(2, JSON.readTree(shown.out()).get("scanCount").asInt());
        final Cli cleared = run(admin("codes", "clear-suspect", "04000", "00000", "00000", "0000A"));
        assertEquals(0, cleared.exit(), cleared.err());
    }

    @Test
    void codesShowHelpPromisesOnlyWhatItShows() {
        final Cli help = run("codes", "show", "--help");
        assertEquals(0, help.exit());
        for (final String field : List.of("batch", "state", "channel position", "history", "newest first")) {
            assertTrue(help.out().contains(field), field + " in " + help.out());
        }
    }

    @Test
    void shouldReportServerErrorsThatAreNotProblemJson() {
        stub.on("GET", "/admin/codes/" + CODE, exchange -> StubAdminServer.send(exchange, 500, "text/plain", "boom"));

        final Cli cli = run(admin("codes", "show", CODE));

        assertEquals(1, cli.exit());
        assertTrue(cli.err().contains("HTTP 500: boom"), cli.err());
    }

    @Test
    void shouldRetryWhileTheRingIsFull() throws Exception {
        final AtomicInteger calls = new AtomicInteger();
        stub.on("POST", "/admin/batches/5/void", exchange -> {
            if (calls.incrementAndGet() == 1) {
                exchange.getResponseHeaders().set("Retry-After", "0");
                StubAdminServer.problem(exchange, 503, "Service Unavailable", "ring full");
            } else {
                StubAdminServer.send(exchange, 200, "application/json", String.format(BATCH, 3));
            }
        });

        final Cli cli = run(admin("codes", "void", "--batch", "5"));

        assertEquals(0, cli.exit(), cli.err());
        assertEquals(2, calls.get());
    }

    @Test
    void shouldRefuseBadInputBeforeCallingTheServer() throws Exception {
        final String out = dir.resolve("codes.txt").toString();
        final String[] batch = {"codes", "issue", "--sku", "S", "--gtin", "12345670", "--region", "CN", "--out", out};
        final List<List<String>> cases = List.of(
                with(batch, "--count must be between 1 and 100000000", "--count", "0"),
                with(batch, "--count must be between 1 and 100000000", "--count", "100000001"),
                with(batch, "'ten' is not a long", "--count", "ten"),
                with(batch, "--gtin must be 8, 12, 13 or 14 digits", "--count", "1", "--gtin", "12"),
                with(batch, "--region must be an ISO 3166", "--count", "1", "--region", "china"),
                with(batch, "--campaign must be", "--count", "1", "--campaign", "a b"),
                with(batch, "--units-per-case must be between 1 and 1000", "--count", "1", "--units-per-case", "0"),
                with(batch, "--units-per-case must be between 1 and 1000", "--count", "1", "--units-per-case", "1001"),
                with(batch, "is a directory", "--count", "1", "--out", dir.toString()),
                with(batch, "does not exist", "--count", "1", "--out", dir.resolve("no/such/codes.txt").toString()),
                List.of("Missing required option", "codes", "issue", "--sku", "S"),
                List.of("CODE must have 20 characters", "codes", "show", "04"),
                List.of("CODE must be Crockford base32", "codes", "show", "0400000000000000000U"),
                List.of("CODE must be Crockford base32", "codes", "void", "../../batches/1"),
                List.of("missing CODE or --batch", "codes", "void"),
                List.of("not both", "codes", "void", CODE, "--batch", "1"),
                List.of("--batch must be a batch id of 1 or more", "codes", "void", "--batch", "0"),
                List.of("missing subcommand", "codes"),
                List.of("--admin-url must be an http:// or https:// URL", "codes", "show", CODE, "--admin-url", "ftp://example.com"),
                List.of("the admin token from --token is empty", "codes", "show", CODE, "--token", ""));
        for (final List<String> c : cases) {
            final List<String> args = new ArrayList<>(c.subList(1, c.size()));
            if (args.size() > 1 && !args.contains("--admin-url")) {
                args.addAll(List.of("--admin-url", stub.url()));
            }
            if (args.size() > 1 && !args.contains("--token")) {
                args.addAll(List.of("--token", StubAdminServer.TOKEN));
            }
            final Cli cli = run(args.toArray(new String[0]));
            assertEquals(2, cli.exit(), () -> args + ": " + cli.err());
            assertTrue(cli.err().contains(c.get(0)), () -> args + " should say '" + c.get(0) + "': " + cli.err());
        }
        assertEquals(List.of(), stub.requests, "nothing reached the server");
        assertEquals(List.of(), filesIn(dir));
    }

    /** The expected message, then {@code base} and {@code more}, later options overriding earlier ones. */
    private static List<String> with(final String[] base, final String expected, final String... more) {
        final List<String> all = new ArrayList<>(List.of(expected));
        for (int i = 0; i < base.length; i++) {
            if (base[i].startsWith("--") && List.of(more).contains(base[i])) {
                i++; // overridden below
            } else {
                all.add(base[i]);
            }
        }
        all.addAll(List.of(more));
        return all;
    }

    @Test
    void shouldPrintHelpForEveryCodesCommand() {
        for (final String[] args : List.of(new String[] {"codes", "--help"}, new String[] {"codes", "issue", "--help"},
                new String[] {"codes", "void", "--help"}, new String[] {"codes", "show", "--help"})) {
            final Cli cli = run(args);
            assertEquals(0, cli.exit(), String.join(" ", args));
            assertTrue(cli.out().startsWith("Usage: scangate " + String.join(" ", List.of(args).subList(0, args.length - 1))), cli.out());
            assertTrue(cli.out().contains("--admin-url") || args.length == 2, cli.out());
        }
    }
}
