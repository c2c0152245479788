package io.scangate.server.cli;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.scangate.server.Causes;

/**
 * A small blocking client of the admin API. Every failure becomes a {@link CliException}: exit 1
 * with the HTTP status and the problem's {@code detail} when the server answers with an error,
 * exit 3 when it cannot be reached. {@code 503} (ring full) changes no state, so it is retried.
 */
final class AdminClient {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** Time to the answer's headers; a code stream's body may take minutes after that and has no limit. */
    static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(60);
    static final int ATTEMPTS = 3;
    private static final long MAX_RETRY_PAUSE_MS = 5_000;
    private static final int MAX_ERROR_BODY = 64 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final String baseSource;
    private final String token;
    private final String refusedHint;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(CONNECT_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    /**
     * @param base        the ops port's base URL, without a trailing {@code /}
     * @param baseSource  where the URL came from ({@code --admin-url}, {@code $SCANGATE_ADMIN_URL}, ...), for messages
     * @param token       the bearer token, or null to send none
     * @param refusedHint what to tell the user when the server answers {@code 401}
     */
    AdminClient(final URI base, final String baseSource, final String token, final String refusedHint) {
        this.base = base;
        this.baseSource = baseSource;
        this.token = token;
        this.refusedHint = refusedHint;
    }

    /** {@code s} encoded as one URL path segment. */
    static String segment(final String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    JsonNode get(final String path) {
        return json(exchange(request(path).GET().build(), HttpResponse.BodyHandlers.ofString()));
    }

    /** POSTs {@code body} as JSON, or nothing when it is null. */
    JsonNode post(final String path, final Object body) {
        final HttpRequest.BodyPublisher publisher;
        try {
            publisher = body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body));
        } catch (final JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write request body as JSON", e);
        }
        return json(exchange(request(path).header("Content-Type", "application/json").POST(publisher).build(),
                HttpResponse.BodyHandlers.ofString()));
    }

    /** POSTs {@code body} (already JSON) as it is. */
    JsonNode postJson(final String path, final byte[] body) {
        return json(exchange(request(path).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString()));
    }

    /** PUTs {@code body} (already JSON) as it is. */
    JsonNode putJson(final String path, final byte[] body) {
        return json(exchange(request(path).header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString()));
    }

    JsonNode delete(final String path) {
        return json(exchange(request(path).DELETE().build(), HttpResponse.BodyHandlers.ofString()));
    }

    /** Opens a streamed {@code GET} after a {@code 200}; the caller reads and closes the body. */
    InputStream stream(final String path) {
        final HttpResponse<InputStream> r = exchange(request(path).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        if (r.statusCode() == 200) {
            return r.body();
        }
        String body;
        try (InputStream in = r.body()) {
            body = new String(in.readNBytes(MAX_ERROR_BODY), StandardCharsets.UTF_8);
        } catch (final IOException e) {
            body = "";
        }
        throw failure(r.statusCode(), body);
    }

    private HttpRequest.Builder request(final String path) {
        final HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(ANSWER_TIMEOUT);
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return b;
    }

    private <T> HttpResponse<T> exchange(final HttpRequest request, final HttpResponse.BodyHandler<T> handler) {
        for (int attempt = 1; ; attempt++) {
            final HttpResponse<T> r = send(request, handler);
            if (r.statusCode() != 503 || attempt == ATTEMPTS) {
                return r;
            }
            if (r.body() instanceof Closeable body) {
                try {
                    body.close();
                } catch (final IOException e) {
                    // the connection is dropped either way
                }
            }
            pause(retryAfterMillis(r));
        }
    }

    private <T> HttpResponse<T> send(final HttpRequest request, final HttpResponse.BodyHandler<T> handler) {
        try {
            return http.send(request, handler);
        } catch (final HttpConnectTimeoutException e) {
            throw unreachable("no connection within " + CONNECT_TIMEOUT.toSeconds() + " s");
        } catch (final HttpTimeoutException e) {
            throw new CliException(CliException.SERVER_ERROR, "scangate admin API at " + base + " did not answer " + request.method() + " "
                    + request.uri().getRawPath() + " within " + ANSWER_TIMEOUT.toSeconds() + " s"
                    + ("GET".equals(request.method()) ? "" : "; it may still take effect"));
        } catch (final IOException e) {
            throw unreachable(describe(e));
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(CliException.SERVER_ERROR, "interrupted while waiting for the scangate admin API");
        }
    }

    private CliException unreachable(final String why) {
        return new CliException(CliException.UNREACHABLE, "cannot reach scangate admin API at " + base + ": " + why + " ("
                + new AdminUrlOption.Target(base, baseSource).unreachableHint() + ")");
    }

    private CliException failure(final int status, final String body) {
        String title = null;
        String detail = null;
        final StringBuilder errors = new StringBuilder();
        try {
            final JsonNode problem = JSON.readTree(body);
            if (problem != null && problem.isObject()) {
                title = problem.hasNonNull("title") ? problem.get("title").asText() : null;
                detail = problem.hasNonNull("detail") ? problem.get("detail").asText() : null;
                if (problem.path("errors").isArray()) {
                    for (final JsonNode e : problem.get("errors")) {
                        errors.append(System.lineSeparator()).append("  ").append(e.path("path").asText()).append(": ")
                                .append(e.path("reason").asText());
                    }
                }
            }
        } catch (final JsonProcessingException e) {
            // not problem+json: show the body as it is
        }
        if (detail == null) {
            final String text = body.strip();
            detail = text.isEmpty() ? "(no detail)" : text.length() > 300 ? text.substring(0, 300) + "..." : text;
        }
        final StringBuilder message = new StringBuilder("admin API answered HTTP ").append(status);
        if (title != null) {
            message.append(' ').append(title);
        }
        message.append(": ").append(detail);
        if (status == 401 && refusedHint != null) {
            message.append("; ").append(refusedHint);
        }
        message.append(errors);
        return new CliException(CliException.SERVER_ERROR, message.toString());
    }

    private JsonNode json(final HttpResponse<String> r) {
        if (r.statusCode() / 100 != 2) {
            throw failure(r.statusCode(), r.body());
        }
        try {
            final JsonNode json = JSON.readTree(r.body());
            if (json == null || json.isMissingNode()) {
                throw new CliException(CliException.SERVER_ERROR, "admin API answered HTTP " + r.statusCode() + " without a body");
            }
            return json;
        } catch (final JsonProcessingException e) {
            throw new CliException(CliException.SERVER_ERROR, "admin API answered malformed JSON: " + e.getOriginalMessage());
        }
    }

    private static long retryAfterMillis(final HttpResponse<?> r) {
        try {
            final long seconds = Long.parseLong(r.headers().firstValue("Retry-After").orElse("1").strip());
            return Math.min(Math.max(seconds, 0) * 1000, MAX_RETRY_PAUSE_MS);
        } catch (final NumberFormatException e) {
            return 1000; // an HTTP date: not worth parsing for a short pause
        }
    }

    private static void pause(final long millis) {
        try {
            Thread.sleep(millis);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(CliException.SERVER_ERROR, "interrupted while waiting to retry");
        }
    }

    /** Why a connection failed, in words: the JDK client mostly throws {@code ConnectException}s without a message. */
    private String describe(final IOException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UnresolvedAddressException) {
                return "unknown host " + base.getHost();
            }
        }
        return Causes.describe(e);
    }
}
