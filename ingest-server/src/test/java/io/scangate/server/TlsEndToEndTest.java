package io.scangate.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FileInputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTPS on the scan port (issue 15: a resolver must serve HTTPS): a self-signed certificate made
 * with openssl for 127.0.0.1, scans answered over TLS, plain HTTP refused on that port, and bad
 * TLS settings named at start.
 */
class TlsEndToEndTest {
    @TempDir
    Path dir;

    /** A self-signed certificate for 127.0.0.1 and its PKCS#8 key, made by openssl (bounded to 60 s). */
    private Path[] certificate() throws Exception {
        final Path cert = dir.resolve("cert.pem");
        final Path key = dir.resolve("key.pem");
        final Process p = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", key.toString(), "-out", cert.toString())
                .redirectErrorStream(true).start();
        final String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "openssl failed (is it installed?): " + out);
        return new Path[] {cert, key};
    }

    private static HttpClient trusting(final Path cert) throws Exception {
        final KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        try (InputStream in = new FileInputStream(cert.toFile())) {
            store.setCertificateEntry("scangate", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        final TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        final SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(ssl).connectTimeout(Duration.ofSeconds(5)).build();
    }

    @Test
    void shouldAnswerScansOverHttpsWithTheConfiguredCertificate() throws Exception {
        final Path[] files = certificate();
        try (TestServer s = TestServer.start(dir.resolve("data"), Map.of("tls.cert.file", files[0].toString(), "tls.key.file", files[1].toString()))) {
            final List<String> codes = OpsFixture.issue(s, dir, 1);
            final HttpResponse<String> r = trusting(files[0]).send(HttpRequest.newBuilder(
                    URI.create("https://127.0.0.1:" + s.server.httpPort() + "/c/" + codes.get(0))).header("Accept", "application/json")
                    .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), r.body());
            assertTrue(r.body().contains("\"GENUINE\""), r.body());
            assertThrows(java.io.IOException.class, () -> s.get(s.scanUrl() + "/c/" + codes.get(0)), "plain HTTP is no TLS handshake");
        }
    }

    @Test
    void shouldNameTheMissingHalfAndAnUnusableFileAtStart() throws Exception {
        final Path[] files = certificate();
        final IllegalArgumentException half = assertThrows(IllegalArgumentException.class,
                () -> ServerConfig.load(null, Map.of(), Map.of("tls.cert.file", files[0].toString())));
        assertTrue(half.getMessage().contains("'tls.cert.file' and 'tls.key.file' go together"), half.getMessage());
        final Path notPem = Files.writeString(dir.resolve("junk.pem"), "not a key");
        final Exception bad = assertThrows(Exception.class, () -> TestServer.start(dir.resolve("data2"),
                Map.of("tls.cert.file", files[0].toString(), "tls.key.file", notPem.toString())));
        assertTrue(String.valueOf(bad.getMessage()).contains("tls.key.file " + notPem), String.valueOf(bad.getMessage()));
    }
}
