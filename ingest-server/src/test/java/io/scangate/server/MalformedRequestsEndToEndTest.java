package io.scangate.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.scangate.verifier.batch.Batch;
import io.scangate.verifier.batch.BatchSpec;
import io.scangate.verifier.code.CodeAuthenticator;

/**
 * Smuggled, oversized and malformed requests, sent as raw bytes over a real socket to a running
 * server, each get their documented status (docs/SECURITY.md, "Malformed and smuggled requests"),
 * close the connection when they must, and change no state (issue 13): the authentic code each
 * one carries keeps a scan count of 0, the ledger and scan counters do not move, and a request
 * hidden in or behind one is neither answered nor counted.
 */
class MalformedRequestsEndToEndTest {
    /** Stands for the case's authentic code; as long as one, so Content-Lengths stay right. */
    private static final String C = "@".repeat(20);
    private static final String GTIN = "06901234567892";
    /** A GET scan that would be answered 200 and counted if it were ever read as a request. */
    private static final String SMUGGLED = "GET /c/" + C + " HTTP/1.1\r\nHost: x\r\n\r\n";
    private static final String SCAN_BODY = "{\"code\":\"" + C + "\",\"device\":\"dev-1\"}";

    @TempDir
    static Path dir;

    private static TestServer server;
    private static Batch batch;
    private static final AtomicLong NEXT_SERIAL = new AtomicLong();

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(dir.resolve("data"));
        batch = (Batch) server.server.runOnVerifier(v -> v.createBatch(BatchSpec.of("S", GTIN, "CN", 1000L, "ACTIVE", null)));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static String freshCode() {
        final String code = new CodeAuthenticator(server.server.keys()).issue(batch.keyId(), batch.firstSerial() + NEXT_SERIAL.getAndIncrement());
        assertEquals(C.length(), code.length(), "the placeholder must be as long as a code: " + code);
        return code;
    }

    static Stream<Arguments> cases() {
        return Stream.of(MalformedRequestCases.smuggling(), MalformedRequestCases.headers(), MalformedRequestCases.sizes(),
                MalformedRequestCases.bodies(), MalformedRequestCases.uris()).flatMap(s -> s);
    }

    @ParameterizedTest(name = "{0} -> {2}, close={3}")
    @MethodSource("cases")
    void shouldAnswerTheDocumentedStatusAndChangeNoState(final String name, final String request, final int status,
                                                         final boolean close) throws Exception {
        final String code = freshCode();
        final String counters = counters();
        final RawHttpExchange.Result r = RawHttpExchange.send(server.server.httpPort(), request.replace(C, code), close);
        assertEquals(status, r.first().status(), name + ": " + r.raw());
        assertEquals(close, r.closedAfterFirst(), name + ": connection closed after the answer; " + r.raw());
        if (close) {
            assertTrue(r.first().head().contains("Connection: close\r\n"), name + ": a closing answer says so; " + r.raw());
        }
        assertEquals(List.of(), r.after(), name + ": nothing hidden in or behind the request is answered; " + r.raw());
        assertEquals(0, scanCount(code), name + ": the code carried was not counted");
        assertEquals(counters, counters(), name + ": ledger and scan counters did not move");
    }

    @Test
    void shouldCountAWellFormedRawScanSoTheNoStateChangeChecksCanSeeOne() throws Exception {
        final String code = freshCode();
        final String counters = counters();
        final RawHttpExchange.Result r = RawHttpExchange.send(server.server.httpPort(), SMUGGLED.replace(C, code), false);
        assertEquals(200, r.first().status(), r.raw());
        assertEquals(1, scanCount(code));
        assertNotEquals(counters, counters(), "a counted scan moves the ledger and scan counters");
    }

    /** The code's scan count from the admin API; answered through the verifier, so after any scan already handed to it. */
    private static int scanCount(final String code) throws Exception {
        final var r = server.get(server.opsUrl() + "/admin/codes/" + code, "Authorization", "Bearer " + TestServer.TOKEN);
        assertEquals(200, r.statusCode(), r.body());
        return TestServer.JSON.readTree(r.body()).get("scanCount").asInt();
    }

    /** The {@code scangate_ledger_entries} and {@code scangate_scans_total} samples of /metrics. */
    private static String counters() throws Exception {
        return server.scrape().lines()
                .filter(l -> l.startsWith("scangate_ledger_entries") || l.startsWith("scangate_scans_total"))
                .sorted().collect(Collectors.joining("\n"));
    }

    /** The cases, by kind: name, raw request ({@link #C} for the code), documented status, whether the connection closes. */
    static final class MalformedRequestCases {
        private MalformedRequestCases() {
        }

        private static Arguments of(final String name, final String request, final int status, final boolean close) {
            return Arguments.of(name, request, status, close);
        }

        private static String post(final String headers, final String body) {
            return "POST /v1/scans HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n" + headers + "\r\n" + body;
        }

        private static String postJson(final String body) {
            return post("Content-Length: " + body.getBytes(StandardCharsets.ISO_8859_1).length + "\r\n", body);
        }

        private static String get(final String target) {
            return "GET " + target + " HTTP/1.1\r\nHost: x\r\n\r\n";
        }

        private static String chunk(final String data) {
            return Integer.toHexString(data.length()) + "\r\n" + data + "\r\n";
        }

        static Stream<Arguments> smuggling() {
            final String lastChunk = "0\r\n\r\n";
            return Stream.of(
                    of("Content-Length and Transfer-Encoding", post("Content-Length: 5\r\nTransfer-Encoding: chunked\r\n",
                            lastChunk + SMUGGLED), 400, true),
                    of("Transfer-Encoding and Content-Length", post("Transfer-Encoding: chunked\r\nContent-Length: "
                            + (lastChunk + SMUGGLED).length() + "\r\n", lastChunk + SMUGGLED), 400, true),
                    of("two different Content-Lengths", post("Content-Length: 2\r\nContent-Length: " + (2 + SMUGGLED.length())
                            + "\r\n", "{}" + SMUGGLED), 400, true),
                    of("two equal Content-Lengths", post("Content-Length: 2\r\nContent-Length: 2\r\n", "{}" + SMUGGLED), 400, true),
                    of("Content-Length not a number", post("Content-Length: abc\r\n", SCAN_BODY), 400, true),
                    of("Content-Length negative", post("Content-Length: -1\r\n", SCAN_BODY), 400, true),
                    of("Content-Length with a plus sign", post("Content-Length: +" + SCAN_BODY.length() + "\r\n", SCAN_BODY), 400, true),
                    of("chunk size not hex", post("Transfer-Encoding: chunked\r\n", "zz\r\n" + SCAN_BODY + "\r\n" + lastChunk
                            + SMUGGLED), 400, true),
                    of("valid chunk then a bad chunk size", post("Transfer-Encoding: chunked\r\n", chunk(SCAN_BODY) + "zz\r\n"
                            + lastChunk + SMUGGLED), 400, true),
                    of("Transfer-Encoding unknown coding", post("Transfer-Encoding: gzip\r\n", SMUGGLED), 400, true),
                    of("Transfer-Encoding chunked, identity", post("Transfer-Encoding: chunked, identity\r\n",
                            chunk(SCAN_BODY) + lastChunk + SMUGGLED), 400, true),
                    of("Transfer-Encoding with space before colon", post("Transfer-Encoding : chunked\r\n",
                            chunk(SCAN_BODY) + lastChunk + SMUGGLED), 400, true),
                    of("Transfer-Encoding xchunked", post("Transfer-Encoding: xchunked\r\n", chunk(SCAN_BODY) + lastChunk
                            + SMUGGLED), 400, true),
                    of("Transfer-Encoding folded onto a continuation line", post("Transfer-Encoding:\r\n chunked\r\n",
                            chunk(SCAN_BODY) + lastChunk + SMUGGLED), 400, true),
                    of("request pipelined behind one that closes", get("/c/" + C).replace("Host: x\r\n", "") + SMUGGLED, 400, true));
        }

        static Stream<Arguments> headers() {
            return Stream.of(
                    of("bare LF line endings", "GET /c/" + C + " HTTP/1.1\nHost: x\n\n", 400, true),
                    of("bare CR inside a header", "GET /c/" + C + " HTTP/1.1\r\nHost: x\r\nX-Device-Id: a\rb\r\n\r\n", 400, true),
                    of("space before the colon", "GET /c/" + C + " HTTP/1.1\r\nHost : x\r\n\r\n", 400, true),
                    of("obs-fold continuation line", "GET /c/" + C + " HTTP/1.1\r\nHost: x\r\nX-Device-Id: a\r\n b\r\n\r\n", 400, true),
                    of("control character in X-Device-Id", "GET /c/" + C + " HTTP/1.1\r\nHost: x\r\nX-Device-Id: a\u0001b\r\n\r\n",
                            400, true),
                    of("HTTP/9.9", "GET /c/" + C + " HTTP/9.9\r\nHost: x\r\n\r\n", 505, true),
                    of("HTTP/2.0", "GET /c/" + C + " HTTP/2.0\r\nHost: x\r\n\r\n", 505, true),
                    of("HTTP/1.1 without Host", "GET /c/" + C + " HTTP/1.1\r\n\r\n", 400, true),
                    of("HTTP/1.1 with two Hosts", "GET /c/" + C + " HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n" + SMUGGLED, 400, true));
        }

        static Stream<Arguments> sizes() {
            return Stream.of(
                    of("request line over 4 KiB", get("/c/" + C + "?pad=" + "a".repeat(5000)), 414, true),
                    of("headers over 8 KiB", "GET /c/" + C + " HTTP/1.1\r\nHost: x\r\nX-Pad: " + "a".repeat(10_000) + "\r\n\r\n", 431, true),
                    of("body over 4 KiB by Content-Length", post("Content-Length: 100000\r\n", SCAN_BODY), 413, true),
                    of("body over 4 KiB chunked", post("Transfer-Encoding: chunked\r\n", chunk(SCAN_BODY) + chunk(" ".repeat(4096))
                            + "0\r\n\r\n"), 413, true));
        }

        static Stream<Arguments> bodies() {
            return Stream.of(
                    of("body not JSON (a request)", postJson(SMUGGLED), 400, false),
                    of("JSON nested deeper than 32", postJson("{\"code\":\"" + C + "\",\"device\":\"d\",\"x\":" + "[".repeat(40)
                            + "]".repeat(40) + "}"), 400, false),
                    of("JSON with a huge number", postJson("{\"code\":\"" + C + "\",\"device\":\"d\",\"lat\":1e999999999,\"lon\":0}"),
                            400, false),
                    of("JSON with a 3000-digit number", postJson("{\"code\":\"" + C + "\",\"device\":\"d\",\"lat\":" + "9".repeat(3000)
                            + ",\"lon\":0}"), 400, false),
                    of("invalid UTF-8 in device", postJson("{\"code\":\"" + C + "\",\"device\":\"a\u00ff\u00feb\"}"), 400, false),
                    of("raw NUL in device", postJson("{\"code\":\"" + C + "\",\"device\":\"a\u0000b\"}"), 400, false),
                    of("escaped control character in device", postJson("{\"code\":\"" + C + "\",\"device\":\"a\\u0001b\"}"), 400, false),
                    of("lone surrogate escape in device", postJson("{\"code\":\"" + C + "\",\"device\":\"a\\ud800b\"}"), 400, false),
                    of("NUL in a GET scan's device query", get("/c/" + C + "?device=a%00b"), 400, false));
        }

        static Stream<Arguments> uris() {
            return Stream.of(
                    of("/c/ with an empty code", get("/c/"), 400, false),
                    of("/c/%00", get("/c/%00"), 400, false),
                    of("/c/..%2f", get("/c/..%2f"), 400, false),
                    of("/c/ with a bad percent escape", get("/c/" + C + "%"), 400, false),
                    of("all-zero GTIN", get("/01/00000000000000/21/" + C), 400, false),
                    of("GTIN with a bad check digit", get("/01/06901234567891/21/" + C), 400, false),
                    of("code path over 64 characters", get("/c/" + C + "A".repeat(100)), 400, false),
                    of("path of 4000 characters", get("/c/" + "A".repeat(4000)), 400, false),
                    of("//c/ path", get("//c/" + C), 404, false),
                    of("absolute-form target", get("http://x/c/" + C), 404, false),
                    of("asterisk target", get("*"), 404, false),
                    of("OPTIONS asterisk", "OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n", 404, false));
        }
    }
}
