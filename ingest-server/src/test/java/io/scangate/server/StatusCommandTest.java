package io.scangate.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code scangate status} against a real server's ops port. */
class StatusCommandTest {
    @TempDir
    Path dir;

    @Test
    void shouldPrintReadinessLoadVerdictsFillAndJournalOfAReadyServer() throws Exception {
        try (TestServer server = TestServer.start(dir.resolve("data"))) {
            OpsFixture.scrapeAfterEveryVerdict(server, dir);
            final TestServer.Cli status = TestServer.cli("status", "--admin-url", server.opsUrl());
            assertEquals(0, status.exit(), status.err() + status.out());
            final String out = status.out();
            assertTrue(out.contains("ready:     yes (recovered_and_started=ok, ledger_below_fill_limit=ok, journal_writable=ok)"), out);
            assertTrue(out.contains("GENUINE=13 SUSPECT=2 FORGED=1 UNKNOWN=1 NOT_ACTIVE=1 VOIDED=1"), out);
            assertTrue(out.contains("scans:     19 total"), out);
            assertTrue(out.contains("/1024 slots in use"), out);
            assertTrue(out.matches("(?s).*ledger: +\\d+/100000 codes.*"), out);
            assertTrue(out.matches("(?s).*journal: +durable at 0:\\d+, 1 segment\\(s\\), \\d+ fsyncs, fsync p99 [0-9.]+ ms, writable.*"), out);
            assertTrue(out.contains("uptime:"), out);
            assertTrue(out.matches("(?s).*latency: +request p99 http [0-9.]+ ms, udp -, verifier p99 [0-9.]+ ms.*"),
                    "p99 per transport, udp without requests: " + out);
        }
    }

    @Test
    void shouldExitOneAndNameTheFailedCheckWhenNotReady() throws Exception {
        try (TestServer server = TestServer.start(dir.resolve("data"),
                Map.of("ledger.entries", "1000", "ledger.ready.max.fill.percent", "1"))) {
            final List<String> codes = OpsFixture.issue(server, dir, 12);
            for (int i = 0; i < 10; i++) {
                server.scan(codes.get(i), "d", null);
            }
            final TestServer.Cli status = TestServer.cli("status", "--admin-url", server.opsUrl());
            assertEquals(1, status.exit(), status.out());
            assertTrue(status.out().contains("ready:     NO (recovered_and_started=ok, ledger_below_fill_limit=FAILED, journal_writable=ok)"),
                    status.out());
            assertEquals(503, server.get(server.opsUrl() + "/health/ready").statusCode());
        }
    }

    @Test
    void statusWithServerDownNamesTheUrlAndTheCause() throws Exception {
        final int port = ServerProcess.freePort();
        final TestServer.Cli status = TestServer.cli("status", "--admin-url", "http://127.0.0.1:" + port);
        assertEquals(3, status.exit(), status.out());
        assertTrue(status.err().startsWith("scangate: cannot read the ops port at http://127.0.0.1:" + port + ": connection refused"
                + " (is the server running? the URL is from --admin-url;"), status.err());
        assertFalse(status.err().contains("null"), status.err());
    }

    @Test
    void statusStillTakesTheOlderOpsUrlFlag() throws Exception {
        try (TestServer server = TestServer.start(dir.resolve("data"))) {
            final TestServer.Cli status = TestServer.cli("status", "--ops-url", server.opsUrl());
            assertEquals(0, status.exit(), status.err() + status.out());
            assertTrue(status.out().startsWith("scangate at " + server.opsUrl()), status.out());
        }
    }

    @Test
    void shouldRejectAnAdminUrlThatIsNotHttp() {
        final TestServer.Cli status = TestServer.cli("status", "--admin-url", "ftp://127.0.0.1:9090");
        assertEquals(2, status.exit());
        assertTrue(status.err().contains("--admin-url must be an http:// or https:// URL"), status.err());
    }
}
