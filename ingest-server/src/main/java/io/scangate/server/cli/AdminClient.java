package io.scangate.server.cli;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** A small client of the admin API over {@link HttpClient}; failures become {@link CliException}s. */
final class AdminClient {
    static final ObjectMapper JSON = new ObjectMapper();

    private final String baseUrl;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    AdminClient(final String baseUrl, final String token) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.token = token;
    }

    static String segment(final String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    JsonNode get(final String path) {
        return json(send(request(path).timeout(Duration.ofSeconds(60)).GET().build()));
    }

    JsonNode post(final String path, final Object body) {
        final String text;
        try {
            text = body == null ? "" : JSON.writeValueAsString(body);
        } catch (final IOException e) {
            throw new IllegalStateException(e);
        }
        return json(send(request(path).timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(text)).build()));
    }

    /** Opens a streamed GET; the caller closes the stream. No overall timeout: 10M codes take a while. */
    InputStream stream(final String path) {
        final HttpResponse<InputStream> r = call(request(path).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        if (r.statusCode() != 200) {
            try (InputStream in = r.body()) {
                throw failure(r.statusCode(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (final IOException e) {
                throw new CliException(1, "admin API answered " + r.statusCode());
            }
        }
        return r.body();
    }

    private HttpRequest.Builder request(final String path) {
        final HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + path));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return b;
    }

    private HttpResponse<String> send(final HttpRequest request) {
        final HttpResponse<String> r = call(request, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            throw failure(r.statusCode(), r.body());
        }
        return r;
    }

    private <T> HttpResponse<T> call(final HttpRequest request, final HttpResponse.BodyHandler<T> handler) {
        try {
            return http.send(request, handler);
        } catch (final ConnectException | HttpConnectTimeoutException e) {
            throw new CliException(3, "cannot reach scangate admin API at " + baseUrl + ": " + e);
        } catch (final IOException e) {
            throw new CliException(3, "cannot reach scangate admin API at " + baseUrl + ": " + e);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(1, "interrupted");
        }
    }

    private static CliException failure(final int status, final String body) {
        String detail = body;
        try {
            final JsonNode problem = JSON.readTree(body);
            if (problem != null && problem.hasNonNull("detail")) {
                detail = problem.get("detail").asText();
            }
        } catch (final IOException ignored) {
            // not problem+json: show the body as it is
        }
        return new CliException(1, "admin API answered " + status + ": " + detail);
    }

    private static JsonNode json(final HttpResponse<String> r) {
        try {
            return JSON.readTree(r.body());
        } catch (final IOException e) {
            throw new CliException(1, "admin API answered with malformed JSON: " + e.getMessage());
        }
    }
}
