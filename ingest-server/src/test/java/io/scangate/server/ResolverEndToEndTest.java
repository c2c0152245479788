package io.scangate.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.scangate.server.resolver.DigitalLinkCompressor;
import io.scangate.server.resolver.DigitalLinkUri;

/**
 * The GS1 Digital Link resolver through the real scan port: redirects to the default and to a
 * requested link type with the query passed on, the linkset, 400 for malformed URIs, 404 for
 * missing links, compressed URIs, and which requests count a scan (only the verification view).
 */
class ResolverEndToEndTest {
    private static final String GTIN = "06901234567892";
    private static final String LINKS = "{\"links\":["
            + "{\"linkType\":\"gs1:pip\",\"href\":\"https://brand.example/en/p\",\"title\":\"Product\",\"hreflang\":[\"en\"],\"default\":true},"
            + "{\"linkType\":\"gs1:pip\",\"href\":\"https://brand.example/zh/p\",\"title\":\"产品\",\"hreflang\":[\"zh-CN\"]},"
            + "{\"linkType\":\"gs1:recipeInfo\",\"href\":\"https://brand.example/recipes?x=1\",\"title\":\"Recipes\"}]}";

    @TempDir
    Path dir;

    private TestServer server;
    private final HttpClient noRedirects = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void start() throws Exception {
        server = TestServer.start(dir.resolve("data"));
        final HttpResponse<String> put = server.client.send(HttpRequest.newBuilder(URI.create(server.opsUrl() + "/admin/links/" + GTIN))
                .header("Authorization", "Bearer " + TestServer.TOKEN).PUT(HttpRequest.BodyPublishers.ofString(LINKS)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, put.statusCode(), put.body());
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private HttpResponse<String> get(final String pathAndQuery, final String... headers) throws Exception {
        final HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.scanUrl() + pathAndQuery)).timeout(Duration.ofSeconds(20));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return noRedirects.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private int scanCount(final String code) throws Exception {
        final HttpResponse<String> r = server.client.send(HttpRequest.newBuilder(URI.create(server.opsUrl() + "/admin/codes/" + code))
                .header("Authorization", "Bearer " + TestServer.TOKEN).build(), HttpResponse.BodyHandlers.ofString());
        return TestServer.JSON.readTree(r.body()).get("scanCount").asInt();
    }

    /** The sum of scangate_scans_total over transports and verdicts. */
    private double scansCounted() throws Exception {
        return server.scrape().lines().filter(l -> l.startsWith("scangate_scans_total{"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    @Test
    void shouldRedirectToTheDefaultOrRequestedLinkPassingTheQueryAndNameTheLinkset() throws Exception {
        final HttpResponse<String> d = get("/01/" + GTIN);
        assertEquals(307, d.statusCode(), d.body());
        assertEquals("https://brand.example/en/p", d.headers().firstValue("Location").orElseThrow());
        assertTrue(d.headers().firstValue("Link").orElseThrow().contains("rel=\"linkset\""), d.headers().map().toString());
        assertEquals("*", d.headers().firstValue("Access-Control-Allow-Origin").orElseThrow());
        final HttpResponse<String> zh = get("/01/" + GTIN + "?linkType=gs1:pip&campaign=spring", "Accept-Language", "zh-CN,zh;q=0.9,en;q=0.5");
        assertEquals(307, zh.statusCode());
        assertEquals("https://brand.example/zh/p?campaign=spring", zh.headers().firstValue("Location").orElseThrow());
        assertEquals("https://brand.example/recipes?x=1&a=b", get("/01/" + GTIN + "/10/LOT1?linkType=gs1:recipeInfo&a=b")
                .headers().firstValue("Location").orElseThrow(), "walked up from the lot to the GTIN");
        assertEquals(404, get("/01/" + GTIN + "?linkType=gs1:certificationInfo").statusCode());
        assertEquals(404, get("/01/04006381333931").statusCode(), "a GTIN without links");
    }

    @Test
    void shouldAnswerTheLinksetWithoutCountingAScanAndCountOnlyTheVerificationView() throws Exception {
        final List<String> codes = OpsFixture.issue(server, dir, 1);
        final String code = codes.get(0);
        final HttpResponse<String> set = get("/01/" + GTIN + "/21/" + code + "?linkType=linkset");
        assertEquals(200, set.statusCode(), set.body());
        assertTrue(set.headers().firstValue("Content-Type").orElseThrow().startsWith("application/linkset+json"));
        assertTrue(set.headers().allValues("Link").toString().contains("json-ld#context"), set.headers().map().toString());
        final JsonNode linkset = TestServer.JSON.readTree(set.body()).get("linkset").get(0);
        assertTrue(linkset.get("anchor").asText().endsWith("/01/" + GTIN + "/21/" + code), linkset.toString());
        assertEquals(2, linkset.get("https://gs1.org/voc/pip").size());
        assertEquals(200, get("/01/" + GTIN + "/21/" + code, "Accept", "application/linkset+json").statusCode());
        assertEquals(307, get("/01/" + GTIN + "/21/" + code + "?linkType=gs1:pip").statusCode());
        assertEquals(200, noRedirects.send(HttpRequest.newBuilder(URI.create(server.scanUrl() + "/01/" + GTIN + "/21/" + code))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding()).statusCode());
        assertEquals(0, scanCount(code), "linkset, other link types and HEAD count nothing");
        assertEquals(0, scansCounted(), "nor do they move scangate_scans_total");
        noRedirects.send(HttpRequest.newBuilder(URI.create(server.scanUrl() + "/01/" + GTIN + "/21/" + code))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
        assertEquals(0, scanCount(code), "nor OPTIONS");

        final HttpResponse<String> view = get("/01/" + GTIN + "/21/" + code, "Accept", "application/json");
        assertEquals(200, view.statusCode(), view.body());
        assertTrue(view.body().contains("\"GENUINE\""), view.body());
        assertEquals(1, scanCount(code), "the verification view counts one scan");
        assertEquals(1, scansCounted(), "and one in scangate_scans_total");

        final String compressed = DigitalLinkCompressor.compress(DigitalLinkUri.parse("/01/" + GTIN + "/21/" + code, null), true, false);
        final HttpResponse<String> c = get((compressed.startsWith("/") ? "" : "/") + compressed + "?linkType=linkset");
        assertEquals(200, c.statusCode(), compressed + ": " + c.body());
        assertTrue(c.headers().allValues("Link").toString().contains("owl:sameAs"), c.headers().map().toString());
    }

    @Test
    void shouldRefuseMalformedDigitalLinkUrisWith400() throws Exception {
        for (final String bad : List.of("/01/06901234567891", "/01/069012345678", "/01/" + GTIN + "/21/S1/10/L1", "/01/" + GTIN + "/99/X",
                "/01/" + GTIN + "?17=991399")) {
            final HttpResponse<String> r = get(bad);
            assertEquals(400, r.statusCode(), bad + ": " + r.body());
            assertTrue(r.body().contains("malformed GS1 Digital Link URI"), r.body());
        }
        assertEquals(404, get("/elsewhere").statusCode(), "a path that is no Digital Link stays a 404");
    }

    @Test
    void shouldDescribeItselfAtTheWellKnownPath() throws Exception {
        final HttpResponse<String> r = get("/.well-known/gs1resolver");
        assertEquals(200, r.statusCode(), r.body());
        final JsonNode d = TestServer.JSON.readTree(r.body());
        assertEquals(server.scanUrl(), d.get("resolverRoot").asText());
        assertEquals("01", d.get("supportedPrimaryKeys").get(0).asText());
        assertEquals("gs1:", d.get("supportedLinkType").get(0).get("prefix").asText());
        assertTrue(d.get("name").asText().contains("scangate"));
    }
}
