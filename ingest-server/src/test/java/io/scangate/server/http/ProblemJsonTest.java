package io.scangate.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;

/** The RFC 9457 body both ports write, and the scan port's framed problem answer around it. */
class ProblemJsonTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static String body(final int status, final String detail, final String members) {
        final ByteBuf out = Unpooled.buffer();
        try {
            ProblemJson.write(out, status, detail, members);
            return out.toString(StandardCharsets.UTF_8);
        } finally {
            out.release();
        }
    }

    @Test
    void shouldWriteTypeTitleStatusAndDetailInThatOrder() {
        assertEquals("{\"type\":\"about:blank\",\"title\":\"Not Found\",\"status\":404,\"detail\":\"no resource at /x\"}",
                body(404, "no resource at /x", null));
    }

    @Test
    void shouldEscapeTheDetailSoThatItParsesBackUnchanged() throws Exception {
        for (final String detail : List.of("quote \" backslash \\ slash /", "line\nbreak\ttab\rreturn", "bell \u0007 nul \u0000",
                "caf\u00e9 \u4e2d\u6587 \ud83d\ude00", "")) {
            final JsonNode problem = JSON.readTree(body(400, detail, null));
            assertEquals(detail, problem.get("detail").asText());
            assertEquals("about:blank", problem.get("type").asText());
            assertEquals("Bad Request", problem.get("title").asText());
            assertEquals(400, problem.get("status").asInt());
        }
    }

    @Test
    void shouldAppendExtensionMembersAfterTheDetail() throws Exception {
        final String body = body(400, "refused", "\"errors\":[{\"path\":\"a\",\"reason\":\"b\"}]");
        assertTrue(body.endsWith(",\"detail\":\"refused\",\"errors\":[{\"path\":\"a\",\"reason\":\"b\"}]}"), body);
        assertEquals("b", JSON.readTree(body).get("errors").get(0).get("reason").asText());
    }

    @Test
    void shouldTitleWithTheScanPortsStatusLinePhraseAndNettysForTheRest() {
        for (int status = 100; status < 600; status++) {
            if (Responses.reasonPhrase(status) != null) {
                assertEquals(Responses.reasonPhrase(status), ProblemJson.title(status), "status " + status);
            }
        }
        assertEquals("Unauthorized", ProblemJson.title(401));
        assertEquals("Conflict", ProblemJson.title(409));
        assertEquals("Content Too Large", ProblemJson.title(413), "RFC 9110's phrase, not Netty's older one");
    }

    @Test
    void shouldFrameTheScanPortsProblemAroundTheSameBody() {
        final ByteBuf scratch = Unpooled.buffer(64);
        final String detail = "overloaded: the verifier queue is full, retry \"shortly\"";
        final ByteBuf answer = Responses.problem(ByteBufAllocator.DEFAULT, scratch, 503, detail, true, false, "Retry-After: 1\r\n");
        try {
            final String text = answer.toString(StandardCharsets.UTF_8);
            final String expected = body(503, detail, null);
            assertTrue(text.startsWith("HTTP/1.1 503 Service Unavailable\r\n"), text);
            assertTrue(text.contains("Content-Type: application/problem+json\r\n"), text);
            assertTrue(text.contains("Content-Length: " + expected.getBytes(StandardCharsets.UTF_8).length + "\r\n"), text);
            assertTrue(text.contains("Retry-After: 1\r\n"), text);
            assertEquals(expected, text.substring(text.indexOf("\r\n\r\n") + 4));
        } finally {
            answer.release();
            scratch.release();
        }
    }
}
