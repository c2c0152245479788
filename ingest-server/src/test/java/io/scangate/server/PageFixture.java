package io.scangate.server;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Codes in every state the consumer page shows, made through the admin API of a running
 * {@link TestServer}: batches with and without metadata, an inactive batch, a prize campaign, a
 * voided code, a clone (SUSPECT by travel: the server must run with {@code clone.travel.window.minutes}),
 * a forged code and an unknown one.
 */
final class PageFixture {
    /** The product name the metadata gives, with characters that must be escaped. */
    static final String NAME = "冰爽可乐 Cola <330ml> & more";
    static final String NAME_ESCAPED = "冰爽可乐 Cola &lt;330ml&gt; &amp; more";

    private final TestServer server;
    private final Path dataDir;
    private final List<String> genuine;
    private final List<String> inactive;
    private final List<String> prize;
    private int next;
    private int unknownSerial = 1_000_000;

    PageFixture(final TestServer server, final Path dataDir, final String imageUrl) throws Exception {
        this.server = server;
        this.dataDir = dataDir;
        final String meta = "{\"name\":\"冰爽可乐 Cola <330ml> & more\",\"imageUrl\":\"" + imageUrl + "\",\"productionDate\":\"2026-03-01\","
                + "\"line\":\"Shanghai line 3\",\"steps\":[{\"step\":\"Bottled\",\"at\":\"2026-03-01T08:00:00Z\",\"place\":\"Shanghai plant\"},"
                + "{\"step\":\"Shipped\",\"at\":\"2026-03-03\",\"place\":\"East DC\"}]}";
        this.genuine = issue("{\"sku\":\"COLA-330\",\"gtin\":\"06901234567892\",\"region\":\"CN-31\",\"count\":60,\"meta\":" + meta + "}");
        this.inactive = issue("{\"sku\":\"COLA-IN\",\"gtin\":\"06901234567892\",\"region\":\"CN-31\",\"count\":8,\"state\":\"INACTIVE\"}");
        this.prize = issue("{\"sku\":\"PRIZE-1\",\"gtin\":\"06901234567892\",\"region\":\"CN\",\"count\":8,\"meta\":{\"name\":\"Prize cola\"}}");
        final Instant now = Instant.now();
        admin("POST", "/admin/campaigns", "{\"id\":\"page-win\",\"name\":\"Spring <win>\",\"start\":\"" + now.minusSeconds(3600)
                + "\",\"end\":\"" + now.plusSeconds(86_400) + "\",\"winProbability\":1.0,\"currency\":\"CNY\",\"skus\":[\"PRIZE-1\"],\"budget\":{\"count\":100,\"amount\":100000},"
                + "\"prizes\":[{\"id\":\"red-packet\",\"amount\":888,\"weight\":1}]}");
    }

    /** A fresh genuine code that no one has scanned. */
    synchronized String fresh() {
        return genuine.get(next++);
    }

    String scannedTwice() throws Exception {
        final String code = fresh();
        server.scan(code, "phone-a", "CN-31");
        server.scan(code, "phone-a", "CN-31");
        return code;
    }

    String suspect() throws Exception {
        final String code = fresh();
        server.scan(code, "phone-a", "CN-31");
        final JsonNode clone = server.scan(code, "phone-b", "US-CA");
        assertTrue("SUSPECT".equals(clone.get("verdict").asText()), clone.toString());
        return code;
    }

    String forged() {
        final String code = fresh();
        final String alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
        final char c = code.charAt(5);
        return code.substring(0, 5) + alphabet.charAt((alphabet.indexOf(c) + 7) % 32) + code.substring(6);
    }

    synchronized String unknown() throws Exception {
        return new io.scangate.verifier.code.CodeAuthenticator(io.scangate.verifier.code.KeyRing.openOrCreate(dataDir))
                .issue(1, unknownSerial++);
    }

    synchronized String inactive() {
        return inactive.remove(0);
    }

    synchronized String prize() {
        return prize.remove(0);
    }

    String voided() throws Exception {
        final String code = fresh();
        admin("POST", "/admin/codes/" + code + "/void", null);
        return code;
    }

    /** Issues a batch from its JSON through the admin API and returns its codes. */
    List<String> issue(final String batchJson) throws Exception {
        final long id = admin("POST", "/admin/batches", batchJson).get("batchId").asLong();
        final HttpResponse<String> codes = server.get(server.opsUrl() + "/admin/batches/" + id + "/codes",
                "Authorization", "Bearer " + TestServer.TOKEN);
        return new java.util.ArrayList<>(codes.body().lines().toList());
    }

    JsonNode admin(final String method, final String path, final String body) throws Exception {
        final HttpResponse<String> r = adminRaw(method, path, body);
        assertTrue(r.statusCode() / 100 == 2, method + " " + path + " answered " + r.statusCode() + ": " + r.body());
        return TestServer.JSON.readTree(r.body());
    }

    HttpResponse<String> adminRaw(final String method, final String path, final String body) throws Exception {
        return server.client.send(HttpRequest.newBuilder(URI.create(server.opsUrl() + path))
                .timeout(Duration.ofSeconds(20))
                .header("Authorization", "Bearer " + TestServer.TOKEN)
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
    }
}
