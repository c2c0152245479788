package io.scangate.loadtest.gen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;

/** Framing of answers: where each ends and its status, whatever way the bytes arrive. */
class ResponseFramerTest {
    private final List<Integer> statuses = new ArrayList<>();
    private String error;
    private final EmbeddedChannel channel = new EmbeddedChannel(new ResponseFramer(new ResponseFramer.Listener() {
        @Override
        public void onResponse(final int status) {
            statuses.add(status);
        }

        @Override
        public void onProtocolError(final String reason) {
            error = reason;
        }
    }));

    private void feed(final String s) {
        channel.writeInbound(Unpooled.copiedBuffer(s, StandardCharsets.ISO_8859_1));
    }

    private void feedByteByByte(final String s) {
        for (int i = 0; i < s.length(); i++) {
            feed(s.substring(i, i + 1));
        }
    }

    private static final String OK = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 17\r\n\r\n{\"verdict\":\"OK\"}\n";

    @Test
    void shouldFramePipelinedAnswersInOneRead() {
        feed(OK + "HTTP/1.1 503 Service Unavailable\r\ncontent-length:  2 \r\nRetry-After: 1\r\n\r\n{}" + OK);

        assertEquals(List.of(200, 503, 200), statuses);
        assertNull(error);
        channel.finishAndReleaseAll();
    }

    @Test
    void shouldFrameAnAnswerArrivingOneByteAtATime() {
        feedByteByByte(OK + OK);

        assertEquals(List.of(200, 200), statuses);
        assertNull(error);
        channel.finishAndReleaseAll();
    }

    @Test
    void shouldFrameChunkedBodiesWithExtensionsAndTrailers() {
        final String chunked = "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, Chunked\r\n\r\n"
                + "5;ext=1\r\nhello\r\nA\r\n0123456789\r\n0\r\nX-Trailer: yes\r\n\r\n";
        feed(chunked);
        feedByteByByte(chunked);
        feed("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n");

        assertEquals(List.of(200, 200, 200), statuses);
        assertNull(error);
        channel.finishAndReleaseAll();
    }

    @Test
    void shouldSkipInterimAnswersAndKnowBodilessStatuses() {
        feed("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 204 No Content\r\n\r\nHTTP/1.1 304 Not Modified\r\nContent-Length: 99\r\n\r\n"
                + "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n");

        assertEquals(List.of(204, 304, 404), statuses);
        assertNull(error);
        channel.finishAndReleaseAll();
    }

    @Test
    void shouldRefuseWhatItCannotFrame() {
        for (final String bad : List.of(
                "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nuntil close",
                "HTTX/1.1 200 OK\r\nContent-Length: 0\r\n\r\n",
                "HTTP/1.1 2x0 OK\r\nContent-Length: 0\r\n\r\n",
                "HTTP/1.1 200 OK\r\nContent-Length: 1 2\r\n\r\n",
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
                "HTTP/1.1 200 OK\r\n" + "X: " + "a".repeat(ResponseFramer.MAX_HEAD) + "\r\n\r\n")) {
            statuses.clear();
            error = null;
            final EmbeddedChannel ch = new EmbeddedChannel(new ResponseFramer(new ResponseFramer.Listener() {
                @Override
                public void onResponse(final int status) {
                    statuses.add(status);
                }

                @Override
                public void onProtocolError(final String reason) {
                    error = reason;
                }
            }));
            ch.writeInbound(Unpooled.copiedBuffer(bad, StandardCharsets.ISO_8859_1));

            assertTrue(error != null, "no error for: " + bad.substring(0, Math.min(60, bad.length())));
            assertEquals(List.of(), statuses);
            ch.finishAndReleaseAll();
        }
        channel.finishAndReleaseAll();
    }
}
