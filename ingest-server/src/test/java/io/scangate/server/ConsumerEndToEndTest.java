package io.scangate.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

/** The scan API's consumer part through a real server: the answer's {@code consumer}, bad ids refused, nothing counted for them. */
class ConsumerEndToEndTest {
    @TempDir
    Path dir;
    private TestServer server;
    private List<String> codes;

    @BeforeEach
    void start() throws Exception {
        server = TestServer.start(dir.resolve("data"));
        codes = OpsFixture.issue(server, dir, 10);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> scan(final String code, final String consumerJson) throws Exception {
        return server.post("/v1/scans", "{\"code\":\"" + code + "\",\"device\":\"phone-1\",\"region\":\"CN-31\""
                + (consumerJson == null ? "" : ",\"consumer\":" + consumerJson) + "}");
    }

    private JsonNode ok(final HttpResponse<String> r) throws Exception {
        assertEquals(200, r.statusCode(), r.body());
        return TestServer.JSON.readTree(r.body());
    }

    @Test
    void theAnswerCarriesTheConsumersPurchasesAndStage() throws Exception {
        final JsonNode first = ok(scan(codes.get(0), "\"wx-openid-7\""));
        assertEquals(1, first.path("consumer").path("purchases").asInt(), first.toString());
        assertEquals("NEW", first.path("consumer").path("stage").asText());
        assertEquals("REPEAT", ok(scan(codes.get(1), "\"wx-openid-7\"")).path("consumer").path("stage").asText());
        final JsonNode third = ok(scan(codes.get(2), "\"wx-openid-7\""));
        assertEquals(3, third.path("consumer").path("purchases").asInt());
        assertEquals("LOYAL", third.path("consumer").path("stage").asText());
        final JsonNode again = ok(scan(codes.get(0), "\"wx-openid-7\""));
        assertEquals(3, again.path("consumer").path("purchases").asInt(), "a repeat scan is no purchase");
        final JsonNode other = ok(scan(codes.get(1), "\"someone-else\""));
        assertEquals(0, other.path("consumer").path("purchases").asInt(), "a code somebody bought is no purchase of yours");
        assertTrue(other.path("consumer").path("stage").isNull());
        assertFalse(ok(scan(codes.get(3), null)).has("consumer"), "no consumer id, no consumer part");
        assertFalse(ok(scan(codes.get(5), "\"\"")).has("consumer"), "an empty consumer id is none (docs/API.md)");
    }

    @Test
    void aConsumerIdTooLongOrWithControlCharactersIsRefusedAndNothingCounted() throws Exception {
        final String before = counted();
        for (final String bad : List.of("\"" + "x".repeat(65) + "\"", "\"ab\\u0007cd\"", "\"line\\nbreak\"", "42", "{\"id\":\"x\"}")) {
            final HttpResponse<String> r = scan(codes.get(4), bad);
            assertEquals(400, r.statusCode(), bad + ": " + r.body());
            assertTrue(r.body().contains("consumer"), r.body());
        }
        assertEquals(before, counted(), "no scan counted, no ledger entry made");
        assertEquals(1, ok(scan(codes.get(4), "\"" + "x".repeat(64) + "\"")).path("consumer").path("purchases").asInt(), "64 characters are fine");
    }

    /** The scans counted and the ledger's entries, from /metrics. */
    private String counted() throws Exception {
        final StringBuilder b = new StringBuilder();
        for (final String line : server.scrape().split("\n")) {
            if (line.startsWith("scangate_scans_total") || line.startsWith("scangate_ledger_entries")) {
                b.append(line).append('\n');
            }
        }
        return b.toString();
    }
}
