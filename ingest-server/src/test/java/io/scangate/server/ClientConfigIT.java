package io.scangate.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged CLI finds its server from its real environment and client config file, with no flag. */
class ClientConfigIT {
    @TempDir
    Path dir;

    private record Run(int exit, String out) {
    }

    /** The packaged CLI with {@code env} over an environment that holds no scangate settings. */
    private Run cli(final Map<String, String> env, final String... args) throws Exception {
        final List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "@" + ServerProcess.ROOT.resolve("config/jvm.options"), "-jar",
                ServerProcess.ROOT.resolve("ingest-server/target/scangate-server.jar").toString()));
        cmd.addAll(List.of(args));
        final ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("SCANGATE_") || k.equals("XDG_CONFIG_HOME"));
        pb.environment().put("HOME", dir.toString());
        pb.environment().putAll(env);
        final Process p = pb.start();
        final String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), out);
        return new Run(p.exitValue(), out);
    }

    @Test
    void cliFindsItsServerFromTheClientConfigFileAndTheEnvironmentWins() throws Exception {
        try (ServerProcess server = ServerProcess.start(dir.resolve("data"))) {
            server.await("scangate listening", 60);
            final Path config = dir.resolve(".config/scangate/client.properties");
            Files.createDirectories(config.getParent());
            Files.writeString(config, "admin.url=http://127.0.0.1:" + server.opsPort + "\nadmin.token=" + TestServer.TOKEN + "\n");

            final Run status = cli(Map.of(), "status");
            assertEquals(0, status.exit(), status.out());
            assertTrue(status.out().startsWith("scangate at http://127.0.0.1:" + server.opsPort), status.out());
            final Run list = cli(Map.of(), "campaigns", "list");
            assertEquals(0, list.exit(), "the token from the file too: " + list.out());

            final int dead = ServerProcess.freePort();
            final Run env = cli(Map.of("SCANGATE_ADMIN_URL", "http://127.0.0.1:" + dead), "campaigns", "list");
            assertEquals(3, env.exit(), env.out());
            assertTrue(env.out().startsWith("scangate: cannot reach scangate admin API at http://127.0.0.1:" + dead
                    + ": connection refused (is the server running? the URL is from $SCANGATE_ADMIN_URL;"), env.out());

            final Run named = cli(Map.of("SCANGATE_CLIENT_CONFIG", dir.resolve("missing.properties").toString()), "status");
            assertEquals(2, named.exit(), named.out());
            assertTrue(named.out().startsWith("scangate: cannot read the client config " + dir.resolve("missing.properties")
                    + " (from $SCANGATE_CLIENT_CONFIG): no such file or directory"), named.out());
            server.terminate(60);
        }
    }
}
