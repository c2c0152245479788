package io.scangate.server.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.util.ReferenceCountUtil;

/** The ops port decides on a request's head: no body of an unauthenticated request is read on. */
class OpsGateTest {
    private static final String TOKEN = "ops-gate-token-0123456789";
    private final EmbeddedChannel channel = new EmbeddedChannel(new HttpServerCodec(), new OpsGate(AdminTokens.single(TOKEN), null));

    private String written() {
        final StringBuilder out = new StringBuilder();
        ByteBuf b;
        while ((b = channel.readOutbound()) != null) {
            out.append(b.toString(StandardCharsets.US_ASCII));
            b.release();
        }
        return out.toString();
    }

    private void write(final String text) {
        channel.writeInbound(Unpooled.copiedBuffer(text, StandardCharsets.US_ASCII));
    }

    @Test
    void shouldRefuseAnAdminRequestWithoutTheTokenBeforeItsBodyAndClose() {
        write("POST /admin/batches HTTP/1.1\r\nHost: x\r\nContent-Length: 1048576\r\n\r\n" + "x".repeat(4096));
        assertNull(channel.readInbound(), "nothing of the request reaches the aggregator");
        final String answer = written();
        assertTrue(answer.startsWith("HTTP/1.1 401"), answer);
        assertTrue(answer.toLowerCase(java.util.Locale.ROOT).contains("www-authenticate: bearer"), answer);
        channel.runPendingTasks();
        assertFalse(channel.isOpen(), "closed: the rest of the body is never read");
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void shouldPassAnAdminRequestWithTheTokenWhole() {
        write("POST /admin/batches HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + TOKEN + "\r\nContent-Length: 2\r\n\r\n{}");
        final Object head = channel.readInbound();
        assertTrue(head instanceof HttpRequest, String.valueOf(head));
        final Object body = channel.readInbound();
        assertTrue(body instanceof HttpContent);
        ReferenceCountUtil.release(body);
        assertEquals("", written());
        assertTrue(channel.isOpen());
        channel.finishAndReleaseAll();
    }

    @Test
    void shouldRefuseABodyOutsideTheAdminApi() {
        write("GET /metrics HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n");
        assertNull(channel.readInbound());
        assertTrue(written().startsWith("HTTP/1.1 413"));
        channel.finishAndReleaseAll();
    }
}
