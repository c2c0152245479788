package io.scangate.server.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.scangate.server.http.ProblemJson;
import io.scangate.verifier.campaign.CampaignProblem;

/** The ops port's problem answers carry the scan port's problem body, byte for byte. */
class OpsProblemTest {
    private static String scanPortBody(final int status, final String detail) {
        final ByteBuf out = Unpooled.buffer();
        try {
            ProblemJson.write(out, status, detail);
            return out.toString(StandardCharsets.UTF_8);
        } finally {
            out.release();
        }
    }

    @Test
    void shouldWriteTheScanPortsBytesEvenForDetailsThatNeedEscaping() {
        for (final String detail : List.of("no resource at /x", "backspace \b form feed \f unit separator \u001f",
                "quote \" backslash \\", "caf\u00e9 \u4e2d\u6587 \ud83d\ude00")) {
            for (final HttpResponseStatus status : List.of(HttpResponseStatus.BAD_REQUEST, HttpResponseStatus.UNAUTHORIZED,
                    HttpResponseStatus.CONFLICT, HttpResponseStatus.SERVICE_UNAVAILABLE)) {
                final FullHttpResponse r = OpsResponses.problem(new AdminException(status, detail));
                try {
                    assertEquals(scanPortBody(status.code(), detail), r.content().toString(StandardCharsets.UTF_8), detail);
                    assertEquals("application/problem+json", r.headers().get(HttpHeaderNames.CONTENT_TYPE));
                    assertEquals(r.content().readableBytes(), r.headers().getInt(HttpHeaderNames.CONTENT_LENGTH));
                } finally {
                    r.release();
                }
            }
        }
    }

    @Test
    void shouldAddExtensionMembersAfterTheScanPortsMembers() {
        final FullHttpResponse r = OpsResponses.problem(AdminException.campaignRefused(List.of(new CampaignProblem("currency", "unknown"))));
        try {
            final String body = r.content().toString(StandardCharsets.UTF_8);
            final String core = scanPortBody(400, "campaign refused, nothing changed: 1 problem(s)");
            assertEquals(core.substring(0, core.length() - 1) + ",\"errors\":[{\"path\":\"currency\",\"reason\":\"unknown\"}]}", body);
        } finally {
            r.release();
        }
    }
}
