package io.scangate.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

/** The Digital Link resolver's links through the real ops port ({@code /admin/links...}) and the {@code links} CLI, across a restart. */
class LinkAdminEndToEndTest {
    private static final String GTIN13 = "6901234567892";
    private static final String GTIN14 = "06901234567892";
    private static final String PIP = "{\"links\":[{\"linkType\":\"gs1:pip\",\"href\":\"https://brand.example/p/1\",\"title\":\"产品信息\","
            + "\"hreflang\":[\"zh-CN\"],\"type\":\"text/html\",\"default\":true},"
            + "{\"linkType\":\"gs1:pip\",\"href\":\"https://brand.example/en/p/1\",\"title\":\"Product information\",\"hreflang\":[\"en\"]}]}";
    private static final String RECALL = "{\"links\":[{\"linkType\":\"gs1:recallStatus\",\"href\":\"https://brand.example/recall/L+7\","
            + "\"title\":\"Recall\",\"default\":true}]}";

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

    private TestServer.Cli cli(final String... args) {
        final String[] all = java.util.Arrays.copyOf(args, args.length + 4);
        System.arraycopy(new String[] {"--admin-url", server.opsUrl(), "--token", TestServer.TOKEN}, 0, all, args.length, 4);
        return TestServer.cli(all);
    }

    @Test
    void shouldPutShowListAndDeleteLinksPerGtinLotAndSerial() throws Exception {
        final HttpResponse<String> put = server.admin("PUT", "/admin/links/" + GTIN13, PIP);
        assertEquals(200, put.statusCode(), put.body());
        assertEquals(GTIN14, json(put).get("gtin").asText(), "answered with the 14-digit form");
        assertEquals("产品信息", json(put).get("links").get(0).get("title").asText());
        assertEquals(200, server.admin("PUT", "/admin/links/" + GTIN14 + "/lot/L%2B7", RECALL).statusCode());
        assertEquals(200, server.admin("PUT", "/admin/links/" + GTIN13 + "/serial/S.1", RECALL).statusCode());
        final JsonNode lot = json(server.admin("GET", "/admin/links/" + GTIN13 + "/lot/L+7", null));
        assertEquals("L+7", lot.get("lot").asText(), "a + in a path is a + (GS1 character set 82)");
        assertEquals("LOT", lot.get("level").asText());
        final JsonNode all = json(server.admin("GET", "/admin/links", null)).get("anchors");
        assertEquals(List.of("GTIN", "LOT", "SERIAL"), all.findValuesAsText("level"));
        assertEquals(json(put), all.get(0));
        assertEquals(200, server.admin("DELETE", "/admin/links/" + GTIN14 + "/serial/S.1", null).statusCode());
        assertEquals(404, server.admin("GET", "/admin/links/" + GTIN14 + "/serial/S.1", null).statusCode(), "exactly the anchor: no walk-up");
        assertEquals(404, server.admin("DELETE", "/admin/links/" + GTIN14 + "/serial/S.1", null).statusCode());
        assertEquals(405, server.admin("POST", "/admin/links/" + GTIN14, PIP).statusCode());
        assertEquals(200, server.admin("PUT", "/admin/links/" + GTIN14, "{\"links\":[]}").statusCode(), "an empty list removes them");
        assertEquals(404, server.admin("GET", "/admin/links/" + GTIN14, null).statusCode());
    }

    @Test
    void shouldNameEveryBadFieldAndChangeNothing() throws Exception {
        final String bad = "{\"links\":[{\"linkType\":\"pip\",\"href\":\"ftp://x\",\"title\":\"\",\"hreflang\":[\"en_GB\"],\"type\":\"html\","
                + "\"default\":true},{\"linkType\":\"gs1:pip\",\"href\":\"https://b.example\",\"title\":\"T\",\"default\":true,\"rel\":1}]}";
        final HttpResponse<String> r = server.admin("PUT", "/admin/links/6901234567891/lot/a%20b", bad);
        assertEquals(400, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
        assertEquals(List.of("gtin", "lot", "links[0].linkType", "links[0].href", "links[0].title", "links[0].hreflang[0]",
                "links[0].type", "links[1].rel", "links[1].default"), json(r).get("errors").findValuesAsText("path"));
        assertEquals(400, server.admin("GET", "/admin/links/123", null).statusCode());
        assertEquals(400, server.admin("PUT", "/admin/links/" + GTIN13, "{not json").statusCode());
        assertEquals(0, json(server.admin("GET", "/admin/links", null)).get("anchors").size(), "nothing changed");
    }

    @Test
    void shouldKeepLinksAcrossARestart() throws Exception {
        server.admin("PUT", "/admin/links/" + GTIN13, PIP);
        server.admin("PUT", "/admin/links/" + GTIN13 + "/lot/L7", RECALL);
        server.admin("DELETE", "/admin/links/" + GTIN13 + "/lot/L7", null);
        server.admin("PUT", "/admin/links/96385074", RECALL);
        final JsonNode before = json(server.admin("GET", "/admin/links", null));
        assertEquals(2, before.get("anchors").size());
        server.close();
        server = TestServer.start(dir.resolve("data"));
        assertEquals(before, json(server.admin("GET", "/admin/links", null)), "rebuilt from the journal");
    }

    @Test
    void shouldSetShowListAndDeleteThroughTheCli() throws Exception {
        final Path file = dir.resolve("links.json");
        Files.writeString(file, PIP);
        final TestServer.Cli set = cli("links", "set", GTIN13, "--file", file.toString());
        assertEquals(0, set.exit(), set.err());
        assertEquals(GTIN14, TestServer.JSON.readTree(set.out()).get("gtin").asText());
        final InputStream stdin = System.in;
        try {
            System.setIn(new ByteArrayInputStream(TestServer.JSON.readTree(RECALL).get("links").toString().getBytes(StandardCharsets.UTF_8)));
            final TestServer.Cli piped = cli("links", "set", GTIN13, "--lot", "..", "--file", "-");
            assertEquals(0, piped.exit(), piped.err());
        } finally {
            System.setIn(stdin);
        }
        final TestServer.Cli shown = cli("links", "show", GTIN14, "--lot", "..");
        assertEquals(0, shown.exit(), shown.err());
        assertEquals("..", TestServer.JSON.readTree(shown.out()).get("lot").asText(), "a dot lot stays one path segment");
        final TestServer.Cli listed = cli("links", "list");
        assertEquals(2, listed.out().lines().count(), listed.out());
        assertEquals(0, cli("links", "delete", GTIN13, "--lot", "..").exit());
        final TestServer.Cli gone = cli("links", "show", GTIN13, "--lot", "..");
        assertEquals(1, gone.exit());
        assertTrue(gone.err().contains("404"), gone.err());
        final TestServer.Cli both = cli("links", "show", GTIN13, "--lot", "a", "--serial", "b");
        assertEquals(2, both.exit(), "--lot and --serial exclude each other");
        Files.writeString(file, "{\"links\":[{\"linkType\":\"gs1:pip\"}]}");
        final TestServer.Cli refused = cli("links", "set", GTIN13, "--file", file.toString());
        assertEquals(1, refused.exit());
        assertTrue(refused.err().contains("links[0].href") && refused.err().contains("links[0].title"), refused.err());
    }
}
