package io.scangate.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scan port and the ops port answer the same status and detail with the same problem+json bytes. */
class ProblemBodiesEndToEndTest {
    @TempDir
    static Path dir;
    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(dir.resolve("data"));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static HttpResponse<byte[]> get(final String url, final String... headers) throws Exception {
        final HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).GET();
        if (headers.length > 0) {
            b.headers(headers);
        }
        return server.client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static void assertSameProblem(final int status, final HttpResponse<byte[]> scan, final HttpResponse<byte[]> ops) {
        final String scanBody = new String(scan.body(), StandardCharsets.UTF_8);
        assertEquals(status, scan.statusCode(), scanBody);
        assertEquals(status, ops.statusCode(), new String(ops.body(), StandardCharsets.UTF_8));
        assertEquals("application/problem+json", scan.headers().firstValue("content-type").orElse(""));
        assertEquals("application/problem+json", ops.headers().firstValue("content-type").orElse(""));
        assertArrayEquals(scan.body(), ops.body(), () -> "scan port: " + scanBody + "\nops port:  " + new String(ops.body(), StandardCharsets.UTF_8));
    }

    @Test
    void shouldAnswerAnUnknownPathWithTheSameProblemBytesOnBothPorts() throws Exception {
        assertSameProblem(404, get(server.scanUrl() + "/nowhere/at-all"), get(server.opsUrl() + "/nowhere/at-all"));
    }

    @Test
    void shouldAnswerAnOverlongCodeWithTheSameProblemBytesOnBothPorts() throws Exception {
        final String code = "A".repeat(65);
        assertSameProblem(400, get(server.scanUrl() + "/c/" + code, "Accept", "application/json"),
                get(server.opsUrl() + "/admin/codes/" + code, "Authorization", "Bearer " + TestServer.TOKEN));
    }
}
