package io.scangate.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The consumer page over plain HTTP (no browser): language choice, HEAD, escaping, size, and batch
 * metadata through the admin API and the CLI, validated and kept across a restart that replays
 * the journal.
 */
class ConsumerPageTest {
    @TempDir
    Path dir;

    private static String page(final TestServer server, final String code, final String query, final String... headers) throws Exception {
        final HttpResponse<String> r = server.get(server.scanUrl() + "/c/" + code + query, headers);
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("content-type").orElse("").startsWith("text/html"));
        return r.body();
    }

    @Test
    void shouldChooseTheLanguageByAcceptLanguageThenByTheScanRegion() throws Exception {
        try (TestServer server = TestServer.start(dir.resolve("data"))) {
            final List<String> codes = OpsFixture.issue(server, dir, 8);
            assertTrue(page(server, codes.get(0), "?region=CN-31").contains("<html lang=\"zh-CN\">"), "CN region, no preference");
            assertTrue(page(server, codes.get(1), "?region=US-CA").contains("<html lang=\"en\">"), "other region");
            assertTrue(page(server, codes.get(2), "").contains("<html lang=\"en\">"), "no region");
            assertTrue(page(server, codes.get(3), "?region=CN", "Accept-Language", "en-GB").contains("<html lang=\"en\">"));
            assertTrue(page(server, codes.get(4), "?region=US", "Accept-Language", "en;q=0.4, zh-TW;q=0.9").contains("lang=\"zh-CN\""));
            assertTrue(page(server, codes.get(5), "?region=CN", "Accept-Language", "zh;q=0, en;q=0.1").contains("lang=\"en\""));
            assertTrue(page(server, codes.get(6), "?region=CN", "Accept-Language", "fr-FR").contains("lang=\"en\""),
                    "a language the page does not speak gives English");
            assertTrue(page(server, codes.get(7), "?region=CN-44", "Accept-Language", "*").contains("lang=\"zh-CN\""),
                    "* states no preference");
        }
    }

    @Test
    void shouldShowTheBrandsLinksInThePagesLanguageAlsoForACodeThatIsNotGenuine() throws Exception {
        try (TestServer server = TestServer.start(dir.resolve("data"))) {
            final List<String> codes = OpsFixture.issue(server, dir, 2);
            final HttpResponse<String> put = server.client.send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(server.opsUrl() + "/admin/links/06901234567892")).header("Authorization", "Bearer " + TestServer.TOKEN)
                    .PUT(java.net.http.HttpRequest.BodyPublishers.ofString("{\"links\":["
                            + "{\"linkType\":\"gs1:pip\",\"href\":\"https://brand.example/en\",\"title\":\"About the cola\",\"hreflang\":[\"en\"],\"default\":true},"
                            + "{\"linkType\":\"gs1:pip\",\"href\":\"https://brand.example/zh\",\"title\":\"关于可乐\",\"hreflang\":[\"zh-CN\"]}]}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, put.statusCode(), put.body());
            final String zh = page(server, codes.get(0), "?region=CN-31");
            assertTrue(zh.contains("id=\"links\"") && zh.contains("关于可乐") && !zh.contains("About the cola"), zh);
            assertTrue(page(server, codes.get(1), "", "Accept-Language", "en").contains("https://brand.example/en"));
            final String code = codes.get(0);
            final String forged = code.substring(0, 19) + (code.charAt(19) == '0' ? '1' : '0');
            final HttpResponse<String> r = server.get(server.scanUrl() + "/01/06901234567892/21/" + forged, "Accept-Language", "en");
            assertTrue(r.body().contains("Not genuine") && r.body().contains("About the cola"), "a forged serial still gets the product's links: " + r.body());
        }
    }

    @Test
    void shouldAnswerHeadWithThePageHeadersAndNoBody() throws Exception {
        try (TestServer server = TestServer.start(dir.resolve("data"))) {
            final String code = OpsFixture.issue(server, dir, 1).get(0);
            final HttpResponse<String> head = server.client.send(HttpRequest.newBuilder(URI.create(server.scanUrl() + "/c/" + code))
                    .timeout(Duration.ofSeconds(20)).method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, head.statusCode());
            assertTrue(head.headers().firstValue("content-type").orElse("").startsWith("text/html"));
            assertEquals("", head.body());
            assertEquals(java.util.Optional.empty(), head.headers().firstValue("content-length"),
                    "GET's length is known only once the scan is made: HEAD does not claim 0");
            final HttpResponse<String> jsonHead = server.client.send(HttpRequest.newBuilder(URI.create(server.scanUrl() + "/c/" + code))
                    .timeout(Duration.ofSeconds(20)).header("Accept", "application/json").method("HEAD", HttpRequest.BodyPublishers.noBody())
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(java.util.Optional.empty(), jsonHead.headers().firstValue("content-length"));
            assertTrue(page(server, code, "", "Accept-Language", "en").contains("First scan"), "HEAD counted nothing");
            final HttpResponse<String> get = server.get(server.scanUrl() + "/c/" + code, "Accept", "application/json");
            assertEquals(get.headers().firstValue("content-type"), jsonHead.headers().firstValue("content-type"),
                    "HEAD names GET's Content-Type");
            assertEquals(head.headers().firstValue("cache-control"), get.headers().firstValue("cache-control"));
        }
    }

    @Test
    void shouldRefuseBadMetadataNamingEveryBadField() throws Exception {
        try (TestServer server = TestServer.start(dir.resolve("data"))) {
            final PageFixture admin = new PageFixture(server, dir.resolve("data"), "https://cdn.example.com/a.png");
            final long id = admin.admin("GET", "/admin/batches", null).get("batches").get(0).get("batchId").asLong();
            final String steps = ",{\"step\":\"s\"}".repeat(21).substring(1);
            final HttpResponse<String> bad = admin.adminRaw("PUT", "/admin/batches/" + id + "/meta", "{\"name\":\"" + "x".repeat(201)
                    + "\",\"imageUrl\":\"javascript:alert(1)\",\"productionDate\":\"2026-13-01\",\"line\":7,\"steps\":[" + steps + "],\"colour\":\"red\"}");
            assertEquals(400, bad.statusCode(), bad.body());
            for (final String field : List.of("meta.name", "meta.imageUrl", "meta.productionDate", "meta.line", "meta.steps", "meta.colour")) {
                assertTrue(bad.body().contains(field), field + " not named in " + bad.body());
            }
            final HttpResponse<String> badStep = admin.adminRaw("POST", "/admin/batches", "{\"sku\":\"A\",\"gtin\":\"06901234567892\","
                    + "\"region\":\"CN\",\"count\":1,\"meta\":{\"imageUrl\":\"ftp://x/y.png\",\"steps\":[{\"at\":\"yesterday\"}]}}");
            assertEquals(400, badStep.statusCode(), badStep.body());
            for (final String field : List.of("meta.imageUrl", "meta.steps[0].step", "meta.steps[0].at")) {
                assertTrue(badStep.body().contains(field), field + " not named in " + badStep.body());
            }
            assertEquals(3, admin.admin("GET", "/admin/batches", null).get("batches").size(), "the refused batch was not made");
        }
    }

    @Test
    void shouldKeepMetadataSetLaterAcrossARestartThatReplaysTheJournal() throws Exception {
        final Path data = dir.resolve("data");
        final String code;
        final long id;
        try (TestServer server = TestServer.start(data)) {
            final PageFixture admin = new PageFixture(server, data, "https://cdn.example.com/a.png");
            code = admin.inactive();
            id = admin.admin("GET", "/admin/batches", null).get("batches").get(1).get("batchId").asLong();
            final JsonNode set = admin.admin("PUT", "/admin/batches/" + id + "/meta", "{\"name\":\"<b>Later</b> name\","
                    + "\"steps\":[{\"step\":\"Packed\",\"place\":\"Line \\\"A\\\"\"}]}");
            assertEquals("<b>Later</b> name", set.get("meta").get("name").asText());
            admin.admin("POST", "/admin/batches/" + id + "/state", "{\"state\":\"ACTIVE\"}");
        }
        Files.delete(data.resolve("batches.json"));
        try (TestServer server = TestServer.start(data)) {
            final String html = page(server, code, "?region=CN-31", "Accept-Language", "en");
            assertTrue(html.contains("&lt;b&gt;Later&lt;/b&gt; name") && html.contains("Line &quot;A&quot;"), html);
            assertFalse(html.contains("<b>Later"), "user text is escaped");
            assertTrue(html.contains("Genuine product"), "the state change after the metadata kept it: " + html);
        }
    }

    /** Metadata at the string limits: {@code steps} steps of {@code stepChars} Chinese characters in step and place. */
    private static String bigMeta(final int steps, final int stepChars) {
        final StringBuilder b = new StringBuilder();
        for (int i = 0; i < steps; i++) {
            b.append(i == 0 ? "" : ",").append("{\"step\":\"").append("步".repeat(stepChars)).append("\",\"at\":\"2026-03-01T08:00:00+08:00\","
                    + "\"place\":\"").append("厂".repeat(stepChars)).append("\"}");
        }
        return "{\"name\":\"" + "名".repeat(200) + "\",\"imageUrl\":\"https://cdn.example.com/" + "p".repeat(2000)
                + "\",\"productionDate\":\"2026-03-01\",\"line\":\"" + "线".repeat(200) + "\",\"steps\":[" + b + "]}";
    }

    @Test
    void shouldTakeMetadataFromTheCliAndStayUnder30KilobytesWithTheLargestMetadata() throws Exception {
        try (TestServer server = TestServer.start(dir.resolve("data"))) {
            final Path meta = dir.resolve("meta.json");
            Files.writeString(meta, bigMeta(20, 100), StandardCharsets.UTF_8);
            final String code = OpsFixture.issue(server, dir, 1, "--meta", meta.toString()).get(0);
            final String html = page(server, code, "?region=CN");
            assertTrue(html.contains("名".repeat(200)), "the CLI's --meta reached the page");
            final int bytes = html.getBytes(StandardCharsets.UTF_8).length;
            assertTrue(bytes < 30 * 1024, "page is " + bytes + " bytes");
            final PageFixture admin = new PageFixture(server, dir.resolve("data"), "https://cdn.example.com/a.png");
            final HttpResponse<String> tooBig = admin.adminRaw("PUT", "/admin/batches/1/meta", bigMeta(20, 200));
            assertEquals(400, tooBig.statusCode(), "every string within its limit, but the page would pass 30 KB");
            assertTrue(tooBig.body().contains("bytes of the consumer page"), tooBig.body());
            final TestServer.Cli bad = TestServer.cli("codes", "issue", "--sku", "A", "--gtin", "06901234567892", "--region", "CN",
                    "--count", "1", "--out", dir.resolve("x.txt").toString(), "--meta", dir.resolve("missing.json").toString(),
                    "--admin-url", server.opsUrl(), "--token", TestServer.TOKEN);
            assertTrue(bad.exit() != 0 && bad.err().contains("--meta"), bad.err());
        }
    }
}
