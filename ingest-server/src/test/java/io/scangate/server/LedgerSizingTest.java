package io.scangate.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A full ledger refuses new codes with a clear 503, keeps serving known ones, and reports itself. */
class LedgerSizingTest {
    @TempDir
    Path dir;

    @Test
    void shouldRefuseNewCodesWith503WhenTheLedgerIsFullAndKeepServingKnownOnes() throws Exception {
        try (TestServer server = TestServer.start(dir.resolve("data"), Map.of("ledger.entries", "1000"))) {
            final List<String> codes = issue(server, 1010);
            for (int i = 0; i < 1000; i++) {
                assertEquals("GENUINE", server.scan(codes.get(i), "d", null).get("verdict").asText());
            }
            final HttpResponse<String> refused = server.post("/v1/scans", "{\"code\":\"" + codes.get(1005) + "\",\"device\":\"d\"}");
            assertEquals(503, refused.statusCode());
            assertTrue(refused.body().contains("ledger full"), refused.body());
            assertTrue(refused.headers().firstValue("retry-after").isPresent());
            assertEquals(2, server.scan(codes.get(7), "d", null).get("scanCount").asInt(), "known codes still count");
            assertEquals(503, server.get(server.opsUrl() + "/health/ready").statusCode(), "not ready when full");
            final String metrics = server.get(server.opsUrl() + "/metrics").body();
            assertTrue(metrics.contains("scangate_ledger_fill_ratio 1.0"), metrics);
            final HttpResponse<String> voidNew = server.client.send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(server.opsUrl() + "/admin/codes/" + codes.get(1006) + "/void"))
                    .header("Authorization", "Bearer " + TestServer.TOKEN).POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(503, voidNew.statusCode(), voidNew.body());
        }
    }

    private static List<String> issue(final TestServer server, final int count) throws Exception {
        final HttpResponse<String> created = server.client.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(server.opsUrl() + "/admin/batches"))
                .header("Authorization", "Bearer " + TestServer.TOKEN)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"sku\":\"S\",\"gtin\":\"12345670\",\"region\":\"CN\",\"count\":" + count + "}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        final long id = TestServer.JSON.readTree(created.body()).get("batchId").asLong();
        return server.get(server.opsUrl() + "/admin/batches/" + id + "/codes", "Authorization", "Bearer " + TestServer.TOKEN).body().lines().toList();
    }
}
