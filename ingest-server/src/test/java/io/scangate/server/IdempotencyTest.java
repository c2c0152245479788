package io.scangate.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

/** A retried request (same device and request id) gets its original answer and counts nothing, across restarts too. */
class IdempotencyTest {
    @TempDir
    Path dir;

    private static JsonNode scan(final TestServer s, final String code, final String device, final String requestId) throws Exception {
        final HttpResponse<String> r = s.post("/v1/scans", "{\"code\":\"" + code + "\",\"device\":\"" + device + "\",\"requestId\":\"" + requestId + "\"}");
        assertEquals(200, r.statusCode(), r.body());
        return TestServer.JSON.readTree(r.body());
    }

    private List<String> issue(final TestServer s) throws Exception {
        final Path out = dir.resolve("codes-" + System.nanoTime());
        final TestServer.Cli cli = TestServer.cli("codes", "issue", "--sku", "S", "--gtin", "12345670", "--region", "CN", "--count", "3",
                "--out", out.toString(), "--admin-url", s.opsUrl(), "--token", TestServer.TOKEN);
        assertEquals(0, cli.exit(), cli.err());
        return Files.readAllLines(out);
    }

    @Test
    void shouldAnswerARetryWithTheOriginalAnswerAndCountNothingTwice() throws Exception {
        final Path data = dir.resolve("data");
        final String code;
        try (TestServer s = TestServer.start(data)) {
            code = issue(s).get(0);
            final JsonNode first = scan(s, code, "phone-1", "req-1");
            assertTrue(first.get("firstScan").asBoolean());
            final JsonNode retry = scan(s, code, "phone-1", "req-1");
            assertEquals(first, retry, "the original answer again");
            assertEquals(2, scan(s, code, "phone-1", "req-2").get("scanCount").asInt(), "a new id counts");
            assertEquals(3, scan(s, code, "phone-2", "req-1").get("scanCount").asInt(), "the same id from another device counts");
            final JsonNode header = TestServer.JSON.readTree(s.client.send(HttpRequest.newBuilder(URI.create(s.scanUrl() + "/v1/scans"))
                    .header("Idempotency-Key", "req-2").POST(HttpRequest.BodyPublishers.ofString(
                            "{\"code\":\"" + code + "\",\"device\":\"phone-1\"}")).build(), HttpResponse.BodyHandlers.ofString()).body());
            assertEquals(2, header.get("scanCount").asInt(), "Idempotency-Key works like requestId");
            assertFalse(header.get("firstScan").asBoolean());
        }
        try (TestServer s = TestServer.start(data)) {
            assertEquals(1, scan(s, code, "phone-1", "req-1").get("scanCount").asInt(), "after a clean restart too");
            assertEquals(4, scan(s, code, "phone-3", "req-9").get("scanCount").asInt());
        }
        Files.writeString(data.resolve("checkpoint"), Files.readString(data.resolve("checkpoint")).replace("clean=true", "clean=false"));
        Files.deleteIfExists(data.resolve("requests.window"));
        try (TestServer s = TestServer.start(data)) {
            assertEquals("SNAPSHOT", s.server.recovery().mode().name(), "after a crash: the newest snapshot and the journal after it");
            assertEquals(1, scan(s, code, "phone-1", "req-1").get("scanCount").asInt(), "after a crash: rebuilt from the journal");
            assertEquals(4, scan(s, code, "phone-3", "req-9").get("scanCount").asInt());
            assertEquals(5, scan(s, code, "phone-3", "req-10").get("scanCount").asInt());
        }
    }

    /** What a kill -9 leaves behind: the unclean checkpoint written at start, and no saved request window. */
    private static void crash(final Path data) throws Exception {
        Files.writeString(data.resolve("checkpoint"), Files.readString(data.resolve("checkpoint")).replace("clean=true", "clean=false"));
        Files.deleteIfExists(data.resolve("requests.window"));
    }

    /** Issue 13: `recover` after a crash wrote a clean stop without the idempotency window, and every retry counted again. */
    @Test
    void shouldCountARetryOnceAfterACrashAndAnOfflineRecover() throws Exception {
        final Path data = dir.resolve("data");
        final List<String> codes;
        final int[] answered = new int[3];
        try (TestServer s = TestServer.start(data)) {
            codes = issue(s);
            scan(s, codes.get(0), "phone-0", "earlier");
            for (int i = 0; i < answered.length; i++) {
                answered[i] = scan(s, codes.get(i), "phone-1", "req-" + i).get("scanCount").asInt();
            }
        }
        crash(data);
        final Path config = dir.resolve("scangate.properties");
        Files.writeString(config, "ledger.entries=100000\njournal.segment.bytes=1048576\n");

        final TestServer.Cli recover = TestServer.cli("recover", "--data-dir", data.toString(), "--config", config.toString());

        assertEquals(0, recover.exit(), recover.out() + recover.err());
        assertTrue(recover.out().contains("recovery: SNAPSHOT"), recover.out());
        try (TestServer s = TestServer.start(data)) {
            assertEquals("OPENED", s.server.recovery().mode().name(), "recover left a clean stop");
            for (int i = 0; i < answered.length; i++) {
                assertEquals(answered[i], scan(s, codes.get(i), "phone-1", "req-" + i).get("scanCount").asInt(),
                        "the retry of req-" + i + " gets its original answer and counts nothing");
            }
            assertEquals(3, scan(s, codes.get(0), "phone-1", "req-new").get("scanCount").asInt(), "code 0 was counted twice before");
        }
    }

    @Test
    void shouldRefuseAMalformedIdempotencyKey() throws Exception {
        try (TestServer s = TestServer.start(dir.resolve("data"))) {
            final String code = issue(s).get(0);
            final HttpResponse<String> r = s.client.send(HttpRequest.newBuilder(URI.create(s.scanUrl() + "/v1/scans"))
                    .header("Idempotency-Key", "x".repeat(65)).POST(HttpRequest.BodyPublishers.ofString(
                            "{\"code\":\"" + code + "\",\"device\":\"d\"}")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(400, r.statusCode());
            assertEquals(0, TestServer.JSON.readTree(s.get(s.opsUrl() + "/admin/codes/" + code, "Authorization", "Bearer " + TestServer.TOKEN)
                    .body()).get("scanCount").asInt(), "a 400 changes no state");
        }
    }
}
