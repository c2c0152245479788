package io.scangate.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.scangate.verifier.code.CodeAuthenticator;
import io.scangate.verifier.code.KeyRing;

/** The issue's acceptance, through the real front doors: CLI, scan port, ops port. */
class ScanGateEndToEndTest {
    @TempDir
    Path dir;

    private TestServer server;

    @BeforeEach
    void start() throws Exception {
        server = TestServer.start(dir.resolve("data"));
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private List<String> issue(final int count, final String... extra) throws Exception {
        final Path out = dir.resolve("codes-" + System.nanoTime() + ".txt");
        final List<String> args = new ArrayList<>(List.of("codes", "issue", "--sku", "COLA-330", "--gtin", "06901234567892",
                "--region", "CN-31", "--count", Integer.toString(count), "--out", out.toString(),
                "--admin-url", server.opsUrl(), "--token", TestServer.TOKEN));
        args.addAll(List.of(extra));
        final TestServer.Cli cli = TestServer.cli(args.toArray(new String[0]));
        assertEquals(0, cli.exit(), () -> "codes issue failed: " + cli.err());
        final List<String> codes = Files.readAllLines(out);
        assertEquals(count, codes.size());
        return codes;
    }

    @Test
    void shouldAnswerFirstAndRepeatScansWithHistory() throws Exception {
        final String code = issue(10).get(3);
        final JsonNode first = server.scan(code, "phone-1", "CN-31");
        assertEquals("GENUINE", first.get("verdict").asText());
        assertTrue(first.get("firstScan").asBoolean());
        assertEquals(1, first.get("scanCount").asInt());
        assertEquals(code, first.get("code").asText());
        assertEquals("COLA-330", first.get("sku").asText());
        assertEquals("06901234567892", first.get("gtin").asText());
        assertTrue(first.get("reward").isNull());
        final JsonNode second = server.scan(code.toLowerCase().replace('0', 'o'), "phone-2", "CN-44");
        assertEquals("GENUINE", second.get("verdict").asText());
        assertFalse(second.get("firstScan").asBoolean());
        assertEquals(2, second.get("scanCount").asInt());
        assertEquals("CN-31", second.get("firstScanRegion").asText());
        assertEquals(first.get("firstScanAt").asText(), second.get("firstScanAt").asText());
    }

    @Test
    void shouldAnswerForgedForEverySingleCharacterChangeOfAnIssuedCode() throws Exception {
        final String code = issue(3).get(1);
        final String alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
        for (int pos = 0; pos < code.length(); pos++) {
            for (final char c : new char[] {alphabet.charAt((alphabet.indexOf(code.charAt(pos)) + 1) % 32),
                    alphabet.charAt((alphabet.indexOf(code.charAt(pos)) + 17) % 32)}) {
                final String tampered = code.substring(0, pos) + c + code.substring(pos + 1);
                assertEquals("FORGED", server.scan(tampered, "d", null).get("verdict").asText(), tampered);
            }
        }
        final JsonNode state = JSON(server.get(server.opsUrl() + "/admin/codes/" + code, "Authorization", "Bearer " + TestServer.TOKEN));
        assertEquals(0, state.get("scanCount").asInt(), "forged scans count nothing");
    }

    @Test
    void shouldAnswerNotActiveVoidedAndUnknown() throws Exception {
        final String inactive = issue(5, "--inactive").get(0);
        assertEquals("NOT_ACTIVE", server.scan(inactive, "d", null).get("verdict").asText());

        final List<String> codes = issue(5);
        final TestServer.Cli voided = TestServer.cli("codes", "void", codes.get(2), "--admin-url", server.opsUrl(), "--token", TestServer.TOKEN);
        assertEquals(0, voided.exit(), voided.err());
        assertEquals("VOIDED", server.scan(codes.get(2), "d", null).get("verdict").asText());
        assertEquals("GENUINE", server.scan(codes.get(3), "d", null).get("verdict").asText());

        final CodeAuthenticator auth = new CodeAuthenticator(KeyRing.openOrCreate(dir.resolve("data")));
        final String outside = auth.issue(1, 1_000_000);
        assertEquals("UNKNOWN", server.scan(outside, "d", null).get("verdict").asText());
    }

    @Test
    void shouldAnswerProblemsForBadRequests() throws Exception {
        final HttpResponse<String> badJson = server.post("/v1/scans", "{\"code\": ");
        assertEquals(400, badJson.statusCode());
        assertEquals("application/problem+json", badJson.headers().firstValue("content-type").orElse(""));
        assertEquals(400, JSON(badJson).get("status").asInt());
        assertEquals(400, server.post("/v1/scans", "{\"code\":\"ABC\",\"device\":\"d\"}").statusCode());
        assertEquals(400, server.post("/v1/scans", "{\"code\":\"0123456789ABCDEFGHJU\",\"device\":\"d\"}").statusCode());
        assertEquals(400, server.post("/v1/scans", "{\"code\":\"0123456789ABCDEFGHJK\"}").statusCode());
        final HttpResponse<String> notFound = server.get(server.scanUrl() + "/nope");
        assertEquals(404, notFound.statusCode());
        assertEquals("application/problem+json", notFound.headers().firstValue("content-type").orElse(""));
        assertEquals(405, server.get(server.scanUrl() + "/v1/scans").statusCode());
        assertEquals(413, server.post("/v1/scans", "{\"code\":\"" + "A".repeat(5000) + "\"}").statusCode());
        final HttpResponse<String> unauthorised = server.get(server.opsUrl() + "/admin/batches");
        assertEquals(401, unauthorised.statusCode());
        assertEquals("application/problem+json", unauthorised.headers().firstValue("content-type").orElse(""));
        assertEquals(401, server.get(server.opsUrl() + "/admin/batches", "Authorization", "Bearer wrong").statusCode());
    }

    @Test
    void shouldServeQrAndDigitalLinkUrlsAndNotCountHead() throws Exception {
        final String code = issue(3).get(0);
        final HttpResponse<String> html = server.get(server.scanUrl() + "/c/" + code);
        assertEquals(200, html.statusCode());
        assertTrue(html.headers().firstValue("content-type").orElse("").startsWith("text/html"));
        assertTrue(html.body().contains("Genuine"));
        final HttpResponse<String> json = server.get(server.scanUrl() + "/c/" + code, "Accept", "application/json", "X-Region", "CN-31");
        assertEquals(2, JSON(json).get("scanCount").asInt());
        final HttpResponse<Void> head = server.client.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(server.scanUrl() + "/c/" + code)).method("HEAD", java.net.http.HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.discarding());
        assertEquals(200, head.statusCode());
        final HttpResponse<String> dl = server.get(server.scanUrl() + "/01/06901234567892/21/" + code, "Accept", "application/json");
        assertEquals("GENUINE", JSON(dl).get("verdict").asText());
        assertEquals(3, JSON(dl).get("scanCount").asInt(), "HEAD counted nothing");
        final HttpResponse<String> wrongGtin = server.get(server.scanUrl() + "/01/04006381333931/21/" + code, "Accept", "application/json");
        assertEquals("FORGED", JSON(wrongGtin).get("verdict").asText());
    }

    @Test
    void shouldCountOneFirstScanWhen64ConnectionsScanOneCodeAtOnce() throws Exception {
        final String code = issue(1).get(0);
        final int n = 64;
        final ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            final List<Callable<HttpResponse<String>>> calls = new ArrayList<>();
            final java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
            for (int i = 0; i < n; i++) {
                final String body = "{\"code\":\"" + code + "\",\"device\":\"phone-" + i + "\"}";
                calls.add(() -> {
                    try (Socket s = new Socket("127.0.0.1", server.server.httpPort())) {
                        s.setSoTimeout(20_000);
                        go.await(20, TimeUnit.SECONDS);
                        return rawPost(s, body);
                    }
                });
            }
            final List<Future<HttpResponse<String>>> futures = new ArrayList<>();
            for (final Callable<HttpResponse<String>> c : calls) {
                futures.add(pool.submit(c));
            }
            Thread.sleep(200);
            go.countDown();
            int firsts = 0;
            int ok = 0;
            for (final Future<HttpResponse<String>> f : futures) {
                final HttpResponse<String> r = f.get(60, TimeUnit.SECONDS);
                if (r.statusCode() == 200) {
                    ok++;
                    if (JSON(r).get("firstScan").asBoolean()) {
                        firsts++;
                    }
                }
            }
            assertEquals(1, firsts);
            assertEquals(ok, server.scan(code, "final", null).get("scanCount").asInt() - 1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void shouldAnswerPipelinedRequestsInOrder() throws Exception {
        final List<String> codes = issue(2);
        final String forged = codes.get(0).substring(0, 19) + (codes.get(0).charAt(19) == '0' ? '1' : '0');
        final String[] bodies = {
            "{\"code\":\"" + codes.get(0) + "\",\"device\":\"p\"}",
            "{\"code\":\"" + forged + "\",\"device\":\"p\"}",
            "not json",
            "{\"code\":\"" + codes.get(1) + "\",\"device\":\"p\"}",
        };
        final StringBuilder all = new StringBuilder();
        for (final String b : bodies) {
            all.append("POST /v1/scans HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ")
                    .append(b.getBytes(StandardCharsets.UTF_8).length).append("\r\n\r\n").append(b);
        }
        try (Socket s = new Socket("127.0.0.1", server.server.httpPort())) {
            s.setSoTimeout(20_000);
            s.getOutputStream().write(all.toString().getBytes(StandardCharsets.UTF_8));
            s.getOutputStream().flush();
            final InputStream in = s.getInputStream();
            final String[] expected = {"GENUINE", "FORGED", "400", "GENUINE"};
            for (int i = 0; i < expected.length; i++) {
                final String[] resp = readResponse(in);
                if (expected[i].equals("400")) {
                    assertEquals("400", resp[0]);
                } else {
                    assertEquals("200", resp[0]);
                    final JsonNode j = TestServer.JSON.readTree(resp[1]);
                    assertEquals(expected[i], j.get("verdict").asText());
                    if (i == 3) {
                        assertEquals(codes.get(1), j.get("code").asText());
                    }
                }
            }
        }
    }

    @Test
    void shouldExposeMetricsAndHealth() throws Exception {
        final String code = issue(1).get(0);
        server.scan(code, "d", null);
        final HttpResponse<String> metrics = server.get(server.opsUrl() + "/metrics");
        assertEquals(200, metrics.statusCode());
        assertTrue(metrics.body().contains("scangate_scans_total{transport=\"http\",verdict=\"GENUINE\"} 1.0"), metrics.body());
        assertTrue(metrics.body().contains("scangate_request_duration_seconds_bucket"));
        assertTrue(metrics.body().contains("scangate_ring_remaining"));
        assertEquals(200, server.get(server.opsUrl() + "/health/live").statusCode());
        assertEquals(200, server.get(server.opsUrl() + "/health/ready").statusCode());
    }

    @Test
    void shouldKeepCountsAcrossRestartAndRefuseASecondServerOnTheSameDataDir() throws Exception {
        final String code = issue(2).get(0);
        server.scan(code, "a", "CN-31");
        server.scan(code, "b", null);
        assertThrows(DataDir.DataDirInUseException.class, () -> TestServer.start(dir.resolve("data")));
        server.close();
        server = TestServer.start(dir.resolve("data"));
        final JsonNode third = server.scan(code, "c", null);
        assertEquals(3, third.get("scanCount").asInt());
        assertEquals("CN-31", third.get("firstScanRegion").asText());
        assertNotEquals(0, server.server.batches().index().size());
    }

    private static JsonNode JSON(final HttpResponse<String> r) throws Exception {
        return TestServer.JSON.readTree(r.body());
    }

    private static HttpResponse<String> rawPost(final Socket s, final String body) throws Exception {
        final OutputStream out = s.getOutputStream();
        out.write(("POST /v1/scans HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: "
                + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body).getBytes(StandardCharsets.UTF_8));
        out.flush();
        final String[] r = readResponse(s.getInputStream());
        return new SimpleResponse(Integer.parseInt(r[0]), r[1]);
    }

    /** Reads one Content-Length framed response: {status, body}. */
    static String[] readResponse(final InputStream in) throws Exception {
        final StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            final int b = in.read();
            if (b < 0) {
                throw new AssertionError("connection closed after: " + head);
            }
            head.append((char) b);
        }
        final String[] lines = head.toString().split("\r\n");
        final String status = lines[0].split(" ")[1];
        int length = 0;
        for (final String l : lines) {
            if (l.toLowerCase().startsWith("content-length:")) {
                length = Integer.parseInt(l.substring(15).trim());
            }
        }
        final byte[] body = in.readNBytes(length);
        return new String[] {status, new String(body, StandardCharsets.UTF_8)};
    }

    private record SimpleResponse(int statusCode, String body) implements HttpResponse<String> {
        @Override
        public java.net.http.HttpRequest request() {
            return null;
        }

        @Override
        public java.util.Optional<HttpResponse<String>> previousResponse() {
            return java.util.Optional.empty();
        }

        @Override
        public java.net.http.HttpHeaders headers() {
            return java.net.http.HttpHeaders.of(java.util.Map.of(), (a, b) -> true);
        }

        @Override
        public java.util.Optional<javax.net.ssl.SSLSession> sslSession() {
            return java.util.Optional.empty();
        }

        @Override
        public java.net.URI uri() {
            return null;
        }

        @Override
        public java.net.http.HttpClient.Version version() {
            return java.net.http.HttpClient.Version.HTTP_1_1;
        }
    }
}
