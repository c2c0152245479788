package io.scangate.server;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/scangate serve} as a user runs it: with no class data sharing archive for this
 * build, the launcher trains one before the start, and the server then loads its own classes
 * from it (a faster restart, issue 17).
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class LauncherCdsIT {
    @TempDir
    Path dir;

    @Test
    void serveTrainsTheArchiveOnceAndStartsFromIt() throws Exception {
        final Path archive = ServerProcess.ROOT.resolve("ingest-server/target/scangate-cds.jsa");
        final Path jar = ServerProcess.ROOT.resolve("ingest-server/target/scangate-server.jar");
        Files.deleteIfExists(archive);
        final Path classes = dir.resolve("classes.log");
        final ProcessBuilder pb = new ProcessBuilder("bash", ServerProcess.ROOT.resolve("bin/scangate").toString(), "serve",
                "--data-dir", dir.resolve("data").toString(), "--http-port", "0", "--ops-port", "0", "--udp-port", "0")
                .redirectErrorStream(true);
        pb.environment().put("SCANGATE_BIND_ADDRESS", "127.0.0.1");
        pb.environment().put("SCANGATE_ADMIN_TOKEN", "launcher-cds-it-token-0123456789");
        pb.environment().put("JAVA_OPTS", "-Xmx256m -Xlog:class+load=info:file=" + classes);
        pb.environment().remove("SCANGATE_CDS");
        final Process p = pb.start();
        final StringBuilder out = new StringBuilder();
        final CompletableFuture<Boolean> listening = CompletableFuture.supplyAsync(() -> readUntilListening(p, out));
        try {
            assertTrue(listening.get(200, TimeUnit.SECONDS), "no 'scangate listening' from bin/scangate serve:\n" + out);
            assertTrue(out.toString().contains("training the class data sharing archive"), out.toString());
            assertTrue(Files.isRegularFile(archive), "no archive at " + archive + "\n" + out);
            assertTrue(Files.getLastModifiedTime(archive).compareTo(Files.getLastModifiedTime(jar)) > 0, "the archive is older than the jar");
            final String loaded = Files.readString(classes);
            assertTrue(loaded.contains("io.scangate.server.ServeCommand source: shared objects file"),
                    "ServeCommand was not loaded from the archive:\n" + loaded.lines().filter(l -> l.contains("io.scangate.server.Serve"))
                            .findFirst().orElse("(not loaded at all)"));
        } finally {
            p.destroy(); // SIGTERM: a clean stop
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /** Reads the output until the banner; then a daemon thread keeps draining it (the reader stays open for it). */
    private static boolean readUntilListening(final Process p, final StringBuilder out) {
        final BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        try {
            String line;
            while ((line = r.readLine()) != null) {
                synchronized (out) {
                    out.append(line).append('\n');
                }
                if (line.startsWith("scangate listening")) {
                    final Thread drain = new Thread(() -> drain(r), "launcher-cds-it-drain");
                    drain.setDaemon(true);
                    drain.start();
                    return true;
                }
            }
            return false;
        } catch (final IOException e) {
            return false;
        }
    }

    private static void drain(final BufferedReader r) {
        try {
            while (r.readLine() != null) {
                // discarded
            }
        } catch (final IOException ignored) {
            // the process ended
        }
    }
}
