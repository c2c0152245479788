package io.scangate.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

/** The packaged server as its own process: SIGTERM keeps every count; a second process is refused. */
class ServerProcessIT {
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path dir;

    @Test
    void shouldKeepEveryCountAcrossSigtermAndRefuseASecondProcess() throws Exception {
        final Path data = dir.resolve("data");
        final String code;
        try (ServerProcess first = ServerProcess.start(data, "--demo")) {
            first.await("scangate listening", 60);
            first.await("curl -s", 30);
            final List<String> codes = Files.readAllLines(data.resolve("demo-codes.txt"));
            assertEquals(1000, codes.size());
            code = codes.get(7);
            for (int i = 1; i <= 5; i++) {
                assertEquals(i, scan(first.httpPort, code, "CN-31").get("scanCount").asInt());
            }
            try (ServerProcess second = ServerProcess.start(data)) {
                assertTrue(second.process.waitFor(60, TimeUnit.SECONDS), "second server must exit");
                assertNotEquals(0, second.process.exitValue());
                assertTrue(second.output().contains("in use by another scangate process"), second.output());
            }
            assertEquals(6, scan(first.httpPort, code, null).get("scanCount").asInt(), "first server unaffected");
            final int exit = first.terminate(60);
            assertTrue(exit == 0 || exit == 143, "clean exit on SIGTERM, was " + exit);
            assertTrue(first.output().contains("event=stopped"), "exit " + exit + ":\n" + first.output());
            // the stop's own steps run to the end: no library closes the ledger under them (Chronicle's exit hook did)
            assertFalse(first.output().contains("event=close_failure"), first.output());
            assertTrue(first.output().contains("event=snapshot_at_stop"), first.output());
        }
        try (ServerProcess again = ServerProcess.start(data)) {
            again.await("scangate listening", 60);
            assertTrue(again.output().contains("recovery_mode=OPENED"), again.output());
            final JsonNode after = scan(again.httpPort, code, null);
            assertEquals(7, after.get("scanCount").asInt());
            assertEquals("CN-31", after.get("firstScanRegion").asText());
            again.terminate(60);
        }

        // a torn journal tail (half a record of garbage after the last one) is cut with a clear log line
        final Path segment = data.resolve("journal/segment-0000000000.log");
        final java.nio.ByteBuffer bytes = java.nio.ByteBuffer.wrap(Files.readAllBytes(segment)).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        int recordStart = 0;
        while (bytes.getInt(recordStart) != 0) {
            recordStart += bytes.getInt(recordStart); // each record starts with its length
        }
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(segment.toFile(), "rw")) {
            f.seek(recordStart);
            f.write(new byte[] {112, 0, 0, 0, 1, 2, 3, 4, 1, 1, 0, 0, 9, 9, 9, 9, 9, 9});
        }
        // and a ledger file damaged while the server was down is rebuilt: from the clean stop's snapshot and the journal after it
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(data.resolve("ledger.cm3").toFile(), "rw")) {
            f.seek(f.length() / 2);
            f.write(new byte[4096]);
            f.seek(16);
            f.write(new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF});
        }
        try (ServerProcess repaired = ServerProcess.start(data)) {
            repaired.await("scangate listening", 60);
            final String log = repaired.output();
            assertTrue(log.contains("event=journal_torn_tail segment=0 offset=" + recordStart), log);
            assertTrue(log.contains("recovery_mode=SNAPSHOT"), log);
            assertEquals(8, scan(repaired.httpPort, code, null).get("scanCount").asInt(), "nothing acknowledged was lost");
            repaired.terminate(60);
        }
    }

    private JsonNode scan(final int port, final String code, final String region) throws Exception {
        final String body = "{\"code\":\"" + code + "\",\"device\":\"it\"" + (region == null ? "" : ",\"region\":\"" + region + "\"") + "}";
        final HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/scans"))
                .timeout(Duration.ofSeconds(20)).POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return TestServer.JSON.readTree(r.body());
    }

    /**
     * A start that cannot bind its ops port exits non-zero within 10 s, naming the port, and
     * leaves nothing behind: the next start on the same data dir comes up (no lock left held).
     */
    @Test
    void shouldExitNamingATakenOpsPortAndLetTheNextStartGoAtOnce() throws Exception {
        final Path data = dir.resolve("data");
        try (ServerProcess first = ServerProcess.start(data)) { // a data dir with keys, journal and ledger
            first.await("scangate listening", 60);
            first.terminate(60);
        }
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            final long t0 = System.nanoTime();
            try (ServerProcess refused = ServerProcess.start(data, ServerProcess.freePort(), taken.getLocalPort())) {
                assertTrue(refused.process.waitFor(10, TimeUnit.SECONDS), "a failed start must exit within 10 s");
                assertNotEquals(0, refused.process.exitValue());
                final String out = refused.output();
                assertTrue(out.contains("cannot start: ops.port " + taken.getLocalPort()), out);
                assertTrue(!out.contains("\tat "), "a message, not a stack trace:\n" + out);
            }
            assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(10));
        }
        try (ServerProcess again = ServerProcess.start(data)) {
            again.await("scangate listening", 60);
            assertTrue(again.output().contains("recovery_mode=OPENED"), "the failed start left a clean stop:\n" + again.output());
            again.terminate(60);
        }
    }
}
