package io.scangate.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Issue 20: every admin action (issue, void, clear-suspect, campaign apply and stop, links, actors)
 * appears once in the audit log with who made it (the admin token's name) and when, and the log
 * survives kill -9; reads change nothing in it.
 */
class AuditCrashIT {
    private static final String ALICE = "alice-ops-token-0123456789";
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path dir;

    private HttpResponse<String> admin(final ServerProcess s, final String token, final String method, final String path, final String body)
            throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.opsPort + path)).timeout(Duration.ofSeconds(20))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private void ok(final HttpResponse<String> r, final List<String> done, final String what) {
        assertTrue(r.statusCode() / 100 == 2, what + ": " + r.statusCode() + " " + r.body());
        done.add(what);
    }

    @Test
    void everyAdminActionIsAuditedOnceWithItsActorAndTimeAndSurvivesKill9() throws Exception {
        final Path data = dir.resolve("data");
        Files.createDirectories(data);
        Files.writeString(data.resolve("admin-tokens"), "# operators\nalice " + ALICE + "\n");
        final Instant before = Instant.now().minusSeconds(1);
        final List<String> done = new ArrayList<>();
        try (ServerProcess s = ServerProcess.start(data)) {
            s.await("scangate listening", 60);
            final String t = TestServer.TOKEN;
            ok(admin(s, t, "POST", "/admin/batches", "{\"sku\":\"COLA-330\",\"gtin\":\"06901234567892\",\"region\":\"CN-31\",\"count\":5}"),
                    done, "POST /admin/batches");
            final String code = admin(s, t, "GET", "/admin/batches/1/codes", null).body().lines().findFirst().orElseThrow().strip();
            ok(admin(s, ALICE, "POST", "/admin/codes/" + code + "/void", null), done, "POST /admin/codes/{code}/void");
            final HttpResponse<String> clear = admin(s, ALICE, "POST", "/admin/codes/" + code + "/clear-suspect", null);
            if (clear.statusCode() / 100 == 2) {
                done.add("POST /admin/codes/{code}/clear-suspect");
            }
            ok(admin(s, t, "POST", "/admin/campaigns", "{\"id\":\"summer\",\"start\":\"2026-01-01T00:00:00Z\",\"end\":\"2099-01-01T00:00:00Z\","
                    + "\"winProbability\":0.5,\"currency\":\"CNY\",\"budget\":{\"count\":10,\"amount\":1000},"
                    + "\"prizes\":[{\"id\":\"red\",\"amount\":100,\"weight\":1}]}"), done, "POST /admin/campaigns");
            ok(admin(s, ALICE, "POST", "/admin/campaigns/summer/stop", null), done, "POST /admin/campaigns/{id}/stop");
            ok(admin(s, t, "PUT", "/admin/links/06901234567892", "{\"links\":[{\"linkType\":\"gs1:pip\",\"href\":\"https://b.example/p\","
                    + "\"title\":\"P\",\"default\":true}]}"), done, "PUT /admin/links/{gtin}");
            ok(admin(s, ALICE, "POST", "/admin/actors", "{\"id\":\"dist-1\",\"role\":\"DISTRIBUTOR\",\"region\":\"CN-31\",\"name\":\"North\"}"),
                    done, "POST /admin/actors");
            admin(s, t, "GET", "/admin/campaigns/summer", null); // reads are not audited
            final JsonNode live = TestServer.JSON.readTree(admin(s, t, "GET", "/admin/audit?after=0&limit=100", null).body());
            assertEquals(done.size(), live.path("entries").size(), live.toString());
            s.process.destroyForcibly().waitFor(); // kill -9
        }
        try (ServerProcess s = ServerProcess.start(data)) {
            s.await("scangate listening", 60);
            final JsonNode entries = TestServer.JSON.readTree(admin(s, TestServer.TOKEN, "GET", "/admin/audit?after=0&limit=100", null).body())
                    .path("entries");
            final List<String> routes = new ArrayList<>();
            for (int i = 0; i < entries.size(); i++) {
                final JsonNode e = entries.get(i);
                assertEquals(i + 1, e.path("auditId").asLong(), "dense ids");
                routes.add(e.path("method").asText() + " " + e.path("route").asText());
                final Instant at = Instant.parse(e.path("at").asText());
                assertTrue(!at.isBefore(before) && !at.isAfter(Instant.now()), e.toString());
                final boolean byAlice = e.path("path").asText().contains("/void") || e.path("path").asText().contains("/stop")
                        || e.path("path").asText().contains("clear-suspect") || e.path("path").asText().equals("/admin/actors");
                assertEquals(byAlice ? "alice" : "admin", e.path("actor").asText(), e.toString());
            }
            assertEquals(done, routes, "each action once, in order, after kill -9 and a restart");
            assertEquals(32, entries.get(0).path("bodySha256").asText().length(), "the body is identified (128 bits of its SHA-256), not kept");
        }
    }
}
