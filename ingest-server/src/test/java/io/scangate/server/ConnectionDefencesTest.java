package io.scangate.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Connections that hold the server without using it are limited and closed (issue 13): a cap per
 * port and per client address, an idle timeout, and a deadline for a whole request (slowloris),
 * while honest clients keep being served.
 */
class ConnectionDefencesTest {
    @TempDir
    Path dir;

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static Socket connect(final int port) throws IOException {
        final Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
        s.setSoTimeout(5_000);
        return s;
    }

    /** Reads until the server closes the connection (or 5 s pass); returns what came. */
    private static String readToClose(final Socket s) throws IOException {
        final InputStream in = s.getInputStream();
        final StringBuilder out = new StringBuilder();
        final byte[] buf = new byte[4096];
        try {
            int n;
            while ((n = in.read(buf)) >= 0) {
                out.append(new String(buf, 0, n, StandardCharsets.US_ASCII));
            }
        } catch (final SocketTimeoutException e) {
            throw new AssertionError("the server did not close the connection; read so far: " + out, e);
        } catch (final IOException e) {
            // reset by the server: closed as well
        }
        return out.toString();
    }

    private int health(final TestServer s) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(s.opsUrl() + "/health/live")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    private int options(final TestServer s) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(s.scanUrl() + "/v1/scans")).method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    @Test
    void shouldRefuseConnectionsOverThePerAddressCapWith503AndServeAgainWhenOneCloses() throws Exception {
        try (TestServer s = TestServer.start(dir.resolve("data"), Map.of("http.max.connections.per.address", "3"))) {
            final int port = s.server.httpPort();
            final List<Socket> held = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    held.add(connect(port));
                }
                Thread.sleep(200);
                try (Socket fourth = connect(port)) {
                    final String answer = readToClose(fourth);
                    assertTrue(answer.startsWith("HTTP/1.1 503"), answer);
                    assertTrue(answer.contains("Retry-After: 1"), answer);
                }
                final OutputStream out = held.get(0).getOutputStream();
                out.write("OPTIONS /v1/scans HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                final byte[] buf = new byte[256];
                final int n = held.get(0).getInputStream().read(buf);
                assertTrue(new String(buf, 0, n, StandardCharsets.US_ASCII).startsWith("HTTP/1.1 204"), "held connections are served");
            } finally {
                for (final Socket h : held) {
                    h.close();
                }
            }
            Thread.sleep(300);
            assertEquals(204, options(s), "after they close, a new connection is served");
            assertTrue(s.scrape().contains("scangate_connections_closed_total{port=\"http\",reason=\"limit\"} 1.0"), s.scrape());
        }
    }

    @Test
    void shouldCloseASlowlorisRequestAtItsDeadlineWhileOthersAreServed() throws Exception {
        try (TestServer s = TestServer.start(dir.resolve("data"), Map.of("http.request.timeout.seconds", "1"))) {
            try (Socket slow = connect(s.server.httpPort())) {
                final OutputStream out = slow.getOutputStream();
                final long t0 = System.nanoTime();
                out.write("GET /c/".getBytes(StandardCharsets.US_ASCII));
                boolean closed = false;
                for (int i = 0; i < 40 && !closed; i++) { // trickle a byte every 100 ms, for 4 s at most
                    Thread.sleep(100);
                    assertEquals(204, i % 10 == 0 ? options(s) : 204, "honest clients keep being served");
                    try {
                        out.write('A');
                        out.flush();
                    } catch (final IOException e) {
                        closed = true;
                    }
                    if (!closed) {
                        slow.setSoTimeout(1);
                        try {
                            closed = slow.getInputStream().read() < 0;
                        } catch (final SocketTimeoutException e) {
                            // still open
                        } catch (final IOException e) {
                            closed = true;
                        }
                    }
                }
                final double seconds = (System.nanoTime() - t0) / 1e9;
                assertTrue(closed, "a request trickled for 4 s must be cut");
                assertTrue(seconds < 3, "cut near its 1 s deadline, was " + seconds);
            }
            assertTrue(s.scrape().contains("scangate_connections_closed_total{port=\"http\",reason=\"slow_request\"} 1.0"), s.scrape());
        }
    }

    @Test
    void shouldTimeASlowRequestFromItsOwnFirstByteAfterAQuickOneOnTheSameConnection() throws Exception {
        try (TestServer s = TestServer.start(dir.resolve("data"), Map.of("http.request.timeout.seconds", "1"))) {
            try (Socket c = connect(s.server.httpPort())) {
                final OutputStream out = c.getOutputStream();
                out.write("OPTIONS /v1/scans HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                final InputStream in = c.getInputStream();
                final byte[] head = new byte[12];
                assertEquals(12, in.readNBytes(head, 0, 12));
                assertEquals("HTTP/1.1 204", new String(head, StandardCharsets.US_ASCII), "the quick request is answered");
                Thread.sleep(700); // the quick request's deadline (1 s after its first byte) passes while the slow one runs
                final long t0 = System.nanoTime();
                out.write("GET /c/".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                boolean closed = false;
                double closedAt = -1;
                for (int i = 0; i < 40 && !closed; i++) { // a byte every 50 ms, for 2 s at most
                    Thread.sleep(50);
                    try {
                        out.write('A');
                        out.flush();
                        c.setSoTimeout(1);
                        closed = in.read() < 0;
                    } catch (final SocketTimeoutException e) {
                        // still open
                    } catch (final IOException e) {
                        closed = true;
                    }
                    if (closed) {
                        closedAt = (System.nanoTime() - t0) / 1e9;
                    }
                }
                assertTrue(closed, "the slow request is cut at its own deadline");
                assertTrue(closedAt >= 0.9, "not at the quick request's deadline (0.3 s into the slow one): cut at " + closedAt + " s");
            }
            assertTrue(s.scrape().contains("scangate_connections_closed_total{port=\"http\",reason=\"slow_request\"} 1.0"), s.scrape());
        }
    }

    @Test
    void shouldCloseAnIdleConnectionButNotOneWaitingForItsAnswer() throws Exception {
        try (TestServer s = TestServer.start(dir.resolve("data"), Map.of("http.idle.timeout.seconds", "1"))) {
            try (Socket idle = connect(s.server.httpPort())) {
                final long t0 = System.nanoTime();
                assertEquals("", readToClose(idle));
                final double seconds = (System.nanoTime() - t0) / 1e9;
                assertTrue(seconds > 0.8 && seconds < 4, "closed after about 1 s idle, was " + seconds);
            }
            assertEquals(200, health(s));
            assertTrue(s.scrape().contains("scangate_connections_closed_total{port=\"http\",reason=\"idle\"} 1.0"), s.scrape());
        }
    }
}
