package io.scangate.server.ops;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletionException;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.AsciiString;
import io.scangate.verifier.batch.BatchConflictException;
import io.scangate.verifier.campaign.CampaignProblem;
import io.scangate.verifier.campaign.CampaignRejectedException;
import io.scangate.verifier.ledger.LedgerFullException;
import io.scangate.verifier.link.LinkProblem;
import io.scangate.verifier.link.LinkConflictException;
import io.scangate.verifier.link.LinkRejectedException;

/**
 * A refused ops request, typed so that its answer is chosen where it is refused, not guessed from
 * an exception class: the HTTP status, the problem detail, and the header a refusal may need
 * ({@code Allow}, {@code WWW-Authenticate}, {@code Retry-After}). {@link #of} maps what the
 * verifier throws; {@link OpsResponses#problem} turns either into problem+json.
 *
 * <p>Concurrency: immutable; thrown on an ops event loop or on the verifier thread.
 */
final class AdminException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient HttpResponseStatus status;
    private final transient AsciiString header;
    private final String headerValue;
    private final String members;

    AdminException(final HttpResponseStatus status, final String detail) {
        this(status, detail, null, null, null);
    }

    private AdminException(final HttpResponseStatus status, final String detail, final AsciiString header, final String headerValue,
                           final String members) {
        super(detail == null ? status.reasonPhrase() : detail, null, false, false); // an answer, not a bug: no stack trace
        this.status = status;
        this.header = header;
        this.headerValue = headerValue;
        this.members = members;
    }

    static AdminException badRequest(final String detail) {
        return new AdminException(HttpResponseStatus.BAD_REQUEST, detail);
    }

    static AdminException notFound(final String detail) {
        return new AdminException(HttpResponseStatus.NOT_FOUND, detail);
    }

    /** 409: the request is well formed but the state forbids it (an id already taken). */
    static AdminException conflict(final String detail) {
        return new AdminException(HttpResponseStatus.CONFLICT, detail);
    }

    /** 405, naming the methods the path has ({@code "GET, POST"}) in the detail and in {@code Allow}. */
    static AdminException methodNotAllowed(final String allow) {
        return new AdminException(HttpResponseStatus.METHOD_NOT_ALLOWED, "method not allowed; allowed: " + allow,
                HttpHeaderNames.ALLOW, allow, null);
    }

    static AdminException unauthorized() {
        return new AdminException(HttpResponseStatus.UNAUTHORIZED, "missing or wrong bearer token",
                HttpHeaderNames.WWW_AUTHENTICATE, "Bearer realm=\"scangate-admin\"", null);
    }

    /** The ring is full: try again in a second (the scan port's answer, with the same detail). */
    static AdminException overloaded() {
        return new AdminException(HttpResponseStatus.SERVICE_UNAVAILABLE, "overloaded: the verifier queue is full, retry shortly",
                HttpHeaderNames.RETRY_AFTER, "1", null);
    }

    /**
     * The answer to {@code error}, thrown by an admin handler or by the verifier running its
     * action: each refusal the verifier means as one gets its status; anything else is a 500.
     */
    static AdminException of(final Throwable error) {
        final Throwable e = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (e instanceof AdminException admin) {
            return admin;
        }
        if (e instanceof CampaignRejectedException rejected) {
            return campaignRefused(rejected.problems());
        }
        if (e instanceof LinkRejectedException rejected) {
            return linksRefused(rejected.problems());
        }
        if (e instanceof BatchConflictException || e instanceof LinkConflictException) {
            // leaving VOIDED, a key without serials, links without a default to fall back on: the state forbids it (docs/API.md)
            return new AdminException(HttpResponseStatus.CONFLICT, e.getMessage());
        }
        if (e instanceof LedgerFullException) {
            return new AdminException(HttpResponseStatus.SERVICE_UNAVAILABLE, e.getMessage());
        }
        if (e instanceof io.scangate.verifier.cluster.ClusterUnavailableException) {
            return new AdminException(HttpResponseStatus.SERVICE_UNAVAILABLE, e.getMessage(), HttpHeaderNames.RETRY_AFTER, "1", null);
        }
        if (e instanceof UnsupportedOperationException) {
            return new AdminException(HttpResponseStatus.NOT_IMPLEMENTED, e.getMessage()); // cluster mode: not carried by the cluster's log yet
        }
        if (e instanceof NoSuchElementException) {
            return notFound(e.getMessage()); // how the verifier says "no such batch"
        }
        if (e instanceof IllegalArgumentException) {
            return badRequest(e.getMessage()); // how the verifier's value types refuse input (BatchSpec, Regions)
        }
        // any other IllegalStateException is a broken invariant (overlapping batches, a corrupt journal), not a conflict
        return new AdminException(HttpResponseStatus.INTERNAL_SERVER_ERROR, "admin action failed: " + e);
    }

    /** 400 with RFC 9457 extension member {@code errors: [{path, reason}]}, one per problem. */
    static AdminException campaignRefused(final List<CampaignProblem> problems) {
        final List<Map<String, String>> errors = new ArrayList<>(problems.size());
        for (final CampaignProblem p : problems) {
            errors.add(error(p.path(), p.reason()));
        }
        return refused("campaign refused, nothing changed: " + problems.size() + " problem(s)", errors);
    }

    /** 400 with {@code errors: [{path, reason}]}, one per problem of an anchor or its links. */
    static AdminException linksRefused(final List<LinkProblem> problems) {
        final List<Map<String, String>> errors = new ArrayList<>(problems.size());
        for (final LinkProblem p : problems) {
            errors.add(error(p.path(), p.reason()));
        }
        return refused("links refused, nothing changed: " + problems.size() + " problem(s)", errors);
    }

    private static Map<String, String> error(final String path, final String reason) {
        final Map<String, String> error = new LinkedHashMap<>();
        error.put("path", path);
        error.put("reason", reason);
        return error;
    }

    private static AdminException refused(final String detail, final List<Map<String, String>> errors) {
        String members;
        try {
            members = "\"errors\":" + OpsResponses.JSON.writeValueAsString(errors);
        } catch (final JsonProcessingException x) {
            members = null; // the detail still says how many problems there were
        }
        return new AdminException(HttpResponseStatus.BAD_REQUEST, detail, null, null, members);
    }

    HttpResponseStatus status() {
        return status;
    }

    String detail() {
        return getMessage();
    }

    /** The header this answer needs, or null. */
    AsciiString header() {
        return header;
    }

    String headerValue() {
        return headerValue;
    }

    /** Extension members as JSON text ({@code "name":value,...}), or null. */
    String members() {
        return members;
    }
}
