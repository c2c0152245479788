package io.scangate.server.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.stream.ChunkedWriteHandler;
import io.scangate.verifier.batch.BatchRegistry;
import io.scangate.verifier.batch.BatchSpec;
import io.scangate.verifier.campaign.CampaignBook;
import io.scangate.verifier.code.CodeAuthenticator;
import io.scangate.verifier.code.KeyRing;

/**
 * The ops port's answers that need no verifier thread: the token, unknown paths, wrong methods,
 * and admin requests refused or answered on the event loop. (No ring: a request that reached it
 * would fail these tests.)
 */
class OpsHandlerTest {
    private static final String TOKEN = "t0ken";

    private final CodeAuthenticator auth = new CodeAuthenticator(KeyRing.of(1, 0x1234, 0x5678));
    private final BatchRegistry batches = BatchRegistry.inMemory();
    private final EmbeddedChannel channel;

    OpsHandlerTest() {
        final OpsContext ops = new OpsContext(new ScanMetrics(), () -> true, AdminTokens.single(TOKEN), null, batches, auth, null, new CampaignBook(),
                new io.scangate.verifier.channel.DiversionLog(), new io.scangate.verifier.audit.AuditLog(), null,
                new io.scangate.verifier.consumer.LifecycleLog(), null);
        channel = new EmbeddedChannel(new ChunkedWriteHandler(), new OpsHandler(ops, new AdminApi(ops)));
    }

    @AfterEach
    void close() {
        assertFalse(channel.finishAndReleaseAll(), "no answer left unread, nothing leaked");
    }

    /** A response as the test keeps it: status, one header, body text. */
    private record Answer(int status, String header, String body) {
        JsonNode json() throws Exception {
            return OpsResponses.JSON.readTree(body);
        }
    }

    private Answer exchange(final HttpMethod method, final String uri, final String body, final boolean token, final CharSequence header) {
        final FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method, uri,
                Unpooled.copiedBuffer(body == null ? "" : body, StandardCharsets.UTF_8));
        if (token) {
            request.headers().set(HttpHeaderNames.AUTHORIZATION, "Bearer " + TOKEN);
        }
        channel.writeInbound(request);
        final FullHttpResponse r = channel.readOutbound();
        try {
            return new Answer(r.status().code(), header == null ? null : r.headers().get(header), r.content().toString(StandardCharsets.UTF_8));
        } finally {
            r.release();
        }
    }

    private Answer admin(final HttpMethod method, final String uri) {
        return exchange(method, uri, null, true, HttpHeaderNames.ALLOW);
    }

    @Test
    void shouldRefuseAnyAdminPathWithoutTheTokenWith401() throws Exception {
        for (final String uri : new String[] {"/admin/batches", "/admin/nothing", "/admin"}) {
            final Answer a = exchange(HttpMethod.GET, uri, null, false, HttpHeaderNames.WWW_AUTHENTICATE);
            assertEquals(401, a.status(), uri);
            assertEquals("Bearer realm=\"scangate-admin\"", a.header());
            assertEquals("missing or wrong bearer token", a.json().get("detail").asText());
        }
    }

    @Test
    void shouldAnswerAnUnknownPath404NamingItAndKeepTheConnection() throws Exception {
        for (final String uri : new String[] {"/admin", "/admin/", "/admin/nothing", "/admin/batches/1/nothing", "/admin/rewards/1",
                "/nothing?x=1"}) {
            final Answer a = admin(HttpMethod.GET, uri);
            assertEquals(404, a.status(), uri);
            final String path = uri.contains("?") ? uri.substring(0, uri.indexOf('?')) : uri;
            assertEquals("no resource at " + path, a.json().get("detail").asText(), uri);
            assertTrue(channel.isOpen(), uri);
        }
    }

    @Test
    void shouldAnswerAKnownPathWithAnotherMethod405WithAllow() throws Exception {
        final String[][] cases = {{"DELETE", "/admin/batches", "GET, POST"}, {"PUT", "/admin/campaigns", "GET, POST"},
                {"POST", "/admin/batches/1", "GET"}, {"GET", "/admin/batches/1/void", "POST"}, {"GET", "/admin/ledger/verify", "POST"},
                {"POST", "/admin/rewards", "GET"}, {"GET", "/admin/codes/X/clear-suspect", "POST"}, {"POST", "/metrics", "GET"}};
        for (final String[] c : cases) {
            final Answer a = admin(HttpMethod.valueOf(c[0]), c[1]);
            assertEquals(405, a.status(), c[0] + " " + c[1]);
            assertEquals(c[2], a.header(), c[0] + " " + c[1]);
            assertEquals("method not allowed; allowed: " + c[2], a.json().get("detail").asText());
        }
    }

    @Test
    void shouldAnswerBatchReadsFromTheRegistryAndRefuseBadOrMissingIds() throws Exception {
        batches.create(BatchSpec.of("TYRE-17", "4006381333931", "DE", 3L, null, null), 1, 0);
        final Answer shown = admin(HttpMethod.GET, "/admin/batches/1");
        assertEquals(200, shown.status());
        assertEquals("TYRE-17", shown.json().get("sku").asText());
        assertEquals(1, admin(HttpMethod.GET, "/admin/batches/").json().get("batches").size());
        final Answer missing = admin(HttpMethod.GET, "/admin/batches/2");
        assertEquals(404, missing.status());
        assertEquals("no batch 2", missing.json().get("detail").asText());
        final Answer notANumber = admin(HttpMethod.POST, "/admin/batches/abc/void");
        assertEquals(400, notANumber.status());
        assertEquals("batch id must be a number, was 'abc'", notANumber.json().get("detail").asText());
    }

    @Test
    void shouldRefuseBadBatchBodiesBeforeTheRing() throws Exception {
        final Answer malformed = exchange(HttpMethod.POST, "/admin/batches", "{not json", true, null);
        assertEquals(400, malformed.status());
        assertTrue(malformed.json().get("detail").asText().startsWith("malformed JSON: "), malformed.body());
        final Answer invalid = exchange(HttpMethod.POST, "/admin/batches", "{\"sku\":\"\",\"gtin\":\"12\",\"region\":\"china\",\"count\":0}", true, null);
        assertEquals(400, invalid.status());
        for (final String field : new String[] {"sku", "gtin", "region", "count"}) {
            assertTrue(invalid.json().get("detail").asText().contains("'" + field + "'"), invalid.body());
        }
        assertEquals(400, exchange(HttpMethod.POST, "/admin/batches", "[1]", true, null).status());
        batches.create(BatchSpec.of("S", "12345670", "CN", 3L, null, null), 1, 0);
        final Answer state = exchange(HttpMethod.POST, "/admin/batches/1/state", "{\"state\":\"GONE\"}", true, null);
        assertEquals(400, state.status());
        assertEquals("'state' must be ACTIVE, INACTIVE or VOIDED", state.json().get("detail").asText());
    }

    @Test
    void shouldRefuseMalformedForgedAndBatchlessCodes() throws Exception {
        final Answer malformed = admin(HttpMethod.GET, "/admin/codes/ABC");
        assertEquals(400, malformed.status());
        assertEquals("code must be 20 Crockford base32 characters", malformed.json().get("detail").asText());
        final String code = auth.issue(1, 42);
        final String forged = code.substring(0, 19) + (code.charAt(19) == '0' ? '1' : '0');
        final Answer refused = admin(HttpMethod.GET, "/admin/codes/" + forged);
        assertEquals(400, refused.status());
        assertEquals("code " + forged + " is not an issued code (FORGED)", refused.json().get("detail").asText());
        final Answer batchless = admin(HttpMethod.POST, "/admin/codes/" + code.toLowerCase() + "/void");
        assertEquals(404, batchless.status());
        assertEquals("code " + code + " belongs to no batch", batchless.json().get("detail").asText());
        assertNull(batchless.header());
    }

    @Test
    void shouldServeHealthWithoutTheToken() throws Exception {
        final Answer live = exchange(HttpMethod.GET, "/health/live", null, false, null);
        assertEquals(200, live.status());
        assertEquals("READY", exchange(HttpMethod.GET, "/health/ready", null, false, null).json().get("status").asText());
    }
}
