package io.scangate.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.scangate.verifier.batch.BatchSpec;
import io.scangate.verifier.code.CodeAuthenticator;

/** Scans past a device's or an address's rate get 429 with Retry-After and count nothing (issue 13). */
class RateLimitEndToEndTest {
    @TempDir
    Path dir;

    private static String code(final TestServer s, final long index) throws Exception {
        final io.scangate.verifier.batch.Batch b = (io.scangate.verifier.batch.Batch) s.server.runOnVerifier(
                v -> v.batches().index().all().isEmpty() ? v.createBatch(BatchSpec.of("S", "06901234567892", "CN", 100L, "ACTIVE", null))
                        : v.batches().index().all().get(0));
        return new CodeAuthenticator(s.server.keys()).issue(b.keyId(), b.firstSerial() + index);
    }

    private static HttpResponse<String> scan(final TestServer s, final String code, final String device) throws Exception {
        return s.post("/v1/scans", "{\"code\":\"" + code + "\",\"device\":\"" + device + "\"}");
    }

    @Test
    void shouldRefuseADeviceScanningFasterThanItsRateAndCountNothing() throws Exception {
        try (TestServer s = TestServer.start(dir.resolve("data"), Map.of("rate.per.device", "1", "rate.per.device.burst", "3"))) {
            for (int i = 0; i < 3; i++) {
                assertEquals(200, scan(s, code(s, i), "farm-phone").statusCode(), "within the burst");
            }
            final String fourth = code(s, 3);
            final HttpResponse<String> refused = scan(s, fourth, "farm-phone");
            assertEquals(429, refused.statusCode(), refused.body());
            assertTrue(refused.headers().firstValue("Retry-After").isPresent());
            assertTrue(refused.body().contains("too many scans from this device"), refused.body());
            final HttpResponse<String> other = scan(s, fourth, "honest-phone");
            assertEquals(200, other.statusCode(), "another device is not affected");
            assertEquals(1, TestServer.JSON.readTree(other.body()).get("scanCount").asInt(), "the refused scan counted nothing");
            assertTrue(s.scrape().contains("reason=\"rate_limit_device\""), "refusals are counted by reason");
        }
    }

    @Test
    void shouldRefuseAnAddressPastItsRate() throws Exception {
        try (TestServer s = TestServer.start(dir.resolve("data"), Map.of("rate.per.address", "1", "rate.per.address.burst", "2"))) {
            assertEquals(200, scan(s, code(s, 0), "a").statusCode());
            assertEquals(200, scan(s, code(s, 1), "b").statusCode());
            final HttpResponse<String> refused = scan(s, code(s, 2), "c");
            assertEquals(429, refused.statusCode(), refused.body());
            assertEquals("1", refused.headers().firstValue("Retry-After").orElse(""));
        }
    }
}
