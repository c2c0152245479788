package io.scangate.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged server as operators run it: one structured log line per event for start,
 * recovery and shutdown, and {@code scangate status} against its ops port.
 */
class OpsProcessIT {
    /** time, level, logger, then event=NAME and key=value pairs (values quoted when they hold spaces). */
    private static final Pattern LOG_LINE = Pattern.compile(
            "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}(Z|[+-]\\d\\d:\\d\\d) (INFO|WARN|ERROR) \\w+ - event=[a-z_]+"
                    + "( [a-z_]+=(\"[^\"]*\"|[^\\s\"]+))*");

    @TempDir
    Path dir;

    @Test
    void shouldLogStartRecoveryAndShutdownAsStructuredLinesAndReportStatus() throws Exception {
        try (ServerProcess server = ServerProcess.start(dir.resolve("data"))) {
            final String recovered = server.await("event=recovered", 120);
            final String started = server.await("event=started", 120);
            assertTrue(LOG_LINE.matcher(recovered).matches(), recovered);
            assertTrue(LOG_LINE.matcher(started).matches(), started);
            assertTrue(started.contains(" http_port=" + server.httpPort + " ") && started.contains(" ops_port=" + server.opsPort + " "), started);
            assertTrue(recovered.contains(" mode=REBUILT "), recovered);

            final TestServer.Cli status = TestServer.cli("status", "--admin-url", "http://127.0.0.1:" + server.opsPort);
            assertEquals(0, status.exit(), status.err() + status.out());
            assertTrue(status.out().contains("ready:     yes"), status.out());

            final int exit = server.terminate(60);
            assertTrue(exit == 0 || exit == 143, "clean exit on SIGTERM, was " + exit);
            final List<String> lines = server.output().lines().toList();
            final String stopping = lines.stream().filter(l -> l.contains("event=stopping")).findFirst().orElseThrow();
            final String stopped = lines.stream().filter(l -> l.contains("event=stopped")).findFirst().orElseThrow();
            assertTrue(LOG_LINE.matcher(stopping).matches(), stopping);
            assertTrue(LOG_LINE.matcher(stopped).matches(), stopped);
            assertTrue(stopped.contains(" clean=true "), stopped);
            for (final String line : lines) {
                if (line.contains("event=")) {
                    assertTrue(LOG_LINE.matcher(line).matches(), "structured: " + line);
                }
            }
        }
    }
}
