package io.scangate.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;

import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

/** Channel actors through the real ops port ({@code /admin/actors...}) and the {@code actors} CLI, across a restart. */
class ActorAdminEndToEndTest {
    private static final String DISTRIBUTOR = "{\"id\":\"dist-1\",\"role\":\"DISTRIBUTOR\",\"region\":\"CN\",\"name\":\"East Trading\"}";

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

    private static void assertNoKey(final HttpResponse<String> r) {
        assertFalse(r.body().contains("sgk_"), r.body());
        assertFalse(r.body().toLowerCase().contains("keyhash"), r.body());
        assertFalse(r.body().contains("\"key\""), r.body());
    }

    @Test
    void shouldCreateAnActorAndShowItsKeyOnlyOnce() throws Exception {
        final HttpResponse<String> created = server.admin("POST", "/admin/actors", DISTRIBUTOR);
        assertEquals(201, created.statusCode(), created.body());
        final JsonNode answer = json(created);
        final String key = answer.get("key").asText();
        assertTrue(key.startsWith("sgk_") && key.length() == 36, key);
        assertFalse(answer.get("actor").has("keyHash"), created.body());
        assertEquals("DISTRIBUTOR", answer.get("actor").get("role").asText());
        assertEquals("East Trading", answer.get("actor").get("name").asText());
        final HttpResponse<String> store = server.admin("POST", "/admin/actors",
                "{\"id\":\"store-1\",\"role\":\"store\",\"region\":\"cn-31\",\"parent\":\"dist-1\"}");
        assertEquals(201, store.statusCode(), store.body());
        assertEquals("CN-31", json(store).get("actor").get("region").asText());
        assertEquals("store-1", json(store).get("actor").get("name").asText(), "the name defaults to the id");

        final HttpResponse<String> list = server.admin("GET", "/admin/actors", null);
        assertEquals(200, list.statusCode());
        assertNoKey(list);
        assertEquals(List.of("dist-1", "store-1"), json(list).get("actors").findValuesAsText("id"));
        final HttpResponse<String> shown = server.admin("GET", "/admin/actors/store-1", null);
        assertEquals(200, shown.statusCode());
        assertNoKey(shown);
        assertEquals("dist-1", json(shown).get("parent").asText());
        assertEquals(404, server.admin("GET", "/admin/actors/nobody", null).statusCode());
        assertEquals(401, server.client.send(HttpRequest.newBuilder(URI.create(server.opsUrl() + "/admin/actors")).GET().build(),
                HttpResponse.BodyHandlers.ofString()).statusCode(), "the bearer token, as for every admin route");
    }

    @Test
    void shouldNameEveryBadFieldAndCreateNothing() throws Exception {
        final HttpResponse<String> bad = server.admin("POST", "/admin/actors",
                "{\"id\":\"a b\",\"role\":\"KING\",\"region\":\"china\",\"parent\":\"\",\"name\":\"\",\"colour\":\"red\"}");
        assertEquals(400, bad.statusCode(), bad.body());
        assertTrue(bad.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
        final String detail = json(bad).get("detail").asText();
        for (final String field : List.of("id", "role", "region", "parent", "name", "colour")) {
            assertTrue(detail.contains("'" + field + "'"), field + " in " + detail);
        }
        final String typed = json(server.admin("POST", "/admin/actors", "{\"id\":7,\"role\":\"GUIDE\"}")).get("detail").asText();
        assertTrue(typed.contains("'id' must be a string") && typed.contains("'region'"), typed);
        assertFalse(typed.contains("'id' must be 1"), "a field is named once: " + typed);
        assertEquals(400, server.admin("POST", "/admin/actors", "{not json").statusCode());
        assertEquals(0, json(server.admin("GET", "/admin/actors", null)).get("actors").size(), "nothing created");
    }

    @Test
    void shouldRefuseATakenIdAndAnUnknownParent() throws Exception {
        assertEquals(201, server.admin("POST", "/admin/actors", DISTRIBUTOR).statusCode());
        final HttpResponse<String> taken = server.admin("POST", "/admin/actors", DISTRIBUTOR.replace("DISTRIBUTOR", "STORE"));
        assertEquals(409, taken.statusCode(), taken.body());
        assertTrue(json(taken).get("detail").asText().contains("dist-1"), taken.body());
        final HttpResponse<String> orphan = server.admin("POST", "/admin/actors", "{\"id\":\"inst-1\",\"role\":\"INSTALLER\",\"region\":\"CN\",\"parent\":\"ghost\"}");
        assertEquals(400, orphan.statusCode(), orphan.body());
        assertTrue(json(orphan).get("detail").asText().contains("'parent'"), orphan.body());
        assertEquals(1, json(server.admin("GET", "/admin/actors", null)).get("actors").size());
    }

    @Test
    void shouldDisableAnActorIdempotently() throws Exception {
        server.admin("POST", "/admin/actors", DISTRIBUTOR);
        final HttpResponse<String> disabled = server.admin("POST", "/admin/actors/dist-1/disable", null);
        assertEquals(200, disabled.statusCode(), disabled.body());
        assertTrue(json(disabled).get("disabled").asBoolean());
        assertNoKey(disabled);
        final HttpResponse<String> again = server.admin("POST", "/admin/actors/dist-1/disable", null);
        assertEquals(200, again.statusCode());
        assertEquals(json(disabled), json(again), "disabling twice changes nothing");
        assertTrue(json(server.admin("GET", "/admin/actors/dist-1", null)).get("disabled").asBoolean());
        assertEquals(404, server.admin("POST", "/admin/actors/ghost/disable", null).statusCode());
        assertEquals(405, server.admin("GET", "/admin/actors/dist-1/disable", null).statusCode());
    }

    @Test
    void shouldKeepActorsAcrossARestart() throws Exception {
        server.admin("POST", "/admin/actors", DISTRIBUTOR);
        server.admin("POST", "/admin/actors", "{\"id\":\"store-1\",\"role\":\"STORE\",\"region\":\"CN-31\",\"parent\":\"dist-1\"}");
        server.admin("POST", "/admin/actors/store-1/disable", null);
        final JsonNode before = json(server.admin("GET", "/admin/actors", null));
        server.close();
        server = TestServer.start(dir.resolve("data"));
        final JsonNode after = json(server.admin("GET", "/admin/actors", null));
        assertEquals(before, after, "rebuilt from the journal");
        assertEquals(409, server.admin("POST", "/admin/actors", DISTRIBUTOR).statusCode(), "ids stay taken");
    }

    @Test
    void shouldPrintTheKeyAloneOnTheLastLineOfActorsAdd() throws Exception {
        final TestServer.Cli added = TestServer.cli("actors", "add", "--id", "guide-7", "--role", "GUIDE", "--region", "CN-11",
                "--name", "Li Wei", "--admin-url", server.opsUrl(), "--token", TestServer.TOKEN);
        assertEquals(0, added.exit(), added.err());
        final List<String> lines = added.out().lines().toList();
        final String key = lines.get(lines.size() - 1);
        assertTrue(key.matches("sgk_[A-Za-z0-9_-]{32}"), added.out());
        assertTrue(added.out().contains("guide-7") && added.out().contains("GUIDE"), added.out());
        final TestServer.Cli listed = TestServer.cli("actors", "list", "--admin-url", server.opsUrl(), "--token", TestServer.TOKEN);
        assertEquals(0, listed.exit(), listed.err());
        assertTrue(listed.out().contains("guide-7") && !listed.out().contains(key), listed.out());
        final TestServer.Cli again = TestServer.cli("actors", "add", "--id", "guide-7", "--role", "GUIDE", "--region", "CN-11",
                "--admin-url", server.opsUrl(), "--token", TestServer.TOKEN);
        assertEquals(1, again.exit());
        assertTrue(again.err().contains("409") && again.err().contains("guide-7"), again.err());
        assertEquals("", again.out());
    }

    @Test
    void shouldRefuseAnIdThatIsAPathDotSegmentAndAddressIdsWithDots() throws Exception {
        // '..' would be collapsed by URL tools and proxies: an id starts with a letter or digit
        assertEquals(400, server.admin("POST", "/admin/actors", "{\"id\":\"..\",\"role\":\"GUIDE\",\"region\":\"CN\"}").statusCode());
        assertEquals(201, server.admin("POST", "/admin/actors", "{\"id\":\"a..b\",\"role\":\"GUIDE\",\"region\":\"CN\"}").statusCode());
        final TestServer.Cli shown = TestServer.cli("actors", "show", "a..b", "--json", "--admin-url", server.opsUrl(), "--token", TestServer.TOKEN);
        assertEquals(0, shown.exit(), shown.err());
        assertEquals("a..b", TestServer.JSON.readTree(shown.out()).get("id").asText());
        for (final String[] args : List.of(new String[] {"actors", "--help"}, new String[] {"actors", "add", "--help"},
                new String[] {"actors", "list", "--help"})) {
            assertEquals(0, TestServer.cli(args).exit(), String.join(" ", args));
        }
    }
}
