package io.scangate.loadtest.gen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequestDecoder;

/** Precomputed requests are well-formed HTTP/1.1 that a Netty server decodes as the scan intended. */
class RequestTemplateTest {
    private final AsciiTable codes = AsciiTable.syntheticCodes(4, 7);
    private final AsciiTable devices = AsciiTable.deviceNames(1000);

    private static FullHttpRequest decode(final ByteBuf bytes) {
        final EmbeddedChannel ch = new EmbeddedChannel(new HttpRequestDecoder(), new HttpObjectAggregator(4096));
        ch.writeInbound(bytes);
        final FullHttpRequest request = ch.readInbound();
        ch.finishAndReleaseAll();
        return request;
    }

    private ByteBuf encode(final RequestTemplate t, final RequestMix.Choice c) {
        final ByteBuf buf = Unpooled.buffer(t.maxLength(codes.maxLength(), devices.maxLength()));
        t.encode(buf, codes, devices, c);
        assertTrue(buf.readableBytes() <= t.maxLength(codes.maxLength(), devices.maxLength()));
        return buf;
    }

    @Test
    void shouldEncodeAJsonScanPost() throws Exception {
        final RequestMix.Choice c = new RequestMix.Choice();
        c.code = 2;
        c.device = 42;

        final FullHttpRequest r = decode(encode(RequestTemplate.of("127.0.0.1", 8080, "/v1/scans", false), c));
        try {
            assertTrue(r.decoderResult().isSuccess(), r.decoderResult().toString());
            assertEquals(HttpMethod.POST, r.method());
            assertEquals("/v1/scans", r.uri());
            assertEquals("127.0.0.1:8080", r.headers().get(HttpHeaderNames.HOST));
            assertEquals("application/json", r.headers().get(HttpHeaderNames.CONTENT_TYPE));
            final String body = r.content().toString(StandardCharsets.US_ASCII);
            assertEquals(body.length(), r.headers().getInt(HttpHeaderNames.CONTENT_LENGTH));
            final JsonNode json = new ObjectMapper().readTree(body);
            assertEquals(codes.get(2), json.get("code").asText());
            assertEquals("lg-042", json.get("device").asText());
            assertEquals("CN-31", json.get("region").asText());
        } finally {
            r.release();
        }
    }

    @Test
    void shouldNameTheDeviceAsTheConsumerWhenAsked() throws Exception {
        final RequestMix.Choice c = new RequestMix.Choice();
        c.code = 1;
        c.device = 7;
        final FullHttpRequest r = decode(encode(RequestTemplate.of("127.0.0.1", 8080, "/v1/scans", true), c));
        try {
            final String body = r.content().toString(StandardCharsets.US_ASCII);
            assertEquals(body.length(), r.headers().getInt(HttpHeaderNames.CONTENT_LENGTH));
            final JsonNode json = new ObjectMapper().readTree(body);
            assertEquals("lg-007", json.get("device").asText());
            assertEquals("lg-007", json.get("consumer").asText());
            assertEquals(codes.get(1), json.get("code").asText());
        } finally {
            r.release();
        }
    }

    @Test
    void shouldPutTheCodeInTheLineOfAGet() {
        final RequestMix.Choice c = new RequestMix.Choice();
        c.code = 1;
        c.device = 7;

        final FullHttpRequest r = decode(encode(RequestTemplate.of("127.0.0.1", 9, "/01/06901234567892/21/{code}?src=qr", false), c));
        try {
            assertEquals(HttpMethod.GET, r.method());
            assertEquals("/01/06901234567892/21/" + codes.get(1) + "?src=qr", r.uri());
            assertEquals("lg-007", r.headers().get("X-Device-Id"));
            assertEquals("application/json", r.headers().get(HttpHeaderNames.ACCEPT));
            assertEquals(0, r.content().readableBytes());
        } finally {
            r.release();
        }
    }

    @Test
    void shouldChangeExactlyTheForgedCharacter() {
        final RequestMix.Choice c = new RequestMix.Choice();
        c.code = 0;
        c.device = 0;
        c.forgedOffset = 5;
        c.forgedChar = codes.byteAt(0, 5) == 'Z' ? (byte) 'Y' : (byte) 'Z';

        final FullHttpRequest r = decode(encode(RequestTemplate.of("127.0.0.1", 9, "/c/{code}", false), c));
        try {
            final String sent = r.uri().substring(3);
            final String issued = codes.get(0);
            assertEquals(issued.length(), sent.length());
            for (int i = 0; i < issued.length(); i++) {
                assertEquals(i == 5, issued.charAt(i) != sent.charAt(i), "character " + i + " of " + issued + " vs " + sent);
            }
        } finally {
            r.release();
        }
    }
}
