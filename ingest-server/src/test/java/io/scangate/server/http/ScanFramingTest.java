package io.scangate.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;

/**
 * The scan port's decoder frames a plain {@code POST /v1/scans} and {@code GET /c/{code}} itself
 * and leaves every other request, and every request slightly off those forms, to Netty's decoder,
 * in request order, however the bytes are split.
 */
class ScanFramingTest {
    private static final String BODY = "{\"code\":\"X\",\"device\":\"d\"}";

    private static String post(final String headers, final String body) {
        return "POST /v1/scans HTTP/1.1\r\n" + headers + "\r\n" + body;
    }

    private static String plain(final String extraHeaders) {
        return post("Host: x\r\nContent-Length: " + BODY.length() + "\r\n" + extraHeaders, BODY);
    }

    /** What the decoder passed on, one line per request: "framed keepAlive key body" or "netty METHOD uri [failed]". */
    private static List<String> decode(final String text, final boolean byteByByte) {
        final List<String> seen = new ArrayList<>();
        final EmbeddedChannel channel = new EmbeddedChannel(new ScanHttpRequestDecoder(4096), new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(final ChannelHandlerContext ctx, final Object msg) {
                if (msg instanceof ScanGetRequest get) {
                    seen.add("get " + get.keepAlive() + " " + new String(get.code, 0, get.codeLength, StandardCharsets.US_ASCII) + " "
                            + get.region.orNull() + " " + get.device.orNull() + " " + get.key.orNull() + " " + get.userAgent.orNull() + " "
                            + get.accept.orNull() + " " + get.acceptLanguage.orNull());
                } else if (msg instanceof ScanPostRequest post) {
                    seen.add("framed " + post.keepAlive() + " " + post.idempotencyKey() + " " + post.body().toString(StandardCharsets.US_ASCII));
                } else if (msg instanceof HttpRequest request) {
                    seen.add("netty " + request.method() + " " + request.uri() + (request.decoderResult().isFailure() ? " failed" : ""));
                } else if (msg instanceof HttpContent content && !(msg instanceof LastHttpContent) && content.decoderResult().isFailure()) {
                    seen.add("netty content failed");
                }
                ReferenceCountUtil.release(msg);
            }
        });
        final byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        if (byteByByte) {
            for (final byte b : bytes) {
                channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {b}));
            }
        } else {
            channel.writeInbound(Unpooled.wrappedBuffer(bytes));
        }
        channel.finishAndReleaseAll();
        return seen;
    }

    private static void assertBoth(final List<String> expected, final String text) {
        assertEquals(expected, decode(text, false), "whole: " + text);
        assertEquals(expected, decode(text, true), "byte by byte: " + text);
    }

    @Test
    void shouldFrameAPlainScanPostWithItsKeepAliveKeyAndBody() {
        assertBoth(List.of("framed true null " + BODY), plain(""));
        assertBoth(List.of("framed false null " + BODY), plain("Connection: close\r\n"));
        assertBoth(List.of("framed true k-1 " + BODY), plain("CONNECTION: Keep-Alive\r\nidempotency-key:   k-1  \r\nX-Other: a b\tc\r\n"));
        assertBoth(List.of("framed true  " + BODY), plain("Idempotency-Key:\r\n"));
    }

    @Test
    void shouldLeaveEveryRequestOffTheFormToNetty() {
        final String netty = "netty POST /v1/scans";
        for (final String extra : List.of("Transfer-Encoding: chunked\r\n", "Expect: 100-continue\r\n", "Host: y\r\n",
                "Content-Length: 3\r\n", "Connection: upgrade\r\n", "Connection: close\r\nConnection: close\r\n",
                "Idempotency-Key: a\r\nIdempotency-Key: b\r\n", "Idempotency-Key: " + "k".repeat(ScanPostRequest.MAX_KEY + 1) + "\r\n",
                "X-Folded: a\r\n b\r\n", "Bad Name: v\r\n", "Spaced : v\r\n", "X-Text: \u00e9\r\n", "X-Ctl: \u0001\r\n", "X-Bare: v\n",
                "X-Long: " + "v".repeat(9000) + "\r\n")) {
            final List<String> seen = decode(plain(extra), false);
            assertEquals(netty, seen.isEmpty() ? "nothing" : seen.get(0).substring(0, Math.min(netty.length(), seen.get(0).length())),
                    "with " + extra.replace("\r", "\\r").replace("\n", "\\n"));
        }
        assertBoth(List.of("netty POST /v1/scans"), post("Content-Length: " + BODY.length() + "\r\n", BODY));
        assertBoth(List.of("netty POST /v1/scans"), post("Host: x\r\nContent-Length: 0\r\n", ""));
        assertBoth(List.of("netty POST /v1/scans"), post("Host: x\r\nContent-Length: 0" + BODY.length() + "\r\n", BODY));
        assertBoth(List.of("netty POST /v1/scans"), post("Host: x\r\nContent-Length: 5000\r\n", "x".repeat(5000)));
        assertBoth(List.of("netty POST /v1/scans?x=1"), plain("").replace("/v1/scans", "/v1/scans?x=1"));
        assertBoth(List.of("netty POST /v1/scans"), plain("").replace("HTTP/1.1", "HTTP/1.0"));
        assertBoth(List.of("netty GET /elsewhere"), "GET /elsewhere HTTP/1.1\r\nHost: x\r\n\r\n");
    }

    @Test
    void shouldKeepRequestOrderAcrossBothPaths() {
        final String get = "GET /c/A?x=1 HTTP/1.1\r\nHost: x\r\n\r\n";
        final String chunked = post("Host: x\r\nTransfer-Encoding: chunked\r\n", "3\r\nabc\r\n0\r\n\r\n");
        assertBoth(List.of("framed true null " + BODY, "netty GET /c/A?x=1", "framed false k " + BODY, "netty POST /v1/scans",
                "framed true null " + BODY), plain("") + get + plain("Connection: close\r\nIdempotency-Key: k\r\n") + chunked + plain(""));
        assertBoth(List.of("netty POST /v1/scans", "framed true null " + BODY), "\r\n" + plain("") + plain(""));
    }

    @Test
    void shouldNotFrameARequestWhoseBodyHasNotArrived() {
        assertEquals(List.of(), decode(plain("").substring(0, plain("").length() - 1), false));
        assertEquals(List.of(), decode(plain("").substring(0, 30), true));
    }

    private static String get(final String path, final String headers) {
        return "GET " + path + " HTTP/1.1\r\nHost: x\r\n" + headers + "\r\n";
    }

    @Test
    void shouldFrameAPlainScanGetWithTheHeadersAScanReads() {
        assertBoth(List.of("get true A1-b2 null null null null null null"), get("/c/A1-b2", ""));
        assertBoth(List.of("get false ABC CN-31 d-1 k-1 Mozilla/5.0 (iPhone) application/json zh-CN,zh;q=0.9"),
                get("/c/ABC", "X-Region: CN-31\r\nx-device-id:  d-1 \r\nIdempotency-Key: k-1\r\nUser-Agent: Mozilla/5.0 (iPhone)\r\n"
                        + "Accept: application/json\r\nAccept-Language: zh-CN,zh;q=0.9\r\nConnection: close\r\nX-Other: o\r\n"));
        assertBoth(List.of("get true ABC  null null null null null"), get("/c/ABC", "X-Region:\r\n"));
    }

    @Test
    void shouldLeaveEveryGetOffTheFormToNetty() {
        for (final String path : List.of("/c/ABC?region=CN-31", "/c/%41BC", "/c/", "/c/" + "A".repeat(65), "/c/AB/C", "/c/A.B",
                "/01/06901234567892/21/ABC", "/elsewhere")) {
            assertBoth(List.of("netty GET " + path), get(path, ""));
        }
        for (final String extra : List.of("Content-Length: 0\r\n", "X-Region: a\r\nX-Region: b\r\n", "Accept: a\r\naccept: b\r\n",
                "User-Agent: " + "u".repeat(513) + "\r\n", "X-Device-Id: " + "d".repeat(130) + "\r\n", "Transfer-Encoding: chunked\r\n",
                "Host: y\r\n", "X-Text: \u00e9\r\n")) {
            final List<String> seen = decode(get("/c/ABC", extra), false);
            assertEquals("netty GET /c/ABC", seen.isEmpty() ? "nothing" : seen.get(0).replace(" failed", ""),
                    "with " + extra.replace("\r", "\\r").replace("\n", "\\n"));
        }
        assertBoth(List.of("netty HEAD /c/ABC"), get("/c/ABC", "").replace("GET", "HEAD"));
        assertBoth(List.of("netty GET /c/ABC"), get("/c/ABC", "").replace("HTTP/1.1", "HTTP/1.0"));
    }

    @Test
    void shouldKeepRequestOrderAcrossPostsGetsAndNetty() {
        assertBoth(List.of("get true ABC null null null null null null", "framed true null " + BODY, "netty GET /c/ABC?x=1",
                "get true DEF null null null null null null"), get("/c/ABC", "") + plain("") + get("/c/ABC?x=1", "") + get("/c/DEF", ""));
    }
}
