package io.scangate.server;

import static io.scangate.server.ResolverFixture.GTIN;
import static io.scangate.server.ResolverFixture.GTIN_RICE;
import static io.scangate.server.ResolverFixture.LOT;
import static io.scangate.server.ResolverFixture.SERIAL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.scangate.server.resolver.DigitalLinkCompressor;
import io.scangate.server.resolver.DigitalLinkUri;

/**
 * The resolver's real linksets and description file, from a running server, against GS1's
 * published JSON schemas ({@code src/test/resources/gs1/}, sources in its README).
 */
class ResolverSchemaTest {
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

    @Test
    void shouldAcceptGs1sValidExampleAndRefuseItsInvalidOne() {
        assertEquals(List.of(), Gs1Schemas.problems(Gs1Schemas.GS1_LINKSET, Gs1Schemas.resource("gs1/valid-gs1-example.json")));
        assertFalse(Gs1Schemas.problems(Gs1Schemas.GS1_LINKSET, Gs1Schemas.resource("gs1/invalid-gs1-example.json")).isEmpty(),
                "the validator enforces the schema");
        final JsonNode noRoot = TestServer.JSON.createObjectNode().put("name", "x");
        assertFalse(Gs1Schemas.problems(Gs1Schemas.DESCRIPTION_FILE, noRoot).isEmpty(), "resolverRoot and supportedPrimaryKeys are required");
    }

    @Test
    void shouldServeLinksetsThatValidateAgainstGs1sLinksetSchema() throws Exception {
        final String compressed = DigitalLinkCompressor.compress(DigitalLinkUri.parse("/01/" + GTIN + "/10/" + LOT, null), true, false);
        for (final String request : List.of(
                "/01/" + GTIN + "?linkType=linkset",                               // GTIN level, two languages, a default
                "/01/" + GTIN + "/10/" + LOT + "?linkType=linkset",                // the lot's own link walked up to the GTIN's
                "/01/" + GTIN + "/10/" + LOT + "/21/" + SERIAL + "?linkType=all",  // serial, lot and GTIN
                "/01/" + GTIN + "/10/OTHER?linkType=linkset",                      // a lot without links: the GTIN's
                "/01/" + GTIN_RICE + "?linkType=linkset",                           // one link, the default
                (compressed.startsWith("/") ? "" : "/") + compressed + "?linkType=linkset")) {
            final HttpResponse<String> r = f.get(request);
            assertEquals(200, r.statusCode(), request + ": " + r.body());
            final JsonNode linkset = TestServer.JSON.readTree(r.body());
            assertEquals(List.of(), Gs1Schemas.problems(Gs1Schemas.GS1_LINKSET, linkset), request + ": " + r.body());
            assertEquals(List.of(), Gs1Schemas.problems(Gs1Schemas.RFC9264_LINKSET, withoutItemDescription(linkset)), request);
        }
        final JsonNode viaAccept = TestServer.JSON.readTree(f.get("/01/" + GTIN, "Accept", "application/linkset+json").body());
        assertEquals(List.of(), Gs1Schemas.problems(Gs1Schemas.GS1_LINKSET, viaAccept));
    }

    @Test
    void shouldServeADescriptionFileThatValidatesAgainstGs1sSchema() throws Exception {
        final HttpResponse<String> r = f.get("/.well-known/gs1resolver");
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElseThrow().startsWith("application/json"));
        assertEquals(List.of(), Gs1Schemas.problems(Gs1Schemas.DESCRIPTION_FILE, TestServer.JSON.readTree(r.body())), r.body());
    }

    /** The plain RFC 9264 schema knows no GS1 {@code itemDescription}: it is checked on the rest. */
    private static JsonNode withoutItemDescription(final JsonNode linkset) {
        final JsonNode copy = linkset.deepCopy();
        copy.get("linkset").forEach(c -> ((com.fasterxml.jackson.databind.node.ObjectNode) c).remove("itemDescription"));
        return copy;
    }
}
