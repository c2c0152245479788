package io.scangate.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.scangate.server.Main;

/** {@code scangate actors ...} against a stub admin API, run in-process through {@link Main#commandLine()}. */
class ActorsCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY = "sgk_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
    private static final String STORE = "{\"id\":\"store-1\",\"role\":\"STORE\",\"name\":\"Store One\",\"region\":\"CN-31\",\"parent\":\"dist-1\","
            + "\"disabled\":false,\"actions\":[\"RECEIVE\",\"SHIP\",\"OPEN_BOX\",\"SELL\",\"INSTALL\"],\"createdAt\":\"2026-12-05T00:00:00Z\"}";
    private static final String DIST = "{\"id\":\"dist-1\",\"role\":\"DISTRIBUTOR\",\"name\":\"dist-1\",\"region\":\"CN\",\"parent\":null,"
            + "\"disabled\":true,\"actions\":[\"RECEIVE\",\"SHIP\",\"OPEN_BOX\"],\"createdAt\":\"2026-12-05T00:00:00Z\"}";

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

    private String[] admin(final String... args) {
        final List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--admin-url", stub.url(), "--token", StubAdminServer.TOKEN));
        return all.toArray(new String[0]);
    }

    @Test
    void shouldPrintASummaryThenTheKeyAloneOnTheLastLine() throws Exception {
        stub.onJson("POST", "/admin/actors", 201, "{\"actor\":" + STORE + ",\"key\":\"" + KEY + "\"}");

        final Cli cli = run(admin("actors", "add", "--id", "store-1", "--role", "store", "--region", "CN-31", "--parent", "dist-1",
                "--name", "Store One"));

        assertEquals(0, cli.exit(), cli.err());
        final List<String> lines = cli.out().lines().toList();
        assertEquals(KEY, lines.get(lines.size() - 1));
        assertTrue(cli.out().endsWith(KEY + System.lineSeparator()), "nothing after the key");
        assertEquals(1, cli.out().split(KEY, -1).length - 1, "the key once");
        assertTrue(cli.out().contains("store-1") && cli.out().contains("Store One") && cli.out().contains("dist-1"), cli.out());
        final JsonNode sent = JSON.readTree(stub.requests.get(0).body());
        assertEquals("store", sent.get("role").asText(), "the server validates and normalises");
        assertEquals("dist-1", sent.get("parent").asText());
    }

    @Test
    void shouldLeaveOutAbsentOptionalFields() throws Exception {
        stub.onJson("POST", "/admin/actors", 201, "{\"actor\":" + DIST + ",\"key\":\"" + KEY + "\"}");

        assertEquals(0, run(admin("actors", "add", "--id", "dist-1", "--role", "DISTRIBUTOR", "--region", "CN")).exit());

        final JsonNode sent = JSON.readTree(stub.requests.get(0).body());
        assertFalse(sent.has("parent") || sent.has("name"), sent.toString());
    }

    @Test
    void shouldReportRefusalsOnStderrWithExitCodeOne() {
        stub.on("POST", "/admin/actors", x -> StubAdminServer.problem(x, 400, "Bad Request",
                "actor refused, nothing changed: 'role' must be one of DISTRIBUTOR, STORE, INSTALLER, GUIDE"));

        final Cli cli = run(admin("actors", "add", "--id", "x", "--role", "KING", "--region", "CN"));

        assertEquals(1, cli.exit());
        assertEquals("", cli.out(), "no key line on failure");
        assertTrue(cli.err().startsWith("scangate: admin API answered HTTP 400") && cli.err().contains("'role'"), cli.err());
    }

    @Test
    void shouldRefuseBadUsageWithExitCodeTwo() {
        final Cli missing = run(admin("actors", "add", "--id", "x", "--region", "CN"));
        assertEquals(2, missing.exit());
        assertTrue(missing.err().contains("--role"), missing.err());
        final Cli badId = run(admin("actors", "show", "a/b"));
        assertEquals(2, badId.exit());
        assertTrue(badId.err().contains("ID must be"), badId.err());
        assertEquals(2, run("actors").exit());
        assertTrue(stub.requests.isEmpty(), "nothing sent");
    }

    @Test
    void shouldSayWhenTheServerCannotBeReached() throws IOException {
        final int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        final Cli cli = run("actors", "list", "--admin-url", "http://127.0.0.1:" + port, "--token", "t");
        assertEquals(3, cli.exit());
        assertTrue(cli.err().contains("cannot reach"), cli.err());
    }

    @Test
    void shouldListActorsAsATableOrAsJson() throws Exception {
        stub.onJson("GET", "/admin/actors", 200, "{\"actors\":[" + DIST + "," + STORE + "]}");

        final Cli table = run(admin("actors", "list"));
        assertEquals(0, table.exit(), table.err());
        final List<String> rows = table.out().lines().toList();
        assertEquals(3, rows.size(), table.out());
        assertTrue(rows.get(0).startsWith("ID") && rows.get(0).contains("ROLE") && rows.get(0).contains("REGION"), rows.get(0));
        assertTrue(rows.get(1).startsWith("dist-1") && rows.get(1).contains("disabled"), rows.get(1));
        assertEquals(rows.get(0).indexOf("ROLE"), rows.get(2).indexOf("STORE"), "aligned columns");

        final Cli json = run(admin("actors", "list", "--json"));
        assertEquals(0, json.exit(), json.err());
        final List<String> lines = json.out().lines().toList();
        assertEquals(2, lines.size());
        assertEquals("store-1", JSON.readTree(lines.get(1)).get("id").asText());
    }

    @Test
    void shouldShowAndDisableOneActor() throws Exception {
        stub.onJson("GET", "/admin/actors/store-1", 200, STORE).onJson("POST", "/admin/actors/dist-1/disable", 200, DIST)
                .on("GET", "/admin/actors/ghost", x -> StubAdminServer.problem(x, 404, "Not Found", "no actor 'ghost'"));

        final Cli shown = run(admin("actors", "show", "store-1"));
        assertEquals(0, shown.exit(), shown.err());
        assertTrue(shown.out().contains("Store One") && shown.out().contains("INSTALL"), shown.out());
        final Cli disabled = run(admin("actors", "disable", "dist-1", "--json"));
        assertEquals(0, disabled.exit(), disabled.err());
        assertTrue(JSON.readTree(disabled.out()).get("disabled").asBoolean());
        final Cli ghost = run(admin("actors", "show", "ghost"));
        assertEquals(1, ghost.exit());
        assertTrue(ghost.err().contains("404") && ghost.err().contains("no actor 'ghost'"), ghost.err());
    }
}
