package io.scangate.server;

import static io.scangate.server.ResolverFixture.EN;
import static io.scangate.server.ResolverFixture.GTIN;
import static io.scangate.server.ResolverFixture.GTIN_RICE;
import static io.scangate.server.ResolverFixture.GTIN_NO_LINKS;
import static io.scangate.server.ResolverFixture.LOT;
import static io.scangate.server.ResolverFixture.RECALL;
import static io.scangate.server.ResolverFixture.RECIPES;
import static io.scangate.server.ResolverFixture.SERIAL;
import static io.scangate.server.ResolverFixture.WARRANTY;
import static io.scangate.server.ResolverFixture.ZH;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.scangate.server.resolver.DigitalLinkCompressor;
import io.scangate.server.resolver.DigitalLinkUri;

/**
 * One test per SHALL of the GS1-Conformant Resolver Standard that applies to a resolver of GTINs
 * (key 01 with 22, 10, 21), through a running server. Clause numbers are those of the standard's
 * release 1.2 as cited secondhand (its PDF could not be read from here; release 1.1 numbers the
 * same clauses alike as far as could be checked): "clause; item" where item is the conformance
 * statement of section 5.
 *
 * <p>Tested: GET, HEAD and OPTIONS (2.2; 5.2); CORS (2.2; 5.4); every qualifier of key 01
 * (2.1; 5.1); decompression of compressed Digital Link URIs (2.3) with the uncompressed URI as
 * {@code owl:sameAs} and as the linkset's anchor (2.3; 5.10); 400 for a URI that fails the syntax
 * tests (2.4.1; 5.7); a plain 404 for a valid URI the resolver knows nothing of (2.4.1; 5.8); never
 * 200 for an error (2.4.1; 5.9); a title on every link (2.5.3; 5.11); the default link also under
 * its own link type (2.5.8; 5.12); at most one default per anchor (2.5.8; 5.14); walk-up from
 * serial to lot to GTIN and the linkset as the union of the levels (2.5.9); redirect (307) to the
 * requested link type (2.6.2; 5.17) or 404 when absent (2.6.2; 5.18); redirect to the default link
 * when no link type is asked (2.2); the linkset for {@code linkType=linkset}, {@code all} and
 * {@code Accept: application/linkset+json} (2.9, 2.10), validating against GS1's schema (2.10;
 * also {@link ResolverSchemaTest}) with a {@code Link} header to the JSON-LD context (2.10; 5.13, a
 * SHOULD); a {@code Link} header to the linkset on redirects; the query string passed on (2.12;
 * 5.19); {@code Accept-Language} honoured (2.6.3; 5.20, a SHOULD); {@code gs1:} link types in
 * either spelling (2.14; 5.24); the description file at {@code /.well-known/gs1resolver} (3; 5.21)
 * declaring the supported primary keys (2.5.9; 5.22).
 *
 * <p>Not tested here: HTTPS (2.2; 5.3), in {@link TlsEndToEndTest}. Not met, so not tested:
 * decompression of EPC binary strings (2.3; 5.5): only compressed GS1 Digital Link URIs are decompressed; the 300
 * answer for a choice the resolver cannot make (2.6.3). Not applicable: redirecting an uncompressed
 * URI to another resolver (2.3; 5.6), {@code gs1:defaultLinkMulti} (2.5.8, an option not offered),
 * link types of other namespaces (2.14; only {@code gs1:} and absolute IRIs are stored). The linkType
 * parameter itself is not passed on with the query string: it is the resolver's instruction.
 */
class ResolverConformanceTest {
    private static final String G = "/01/" + GTIN;

    @TempDir
    static Path dir;

    private static ResolverFixture f;

    @BeforeAll
    static void start() throws Exception {
        f = ResolverFixture.start(dir);
    }

    /** Closes the server and lets its heap go: a static field would keep a closed server's ledger for the rest of the run. */
    @AfterAll
    static void stop() {
        if (f != null) {
            f.close();
            f = null;
        }
    }

    private static String location(final HttpResponse<String> r) {
        assertEquals(307, r.statusCode(), r.body());
        return r.headers().firstValue("Location").orElseThrow();
    }

    private static String links(final HttpResponse<String> r) {
        return String.join(", ", r.headers().allValues("Link"));
    }

    private static JsonNode linkset(final String pathAndQuery) throws Exception {
        final HttpResponse<String> r = f.get(pathAndQuery);
        assertEquals(200, r.statusCode(), r.body());
        return TestServer.JSON.readTree(r.body()).get("linkset").get(0);
    }

    private static String compressed(final String path) throws Exception {
        final String c = DigitalLinkCompressor.compress(DigitalLinkUri.parse(path, null), true, false);
        return c.startsWith("/") ? c : "/" + c;
    }

    @Test
    void shallSupportGetHeadAndOptions() throws Exception {
        assertEquals(EN, location(f.get(G)));
        final HttpResponse<String> head = f.send("HEAD", G);
        assertEquals(EN, location(head));
        assertEquals("", head.body());
        final HttpResponse<String> options = f.send("OPTIONS", G);
        assertEquals(204, options.statusCode());
        assertEquals("GET, HEAD, OPTIONS", options.headers().firstValue("Allow").orElseThrow());
        assertEquals(200, f.send("HEAD", G + "?linkType=linkset").statusCode());
    }

    @Test
    void shallSupportCors() throws Exception {
        for (final String request : List.of(G, G + "?linkType=linkset", "/01/06901234567891", "/01/" + GTIN_NO_LINKS,
                "/.well-known/gs1resolver")) {
            final HttpResponse<String> r = f.get(request, "Origin", "https://app.example");
            assertEquals("*", r.headers().firstValue("Access-Control-Allow-Origin").orElse(""), request);
            assertTrue(r.headers().firstValue("Access-Control-Expose-Headers").orElse("").contains("Link"), request);
        }
        final HttpResponse<String> preflight = f.send("OPTIONS", G, "Origin", "https://app.example",
                "Access-Control-Request-Method", "GET", "Access-Control-Request-Headers", "Accept-Language");
        assertEquals(204, preflight.statusCode());
        assertEquals("*", preflight.headers().firstValue("Access-Control-Allow-Origin").orElse(""));
        assertTrue(preflight.headers().firstValue("Access-Control-Allow-Methods").orElse("").contains("GET"));
        assertTrue(preflight.headers().firstValue("Access-Control-Allow-Headers").orElse("").contains("Accept-Language"));
    }

    @Test
    void shallSupportEveryQualifierOfKey01() throws Exception {
        assertEquals(EN, location(f.get(G + "/22/ABC")));
        assertEquals(RECALL, location(f.get(G + "/22/ABC/10/" + LOT + "/21/X9?linkType=gs1:recallStatus")));
        assertEquals(WARRANTY, location(f.get(G + "/21/" + SERIAL + "?linkType=gs1:registerProduct")));
    }

    @Test
    void shallDecompressCompressedUris() throws Exception {
        assertEquals(EN, location(f.get(compressed(G))));
        assertEquals(RECALL, location(f.get(compressed(G + "/10/" + LOT) + "?linkType=gs1:recallStatus")));
    }

    @Test
    void shallExposeTheUncompressedUriAsOwlSameAs() throws Exception {
        final HttpResponse<String> r = f.get(compressed(G + "/10/" + LOT));
        assertTrue(links(r).contains("<" + f.server.scanUrl() + G + "/10/" + LOT + ">; rel=\"owl:sameAs\""), links(r));
    }

    @Test
    void shallAnchorTheLinksetOfACompressedUriAtItsUncompressedForm() throws Exception {
        assertEquals(f.server.scanUrl() + G + "/10/" + LOT, linkset(compressed(G + "/10/" + LOT) + "?linkType=linkset").get("anchor").asText());
    }

    @Test
    void shallAnswer400ForASyntacticallyInvalidUri() throws Exception {
        for (final String bad : List.of("/01/06901234567891", "/01/069012345678", "/01/0690123456789X", G + "/99/X",
                G + "/21/S1/10/L1", G + "/10/L1/22/C", G + "/17/261231", G + "?17=261399", G + "/10/" + "L".repeat(21))) {
            final HttpResponse<String> r = f.get(bad);
            assertEquals(400, r.statusCode(), bad + ": " + r.body());
            assertTrue(r.headers().firstValue("Content-Type").orElseThrow().startsWith("application/problem+json"), bad);
        }
    }

    @Test
    void shallAnswerAPlain404ForAValidUriItKnowsNothingOf() throws Exception {
        assertEquals(404, f.get("/01/" + GTIN_NO_LINKS).statusCode());
        assertEquals(404, f.get("/01/" + GTIN_NO_LINKS + "?linkType=linkset").statusCode());
        assertEquals(404, f.get("/01/" + GTIN_NO_LINKS + "?linkType=gs1:pip").statusCode());
    }

    @Test
    void shallNeverAnswer200WithAnError() throws Exception {
        for (final String error : List.of("/01/06901234567891", G + "/99/X", "/01/" + GTIN_NO_LINKS, G + "?linkType=gs1:epil",
                "/01/" + GTIN_NO_LINKS + "?linkType=linkset", "/01/" + GTIN_RICE + "?linkType=gs1:faqs")) {
            for (final String method : List.of("GET", "HEAD")) {
                final HttpResponse<String> r = f.send(method, error);
                assertTrue(r.statusCode() >= 400, method + " " + error + " answered " + r.statusCode());
                assertNotEquals(200, r.statusCode());
            }
        }
    }

    @Test
    void shallGiveEveryLinkATitle() throws Exception {
        for (final Map.Entry<String, JsonNode> rel : linkset(G + "/10/" + LOT + "/21/" + SERIAL + "?linkType=all").properties()) {
            if (rel.getValue().isArray()) {
                rel.getValue().forEach(t -> assertTrue(t.path("title").asText("").length() > 0, rel.getKey() + ": " + t));
            }
        }
        final HttpResponse<String> untitled = f.putLinks(GTIN_NO_LINKS, "{\"links\":[{\"linkType\":\"gs1:pip\",\"href\":\"https://x.example/\"}]}");
        assertEquals(400, untitled.statusCode(), untitled.body());
        assertTrue(untitled.body().contains("links[0].title"), untitled.body());
    }

    @Test
    void shallListTheDefaultLinkAlsoUnderItsOwnLinkType() throws Exception {
        final JsonNode set = linkset(G + "?linkType=linkset");
        assertEquals(EN, set.get("https://gs1.org/voc/defaultLink").get(0).get("href").asText());
        assertEquals(EN, set.get("https://gs1.org/voc/pip").get(0).get("href").asText());
    }

    @Test
    void shallAllowOnlyOneDefaultLinkPerAnchor() throws Exception {
        final HttpResponse<String> two = f.putLinks(GTIN_NO_LINKS, "{\"links\":["
                + "{\"linkType\":\"gs1:pip\",\"href\":\"https://x.example/a\",\"title\":\"A\",\"default\":true},"
                + "{\"linkType\":\"gs1:faqs\",\"href\":\"https://x.example/b\",\"title\":\"B\",\"default\":true}]}");
        assertEquals(400, two.statusCode(), two.body());
        assertTrue(two.body().contains("links[1].default"), two.body());
    }

    @Test
    void shallHaveADefaultLinkAtTheEntryLevelOrHigherForEveryUri() throws Exception {
        final HttpResponse<String> gtinWithout = f.putLinks(GTIN_NO_LINKS, "{\"links\":[{\"linkType\":\"gs1:pip\",\"href\":\"https://x.example/a\",\"title\":\"A\"}]}");
        assertEquals(400, gtinWithout.statusCode(), gtinWithout.body());
        assertTrue(gtinWithout.body().contains("need a default"), gtinWithout.body());
        final HttpResponse<String> serialWithout = f.putLinks(GTIN_NO_LINKS + "/serial/X1",
                "{\"links\":[{\"linkType\":\"gs1:registerProduct\",\"href\":\"https://x.example/w\",\"title\":\"W\"}]}");
        assertEquals(409, serialWithout.statusCode(), serialWithout.body());
        assertTrue(serialWithout.body().contains("set the GTIN's links"), serialWithout.body());
        final HttpResponse<String> removeGtin = f.server.admin("DELETE", "/admin/links/" + GTIN, null);
        assertEquals(409, removeGtin.statusCode(), removeGtin.body()); // its lot and serial fall back on its default
        assertTrue(removeGtin.body().contains("2 anchor(s)"), removeGtin.body());
        assertEquals(404, f.get("/01/" + GTIN_NO_LINKS + "/21/X1?linkType=gs1:registerProduct").statusCode(), "nothing was stored");
        for (final String bare : List.of(G, G + "/10/" + LOT, G + "/10/OTHER", "/01/" + GTIN_RICE, "/01/" + GTIN_RICE + "/10/ANY")) {
            assertEquals(307, f.get(bare).statusCode(), bare + " redirects to a default");
        }
    }

    @Test
    void shallWalkUpFromSerialToLotToGtin() throws Exception {
        final String full = G + "/10/" + LOT + "/21/" + SERIAL;
        assertEquals(WARRANTY, location(f.get(full + "?linkType=gs1:registerProduct")), "the serial's own");
        assertEquals(RECALL, location(f.get(full + "?linkType=gs1:recallStatus")), "the lot's");
        assertEquals(RECIPES, location(f.get(full + "?linkType=gs1:recipeInfo")), "the GTIN's");
        assertEquals(EN, location(f.get(G + "/10/" + LOT)), "the lot has no default: the GTIN's");
        final JsonNode union = linkset(full + "?linkType=linkset");
        for (final String rel : List.of("registerProduct", "recallStatus", "recipeInfo", "pip", "defaultLink")) {
            assertTrue(union.has("https://gs1.org/voc/" + rel), rel + " in " + union);
        }
    }

    @Test
    void shallRedirectToTheDefaultLinkWhenNoLinkTypeIsRequested() throws Exception {
        assertEquals(EN, location(f.get(G)));
        assertEquals(EN, location(f.get(G + "/10/OTHER")));
    }

    @Test
    void shallRedirectToTheRequestedLinkType() throws Exception {
        assertEquals(RECIPES, location(f.get(G + "?linkType=gs1:recipeInfo")));
        assertEquals(307, f.get(G + "?linkType=gs1:pip").statusCode());
    }

    @Test
    void shallAnswer404WhenTheRequestedLinkTypeIsAbsent() throws Exception {
        final HttpResponse<String> r = f.get(G + "?linkType=gs1:certificationInfo");
        assertEquals(404, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("Location").isEmpty());
    }

    @Test
    void shallRecogniseGs1LinkTypesInEitherSpelling() throws Exception {
        for (final String type : List.of("gs1:recipeInfo", "https://gs1.org/voc/recipeInfo", "https://ref.gs1.org/voc/recipeInfo")) {
            assertEquals(RECIPES, location(f.get(G + "?linkType=" + type)), type);
        }
    }

    @Test
    void shallServeTheLinksetForLinkTypeLinkset() throws Exception {
        final HttpResponse<String> r = f.get(G + "?linkType=linkset");
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Type").orElseThrow().startsWith("application/linkset+json"));
        assertEquals(List.of(), Gs1Schemas.problems(Gs1Schemas.GS1_LINKSET, TestServer.JSON.readTree(r.body())), r.body());
        assertEquals(f.server.scanUrl() + G, TestServer.JSON.readTree(r.body()).get("linkset").get(0).get("anchor").asText());
    }

    @Test
    void shallServeTheLinksetForLinkTypeAll() throws Exception {
        assertEquals(linkset(G + "?linkType=linkset"), linkset(G + "?linkType=all"));
    }

    @Test
    void shallServeTheLinksetForItsMediaType() throws Exception {
        final HttpResponse<String> r = f.get(G, "Accept", "application/linkset+json");
        assertEquals(200, r.statusCode(), r.body());
        assertEquals(linkset(G + "?linkType=linkset"), TestServer.JSON.readTree(r.body()).get("linkset").get(0));
    }

    @Test
    void shouldLinkTheJsonLdContextFromEveryLinkset() throws Exception {
        final String link = links(f.get(G + "?linkType=linkset"));
        assertTrue(link.contains("<https://ref.gs1.org/standards/resolver/linkset-context>; rel=\"http://www.w3.org/ns/json-ld#context\""), link);
    }

    @Test
    void shallIncludeALinkHeaderToTheLinksetOnRedirects() throws Exception {
        for (final String request : List.of(G, G + "?linkType=gs1:recipeInfo", G + "/10/" + LOT + "?linkType=gs1:recallStatus")) {
            final HttpResponse<String> r = f.get(request);
            assertEquals(307, r.statusCode());
            final String path = request.contains("?") ? request.substring(0, request.indexOf('?')) : request;
            assertTrue(links(r).contains("<" + f.server.scanUrl() + path + "?linkType=linkset>; rel=\"linkset\""), links(r));
        }
    }

    @Test
    void shallPassTheQueryStringOn() throws Exception {
        assertEquals(EN + "?17=261231&campaign=a%20b&x", location(f.get(G + "?17=261231&campaign=a%20b&x")));
        assertEquals(RECIPES + "&17=261231&utm=q%3Bx", location(f.get(G + "?linkType=gs1:recipeInfo&17=261231&utm=q%3Bx")));
        assertEquals(ZH + "?c=1", location(f.get(G + "?c=1&linkType=gs1:pip", "Accept-Language", "zh-CN")));
    }

    @Test
    void shallHonourAcceptLanguage() throws Exception {
        assertEquals(ZH, location(f.get(G + "?linkType=gs1:pip", "Accept-Language", "zh-CN,zh;q=0.9,en;q=0.5")));
        assertEquals(ZH, location(f.get(G + "?linkType=gs1:pip", "Accept-Language", "en;q=0.2, zh")));
        assertEquals(EN, location(f.get(G + "?linkType=gs1:pip", "Accept-Language", "en-GB")));
        assertEquals(EN, location(f.get(G + "?linkType=gs1:pip", "Accept-Language", "fr")), "no fit: the first listed");
    }

    @Test
    void shallServeTheResolverDescriptionFile() throws Exception {
        final HttpResponse<String> r = f.get("/.well-known/gs1resolver");
        assertEquals(200, r.statusCode(), r.body());
        final JsonNode d = TestServer.JSON.readTree(r.body());
        assertEquals(List.of(), Gs1Schemas.problems(Gs1Schemas.DESCRIPTION_FILE, d), r.body());
        assertEquals(f.server.scanUrl(), d.get("resolverRoot").asText());
        assertEquals(200, f.send("HEAD", "/.well-known/gs1resolver").statusCode());
    }

    @Test
    void shallDeclareItsSupportedPrimaryKeys() throws Exception {
        final JsonNode d = TestServer.JSON.readTree(f.get("/.well-known/gs1resolver").body());
        assertEquals("[\"01\"]", d.get("supportedPrimaryKeys").toString());
        assertEquals("gs1:", d.get("supportedLinkType").get(0).get("prefix").asText());
    }
}
