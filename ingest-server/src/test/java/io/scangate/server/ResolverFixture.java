package io.scangate.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A running server with links for the resolver tests, and requests that do not follow redirects.
 * {@link #GTIN}: a product page in English (the default) and Chinese, recipes; its lot
 * {@link #LOT}: a recall notice; its serial {@link #SERIAL}: a warranty registration.
 * {@link #GTIN_RICE}: one link in two languages, the default. {@link #GTIN_NO_LINKS}: valid, no links.
 */
final class ResolverFixture implements AutoCloseable {
    static final String GTIN = "06901234567892";
    static final String GTIN_RICE = "09506000134352";
    static final String GTIN_NO_LINKS = "04006381333931";
    static final String LOT = "L2405";
    static final String SERIAL = "S0001";
    static final String EN = "https://brand.example/en/p";
    static final String ZH = "https://brand.example/zh/p";
    static final String RECIPES = "https://brand.example/recipes?x=1";
    static final String RECALL = "https://brand.example/recall/L2405";
    static final String WARRANTY = "https://brand.example/warranty";

    final TestServer server;
    private final HttpClient noRedirects = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private ResolverFixture(final TestServer server) {
        this.server = server;
    }

    static ResolverFixture start(final Path dir) throws Exception {
        final ResolverFixture f = new ResolverFixture(TestServer.start(dir.resolve("data")));
        f.put(GTIN, "{\"links\":["
                + "{\"linkType\":\"gs1:pip\",\"href\":\"" + EN + "\",\"title\":\"Product\",\"hreflang\":[\"en\"],\"type\":\"text/html\",\"default\":true},"
                + "{\"linkType\":\"gs1:pip\",\"href\":\"" + ZH + "\",\"title\":\"产品\",\"hreflang\":[\"zh-CN\"],\"type\":\"text/html\"},"
                + "{\"linkType\":\"gs1:recipeInfo\",\"href\":\"" + RECIPES + "\",\"title\":\"Recipes\"}]}");
        f.put(GTIN + "/lot/" + LOT, "{\"links\":[{\"linkType\":\"gs1:recallStatus\",\"href\":\"" + RECALL + "\",\"title\":\"Recall\"}]}");
        f.put(GTIN + "/serial/" + SERIAL,
                "{\"links\":[{\"linkType\":\"gs1:registerProduct\",\"href\":\"" + WARRANTY + "\",\"title\":\"Warranty\"}]}");
        f.put(GTIN_RICE, "{\"links\":[{\"linkType\":\"gs1:pip\",\"href\":\"https://other.example/p\",\"title\":\"Rice\","
                + "\"hreflang\":[\"en\",\"fr\"],\"default\":true}]}");
        return f;
    }

    private void put(final String anchor, final String body) throws Exception {
        final HttpResponse<String> r = putLinks(anchor, body);
        assertEquals(200, r.statusCode(), r.body());
    }

    /** {@code PUT /admin/links/{anchor}} on the ops port. */
    HttpResponse<String> putLinks(final String anchor, final String body) throws Exception {
        return server.client.send(HttpRequest.newBuilder(URI.create(server.opsUrl() + "/admin/links/" + anchor))
                .header("Authorization", "Bearer " + TestServer.TOKEN).PUT(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** {@code method} on the scan port's {@code pathAndQuery} with header name/value pairs; redirects not followed. */
    HttpResponse<String> send(final String method, final String pathAndQuery, final String... headers) throws Exception {
        final HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.scanUrl() + pathAndQuery)).timeout(Duration.ofSeconds(20))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (headers.length > 0) {
            b.headers(headers);
        }
        return noRedirects.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(final String pathAndQuery, final String... headers) throws Exception {
        return send("GET", pathAndQuery, headers);
    }

    @Override
    public void close() {
        server.close();
    }
}
