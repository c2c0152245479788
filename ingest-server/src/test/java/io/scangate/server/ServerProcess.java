package io.scangate.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Test support: the packaged server jar run as a separate JVM, as bin/scangate runs it. */
final class ServerProcess implements AutoCloseable {
    static final Path ROOT = findRoot();

    final Process process;
    final int httpPort;
    final int opsPort;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final StringBuffer output = new StringBuffer();
    private final Thread reader;

    private ServerProcess(final Process process, final int httpPort, final int opsPort) {
        this.process = process;
        this.httpPort = httpPort;
        this.opsPort = opsPort;
        this.reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    output.append(line).append('\n');
                    lines.add(line);
                }
            } catch (final IOException ignored) {
                // process ended
            }
        }, "server-output");
        reader.setDaemon(true);
        reader.start();
    }

    /** A server started some other way (a shell running {@code bin/scangate serve}): its output read, and stopped as the others. */
    static ServerProcess of(final Process process, final int httpPort, final int opsPort) {
        return new ServerProcess(process, httpPort, opsPort);
    }

    static ServerProcess start(final Path dataDir, final String... extraArgs) throws IOException {
        return start(dataDir, freePort(), freePort(), extraArgs);
    }

    /** As {@link #start(Path, String...)} on the given HTTP and ops ports. */
    static ServerProcess start(final Path dataDir, final int http, final int ops, final String... extraArgs) throws IOException {
        return start(dataDir, Map.of(), http, ops, extraArgs);
    }

    /** As {@link #start(Path, int, int, String...)} with {@code env} ({@code SCANGATE_*} settings) over the defaults below. */
    static ServerProcess start(final Path dataDir, final Map<String, String> env, final int http, final int ops,
            final String... extraArgs) throws IOException {
        final List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "@" + ROOT.resolve("config/jvm.options"),
                "-Xmx512m",
                "-jar", ROOT.resolve("ingest-server/target/scangate-server.jar").toString(),
                "serve", "--data-dir", dataDir.toString(), "--http-port", Integer.toString(http), "--ops-port", Integer.toString(ops),
                "--udp-port", "0"));
        cmd.addAll(List.of(extraArgs));
        final ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("SCANGATE_ADMIN_TOKEN", TestServer.TOKEN);
        pb.environment().put("SCANGATE_BIND_ADDRESS", "127.0.0.1");
        pb.environment().put("SCANGATE_LEDGER_ENTRIES", "100000");
        pb.environment().put("SCANGATE_RATE_PER_ADDRESS", "0"); // load from one address and few devices: not what is tested here
        pb.environment().put("SCANGATE_RATE_PER_DEVICE", "0");
        pb.environment().put("SCANGATE_RING_SHED_LAG_MS", "0"); // exact counts under bursts on a shared box; tested on its own
        pb.environment().putAll(env);
        return new ServerProcess(pb.start(), http, ops);
    }

    /** Waits for a line containing {@code text}; returns it, or throws with the output so far. */
    String await(final String text, final long seconds) throws InterruptedException {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            final String line = lines.poll(100, TimeUnit.MILLISECONDS);
            if (line != null && line.contains(text)) {
                return line;
            }
            if (line == null && !process.isAlive() && lines.isEmpty()) {
                break;
            }
        }
        throw new AssertionError("no line with '" + text + "' within " + seconds + " s; output:\n" + output);
    }

    /** Everything printed so far; once the process has exited, everything it printed. */
    String output() throws InterruptedException {
        if (!process.isAlive()) {
            reader.join(10_000);
        }
        return output.toString();
    }

    /**
     * SIGTERM through {@code kill} (Process.destroy would also close our end of the output pipe,
     * losing what the shutdown hook prints), then waits; returns the exit code.
     */
    int terminate(final long seconds) throws InterruptedException, IOException {
        new ProcessBuilder("kill", "-TERM", Long.toString(process.pid())).inheritIO().start().waitFor();
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError("server did not stop within " + seconds + " s after SIGTERM; output:\n" + output);
        }
        return process.exitValue();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            try {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static Path findRoot() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.exists(p.resolve("config/jvm.options"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("cannot find the repository root (config/jvm.options) above " + Path.of("").toAbsolutePath());
        }
        return p;
    }
}
