package io.scangate.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.util.ReferenceCountUtil;

/** The scan port's decoder fails a request with a folded header line, however the bytes are split, and only that one. */
class ScanHttpRequestDecoderTest {
    private static final String FOLDED = "GET /c/A HTTP/1.1\r\nHost: x\r\nX-Device-Id: a\r\n b\r\n\r\n";
    private static final String PLAIN = "POST /v1/scans HTTP/1.1\r\nHost: x\r\nContent-Length: 9\r\n\r\n{\"a\":\n 1}";

    /** The requests decoded from {@code text}, fed whole or one byte at a time: true for each that failed. */
    private static List<Boolean> failures(final String text, final boolean byteByByte) {
        final EmbeddedChannel channel = new EmbeddedChannel(new ScanHttpRequestDecoder(4096, false));
        final byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        if (byteByByte) {
            for (final byte b : bytes) {
                channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {b}));
            }
        } else {
            channel.writeInbound(Unpooled.wrappedBuffer(bytes));
        }
        final List<Boolean> failed = new ArrayList<>();
        Object message;
        while ((message = channel.readInbound()) != null) {
            if (message instanceof HttpRequest request) {
                failed.add(request.decoderResult().isFailure());
            }
            ReferenceCountUtil.release(message);
        }
        channel.finishAndReleaseAll();
        return failed;
    }

    @Test
    void shouldFailARequestWithAFoldedHeaderLineWhateverTheSplit() {
        for (final boolean split : new boolean[] {false, true}) {
            assertEquals(List.of(true), failures(FOLDED, split), "split " + split);
            assertEquals(List.of(true), failures(FOLDED.replace("\r\n b", "\r\n\tb"), split), "tab, split " + split);
        }
    }

    @Test
    void shouldPassRequestsWithoutFoldsEvenWhenTheirBodyHasALineStartingWithASpace() {
        for (final boolean split : new boolean[] {false, true}) {
            assertEquals(List.of(false, false), failures(PLAIN + PLAIN, split), "split " + split);
            assertEquals(List.of(false), failures("\r\n\r\n" + PLAIN, split), "empty lines before a request are no fold");
        }
    }

    @Test
    void shouldJudgeEachPipelinedRequestOnItsOwn() {
        final List<Boolean> failed = failures(PLAIN + "GET /c/A HTTP/1.1\r\nHost: x\r\n\r\n", true);
        assertEquals(List.of(false, false), failed);
        assertFalse(failures(PLAIN, false).contains(true));
        assertTrue(failures(PLAIN + FOLDED, false).get(1));
    }
}
