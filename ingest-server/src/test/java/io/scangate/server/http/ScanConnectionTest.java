package io.scangate.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.scangate.server.ops.ScanMetrics;
import io.scangate.verifier.code.CodeAuthenticator;
import io.scangate.verifier.code.KeyRing;

/** What the event loop answers by itself, without the ring: errors and forged codes. */
class ScanConnectionTest {
    private final CodeAuthenticator auth = new CodeAuthenticator(KeyRing.of(1, 0x1234, 0x5678));
    private final EmbeddedChannel channel = new EmbeddedChannel();

    ScanConnectionTest() {
        final ScanHttpContext shared = new ScanHttpContext(auth, null, null, new ScanMetrics(), 4096);
        channel.pipeline().addLast(new ScanHttpRequestDecoder(4096), new ScanConnection(shared, io.scangate.server.intake.ScanReplies.inbox(channel.eventLoop()), null));
    }

    @AfterEach
    void close() {
        channel.finishAndReleaseAll();
    }

    private String exchange(final String request) {
        channel.writeInbound(Unpooled.copiedBuffer(request, StandardCharsets.UTF_8));
        final StringBuilder out = new StringBuilder();
        ByteBuf b;
        while ((b = channel.readOutbound()) != null) {
            out.append(b.toString(StandardCharsets.UTF_8));
            b.release();
        }
        return out.toString();
    }

    private static String post(final String body) {
        return "POST /v1/scans HTTP/1.1\r\nHost: x\r\nContent-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body;
    }

    @Test
    void shouldAnswerForgedOnTheEventLoopForATamperedCode() {
        final String code = auth.issue(1, 42);
        final String tampered = code.substring(0, 10) + (code.charAt(10) == 'A' ? 'B' : 'A') + code.substring(11);
        final String answer = exchange(post("{\"code\":\"" + tampered + "\",\"device\":\"d\"}"));
        assertTrue(answer.startsWith("HTTP/1.1 200 OK\r\n"), answer);
        assertTrue(answer.contains("Content-Type: application/json"), answer);
        assertTrue(answer.endsWith("{\"verdict\":\"FORGED\",\"code\":\"" + tampered + "\",\"reward\":null,\"alerts\":[]}"), answer);
        assertTrue(channel.isOpen());
    }

    @Test
    void shouldAnswerProblemJsonForMalformedBodiesAndKeepTheConnection() {
        final String answer = exchange(post("{\"code\": 12"));
        assertTrue(answer.startsWith("HTTP/1.1 400 Bad Request\r\n"), answer);
        assertTrue(answer.contains("Content-Type: application/problem+json"), answer);
        assertTrue(answer.contains("\"status\":400"), answer);
        assertTrue(channel.isOpen());
        assertTrue(exchange(post("{\"code\":\"ABC\",\"device\":\"d\"}")).startsWith("HTTP/1.1 400"));
    }

    @Test
    void shouldAnswer404And405WithAllow() {
        final String notFound = exchange("GET /elsewhere HTTP/1.1\r\nHost: x\r\n\r\n");
        assertTrue(notFound.startsWith("HTTP/1.1 404 Not Found\r\n"), notFound);
        final String wrongMethod = exchange("DELETE /v1/scans HTTP/1.1\r\nHost: x\r\n\r\n");
        assertTrue(wrongMethod.startsWith("HTTP/1.1 405"), wrongMethod);
        assertTrue(wrongMethod.contains("Allow: POST, OPTIONS"), wrongMethod);
        final String options = exchange("OPTIONS /c/ABC HTTP/1.1\r\nHost: x\r\n\r\n");
        assertTrue(options.startsWith("HTTP/1.1 204"), options);
        assertTrue(options.contains("Allow: GET, HEAD, OPTIONS"), options);
    }

    @Test
    void shouldRefuseOversizedBodiesWith413AndClose() {
        final String answer = exchange("POST /v1/scans HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n{\"code\":");
        assertTrue(answer.startsWith("HTTP/1.1 413"), answer);
        assertTrue(answer.contains("Connection: close"), answer);
        channel.runPendingTasks();
        assertFalse(channel.isOpen());
    }

    @Test
    void shouldRefuseOversizedChunkedBodiesWith413() {
        final String chunk = "x".repeat(3000);
        final String answer = exchange("POST /v1/scans HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                + Integer.toHexString(chunk.length()) + "\r\n" + chunk + "\r\n" + Integer.toHexString(chunk.length()) + "\r\n" + chunk + "\r\n0\r\n\r\n");
        assertTrue(answer.startsWith("HTTP/1.1 413"), answer);
    }

    @Test
    void shouldAnswerHeadWithoutBodyOrScan() {
        final String code = auth.issue(1, 7);
        final String answer = exchange("HEAD /c/" + code + " HTTP/1.1\r\nHost: x\r\n\r\n");
        assertTrue(answer.startsWith("HTTP/1.1 200"), answer);
        assertTrue(answer.endsWith("\r\n\r\n"), "no body: " + answer);
    }

    @Test
    void shouldAnswerBadHeadersWith431AndClose() {
        final String answer = exchange("GET /c/X HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(10_000) + "\r\n\r\n");
        assertTrue(answer.startsWith("HTTP/1.1 431"), answer);
        channel.runPendingTasks();
        assertFalse(channel.isOpen());
        assertNull(channel.readOutbound());
    }

    @Test
    void shouldAnswer400AndCloseOnABadChunkSizeSoNoLaterRequestIsSwallowed() {
        final String answer = exchange("POST /v1/scans HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n");
        assertTrue(answer.startsWith("HTTP/1.1 400"), answer);
        assertTrue(answer.contains("Connection: close"), answer);
        channel.runPendingTasks();
        assertFalse(channel.isOpen(), "the decoder drops the rest of the stream: the connection must not stay open");
    }

    @Test
    void shouldNotCountABodyWhoseLaterChunkIsBroken() {
        final String code = auth.issue(1, 9);
        final String body = "{\"code\":\"" + code + "\",\"device\":\"d\"}";
        final String answer = exchange("POST /v1/scans HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                + Integer.toHexString(body.length()) + "\r\n" + body + "\r\nzz\r\n");
        assertTrue(answer.startsWith("HTTP/1.1 400"), "a valid first chunk must not make the request count: " + answer);
        channel.runPendingTasks();
        assertFalse(channel.isOpen());
    }

    @Test
    void shouldRefuseAnAllZeroGtinThatWouldSkipTheBatchCheck() {
        final String answer = exchange("GET /01/00000000000000/21/" + auth.issue(1, 3) + " HTTP/1.1\r\nHost: x\r\n\r\n");
        assertTrue(answer.startsWith("HTTP/1.1 400"), answer);
    }

    @Test
    void shouldJudgeAGetScansRegionByTheSameRuleAsTheBody() {
        final String code = auth.issue(1, 4);
        final String lower = exchange("GET /c/" + code + "?region=cn_31 HTTP/1.1\r\nHost: x\r\n\r\n");
        assertTrue(lower.startsWith("HTTP/1.1 400"), lower);
        final String body = exchange(post("{\"code\":\"" + code + "\",\"device\":\"d\",\"region\":\"cn_31\"}"));
        assertTrue(body.startsWith("HTTP/1.1 400"), body);
        assertTrue(lower.substring(lower.indexOf("\"detail\"")).equals(body.substring(body.indexOf("\"detail\""))),
                "one region rule, one message: " + lower + " vs " + body);
    }

    @Test
    void shouldRefuseAnUnknownHttpVersionWith505AndClose() {
        final String answer = exchange("GET /c/" + auth.issue(1, 5) + " HTTP/9.9\r\nHost: x\r\n\r\n");
        assertTrue(answer.startsWith("HTTP/1.1 505"), answer);
        channel.runPendingTasks();
        assertFalse(channel.isOpen());
    }

    @Test
    void shouldRefuseAnHttp11RequestWithoutExactlyOneHost() {
        final String none = exchange(post("{}").replace("Host: x\r\n", ""));
        assertTrue(none.startsWith("HTTP/1.1 400"), none);
        assertTrue(none.contains("Host"), none);
    }

    @Test
    void shouldRefuseTwoHostsAndCloseSoNoSecondRequestIsSmuggled() {
        final String answer = exchange("GET /c/X HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n");
        assertTrue(answer.startsWith("HTTP/1.1 400"), answer);
        channel.runPendingTasks();
        assertFalse(channel.isOpen());
    }

    @Test
    void shouldRefuseContentLengthWithTransferEncodingAndClose() {
        final String body = "{\"code\":\"" + auth.issue(1, 6) + "\",\"device\":\"d\"}";
        final String answer = exchange("POST /v1/scans HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n"
                + Integer.toHexString(body.length()) + "\r\n" + body + "\r\n0\r\n\r\n");
        assertTrue(answer.startsWith("HTTP/1.1 400"), answer);
        assertFalse(answer.contains("\"verdict\""), "nothing was scanned: " + answer);
        channel.runPendingTasks();
        assertFalse(channel.isOpen());
    }

    @Test
    void shouldRefuseConflictingContentLengths() {
        final String answer = exchange("POST /v1/scans HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nContent-Length: 30\r\n\r\n{}");
        assertTrue(answer.startsWith("HTTP/1.1 400"), answer);
        channel.runPendingTasks();
        assertFalse(channel.isOpen());
    }

    @Test
    void shouldRefuseControlCharactersInADeviceWhereverItComesFrom() {
        final String code = auth.issue(1, 8);
        final String body = exchange(post("{\"code\":\"" + code + "\",\"device\":\"a\\u0000b\"}"));
        assertTrue(body.startsWith("HTTP/1.1 400"), body);
        assertTrue(body.contains("control characters"), body);
        final String query = exchange("GET /c/" + code + "?device=a%0Ab HTTP/1.1\r\nHost: x\r\n\r\n");
        assertTrue(query.startsWith("HTTP/1.1 400"), query);
        final String consumer = exchange(post("{\"code\":\"" + code + "\",\"device\":\"d\",\"consumer\":\"c\\u001b[31m\"}"));
        assertTrue(consumer.startsWith("HTTP/1.1 400"), consumer);
    }

    @Test
    void shouldAllowEveryOriginOnEveryAnswerAndAnswerAPreflight() {
        final String code = auth.issue(1, 7);
        final String forged = code.substring(0, 19) + (code.charAt(19) == '0' ? '1' : '0');
        final String scan = exchange("GET /c/" + forged + " HTTP/1.1\r\nHost: x\r\nAccept: application/json\r\n\r\n");
        assertTrue(scan.startsWith("HTTP/1.1 200") && scan.contains("\r\nAccess-Control-Allow-Origin: *\r\n"), scan);
        final String problem = exchange("GET /nowhere HTTP/1.1\r\nHost: x\r\n\r\n");
        assertTrue(problem.startsWith("HTTP/1.1 404") && problem.contains("\r\nAccess-Control-Allow-Origin: *\r\n"), problem);
        final String preflight = exchange("OPTIONS /01/06901234567892/21/X HTTP/1.1\r\nHost: x\r\nOrigin: https://shop.example\r\n"
                + "Access-Control-Request-Method: GET\r\n\r\n");
        assertTrue(preflight.startsWith("HTTP/1.1 204"), preflight);
        assertTrue(preflight.contains("Access-Control-Allow-Methods: GET, HEAD, OPTIONS\r\n"), preflight);
        assertTrue(preflight.contains("Access-Control-Allow-Headers: ") && preflight.contains("Accept-Language"), preflight);
    }
}
