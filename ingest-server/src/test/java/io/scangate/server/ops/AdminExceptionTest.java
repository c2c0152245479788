package io.scangate.server.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletionException;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.scangate.verifier.batch.BatchRegistry;
import io.scangate.verifier.batch.BatchSpec;
import io.scangate.verifier.batch.BatchState;
import io.scangate.verifier.campaign.CampaignProblem;
import io.scangate.verifier.campaign.CampaignRejectedException;
import io.scangate.verifier.code.KeyRing;
import io.scangate.verifier.journal.Journal;
import io.scangate.verifier.ledger.ChronicleLedger;
import io.scangate.verifier.ledger.LedgerFullException;
import io.scangate.verifier.verdict.Verifier;
import io.scangate.verifier.verdict.VerifierContext;

/** Which status and problem body each admin refusal gets, from the handler or from the verifier. */
class AdminExceptionTest {
    /** The answer to {@code error} as the client sees it: status, the header asked for, and the parsed body. */
    private record Answer(int status, String header, JsonNode body) {
    }

    private static Answer answer(final Throwable error, final CharSequence header) throws Exception {
        final FullHttpResponse r = OpsResponses.problem(AdminException.of(error));
        try {
            assertEquals("application/problem+json", r.headers().get(HttpHeaderNames.CONTENT_TYPE));
            final JsonNode body = OpsResponses.JSON.readTree(r.content().toString(StandardCharsets.UTF_8));
            assertEquals(r.status().code(), body.get("status").asInt(), "status line and body agree");
            assertEquals(r.status().reasonPhrase(), body.get("title").asText());
            assertEquals("about:blank", body.get("type").asText());
            return new Answer(r.status().code(), header == null ? null : r.headers().get(header), body);
        } finally {
            r.release();
        }
    }

    @Test
    void shouldAnswerLeavingAVoidedBatchWithConflictAsTheVerifierRefusesIt() throws Exception {
        final ChronicleLedger ledger = ChronicleLedger.inMemory(100);
        try {
            final Verifier verifier = new Verifier(new VerifierContext().ledger(ledger).journal(Journal.DISCARD)
                    .batches(BatchRegistry.inMemory()).keys(KeyRing.of(1, 11, 22)).clock(() -> 0L));
            final long id = verifier.createBatch(BatchSpec.of("S", "6901234567892", "CN", 3L, null, null)).batchId();
            verifier.changeBatchState(id, BatchState.VOIDED);
            final RuntimeException refused = assertThrows(RuntimeException.class, () -> verifier.changeBatchState(id, BatchState.ACTIVE));
            final Answer a = answer(refused, null);
            assertEquals(409, a.status());
            assertEquals("batch " + id + " is voided; voiding is final", a.body().get("detail").asText());

            final Answer missing = answer(assertThrows(RuntimeException.class, () -> verifier.changeBatchState(99, BatchState.ACTIVE)), null);
            assertEquals(404, missing.status());
            assertEquals("no batch 99", missing.body().get("detail").asText());
        } finally {
            ledger.close();
        }
    }

    @Test
    void shouldAnswerABrokenInvariantWithServerErrorNotConflict() throws Exception {
        final Answer a = answer(new IllegalStateException("batch 2 overlaps batch 1"), null);
        assertEquals(500, a.status());
        assertEquals("admin action failed: java.lang.IllegalStateException: batch 2 overlaps batch 1", a.body().get("detail").asText());
    }

    @Test
    void shouldAnswerAFullLedgerWithServiceUnavailable() throws Exception {
        final LedgerFullException full = new LedgerFullException(100);
        final Answer a = answer(new CompletionException(full), HttpHeaderNames.RETRY_AFTER);
        assertEquals(503, a.status());
        assertEquals(full.getMessage(), a.body().get("detail").asText());
        assertNull(a.header(), "no Retry-After: the admin answer never had one");
    }

    @Test
    void shouldAnswerBadInputAndMissingThingsFromTheVerifierWith400And404() throws Exception {
        assertEquals(400, answer(new IllegalArgumentException("'count' must be between 1 and 100000000"), null).status());
        assertEquals(404, answer(new NoSuchElementException("no batch 7"), null).status());
    }

    @Test
    void shouldAnswerARefusedCampaignWith400NamingEveryProblemInOrder() throws Exception {
        final Answer a = answer(new CampaignRejectedException(List.of(new CampaignProblem("regions[0]", "not ISO 3166"),
                new CampaignProblem("currency", "must be ISO 4217 \"CNY\""))), null);
        assertEquals(400, a.status());
        assertEquals("campaign refused, nothing changed: 2 problem(s)", a.body().get("detail").asText());
        assertEquals("[{\"path\":\"regions[0]\",\"reason\":\"not ISO 3166\"},{\"path\":\"currency\",\"reason\":\"must be ISO 4217 \\\"CNY\\\"\"}]",
                a.body().get("errors").toString());
    }

    @Test
    void shouldPassAnAdminExceptionThroughAndCarryTheHeaderItNeeds() throws Exception {
        final AdminException notAllowed = AdminException.methodNotAllowed("GET, POST");
        assertSame(notAllowed, AdminException.of(new CompletionException(notAllowed)));
        final Answer a = answer(notAllowed, HttpHeaderNames.ALLOW);
        assertEquals(405, a.status());
        assertEquals("GET, POST", a.header());
        assertEquals("method not allowed; allowed: GET, POST", a.body().get("detail").asText());

        final Answer unauthorised = answer(AdminException.unauthorized(), HttpHeaderNames.WWW_AUTHENTICATE);
        assertEquals(401, unauthorised.status());
        assertEquals("Bearer realm=\"scangate-admin\"", unauthorised.header());
        final Answer overloaded = answer(AdminException.overloaded(), HttpHeaderNames.RETRY_AFTER);
        assertEquals(503, overloaded.status());
        assertEquals("1", overloaded.header());
    }
}
