package io.scangate.server;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Container health check without curl in the image: exit 0 if the URL answers 200, else 1. */
public final class HealthProbe {
    private HealthProbe() {
    }

    public static void main(final String[] args) {
        final String url = args.length > 0 ? args[0] : "http://127.0.0.1:9090/health/ready";
        try {
            final HttpResponse<Void> r = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()
                    .send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
            System.exit(r.statusCode() == 200 ? 0 : 1);
        } catch (final Exception e) {
            System.exit(1);
        }
    }
}
