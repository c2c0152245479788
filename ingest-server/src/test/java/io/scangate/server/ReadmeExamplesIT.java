package io.scangate.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * README.md's examples run as written. Every fenced block preceded by {@code <!-- readme-test -->}
 * is read for its {@code $ } commands (with their {@code \} continuations and here-documents), and
 * they run in README order in one bash session, in a fresh directory, each expected to exit 0.
 * {@code bin/scangate serve} is started first, in the background, on free loopback ports given by
 * {@code SCANGATE_HTTP_PORT} etc.; the other commands find it through {@code SCANGATE_ADMIN_URL},
 * as a user's shell would. The README's default ports in {@code curl} URLs and {@code scan --udp}
 * are mapped to the test's, so the text stays as a user types it. {@code bin/scangate} is the
 * packaged jar run as the launcher runs it, without the launcher's build step.
 */
class ReadmeExamplesIT {
    static final String MARK = "<!-- readme-test -->";
    private static final Pattern HEREDOC = Pattern.compile("<<-?\\s*'?([A-Za-z_]+)'?");
    private static final long SCRIPT_SECONDS = 300;

    @TempDir
    Path dir;

    /** One command of the README: the line it starts on and its text (continuation lines and here-document included). */
    record Command(int line, String text) {
    }

    /** The commands of the marked blocks, in order. */
    static List<Command> commands(final List<String> readme) {
        final List<Command> out = new ArrayList<>();
        boolean marked = false;
        boolean inBlock = false;
        boolean blockMarked = false;
        for (int i = 0; i < readme.size(); i++) {
            final String line = readme.get(i);
            if (!inBlock) {
                if (line.startsWith("```")) {
                    inBlock = true;
                    blockMarked = marked;
                }
                marked = line.strip().equals(MARK) || marked && line.isBlank();
                continue;
            }
            if (line.startsWith("```")) {
                inBlock = false;
                marked = false;
                continue;
            }
            if (!blockMarked || !line.startsWith("$ ")) {
                continue; // output shown in the block, or a comment
            }
            final int start = i + 1;
            final StringBuilder text = new StringBuilder(line.substring(2));
            while (text.toString().endsWith("\\") && i + 1 < readme.size()) {
                text.append('\n').append(readme.get(++i));
            }
            final Matcher heredoc = HEREDOC.matcher(line);
            if (heredoc.find()) {
                final String end = heredoc.group(1);
                while (i + 1 < readme.size() && !readme.get(i).equals(end)) {
                    text.append('\n').append(readme.get(++i));
                }
            }
            out.add(new Command(start, text.toString()));
        }
        return out;
    }

    private static List<Command> readmeCommands() throws IOException {
        return commands(Files.readAllLines(ServerProcess.ROOT.resolve("README.md"), StandardCharsets.UTF_8));
    }

    @Test
    void readmeMarksItsCliBlocksForThisTest() throws IOException {
        final List<Command> commands = readmeCommands();
        assertEquals(1, commands.stream().filter(c -> c.text().startsWith("bin/scangate serve")).count(), commands.toString());
        for (final String used : List.of("bin/scangate codes issue", "bin/scangate campaigns apply", "bin/scangate actors add",
                "bin/scangate status", "bin/scangate scan --udp", "cat > summer.json")) {
            assertTrue(commands.stream().anyMatch(c -> c.text().contains(used)), used + " in " + commands);
        }
    }

    @Test
    void readmeExamplesRunAsWritten() throws Exception {
        final List<Command> commands = readmeCommands();
        final Ports ports = Ports.free();
        writeLauncher();
        final Command serve = commands.stream().filter(c -> c.text().startsWith("bin/scangate serve")).findFirst().orElseThrow();
        final ProcessBuilder server = shell("exec " + serve.text(), ports).redirectErrorStream(true);
        server.environment().put("SCANGATE_HTTP_PORT", Integer.toString(ports.http));
        server.environment().put("SCANGATE_OPS_PORT", Integer.toString(ports.ops));
        server.environment().put("SCANGATE_UDP_PORT", Integer.toString(ports.udp));
        server.environment().put("SCANGATE_BIND_ADDRESS", "127.0.0.1");
        server.environment().put("SCANGATE_LEDGER_ENTRIES", "100000");
        try (ServerProcess running = ServerProcess.of(server.start(), ports.http, ports.ops)) {
            final String banner = running.await("scangate listening", 120);
            assertEquals("scangate listening: scans on http://127.0.0.1:" + ports.http + " and udp://127.0.0.1:" + ports.udp
                    + " (loopback only), ops on http://127.0.0.1:" + ports.ops + " (loopback only)", banner,
                    "the banner names the address the ports are bound on");
            running.await("demo: scan one with", 60);
            final List<Command> rest = commands.stream().filter(c -> c != serve).toList();
            final Path log = dir.resolve("readme.log");
            final Process script = shell(script(rest), ports).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!script.waitFor(SCRIPT_SECONDS, TimeUnit.SECONDS)) {
                script.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError("README commands did not finish within " + SCRIPT_SECONDS + " s:\n" + Files.readString(log));
            }
            final String output = Files.readString(log);
            final Matcher failed = Pattern.compile("README_FAILED (\\d+) (\\d+)").matcher(output);
            if (failed.find()) {
                final Command c = rest.get(Integer.parseInt(failed.group(1)));
                throw new AssertionError("README.md line " + c.line() + " exited " + failed.group(2) + ":\n$ " + c.text()
                        + "\n--- output ---\n" + output + "\n--- server ---\n" + running.output());
            }
            System.out.println(output); // in the failsafe report: what the README's commands printed
            assertEquals(0, script.exitValue(), output);
            assertTrue(output.contains("README_DONE " + rest.size()), output);
            final int exit = running.terminate(60);
            assertTrue(exit == 0 || exit == 143, "clean stop, exit " + exit + ":\n" + running.output());
        }
    }

    /** The commands, each followed by a check of its exit status, in one script for one bash session. */
    private static String script(final List<Command> commands) {
        final StringBuilder s = new StringBuilder("set -o pipefail\n").append(CURL_PORTS);
        for (int i = 0; i < commands.size(); i++) {
            s.append(commands.get(i).text()).append('\n')
                    .append("readme_rc=$?; if [ \"$readme_rc\" -ne 0 ]; then echo \"README_FAILED ").append(i)
                    .append(" $readme_rc\"; exit 1; fi\n");
        }
        return s.append("echo README_DONE ").append(commands.size()).append('\n').toString();
    }

    /** {@code curl} with the README's default ports mapped to the test's; nothing else changes. */
    private static final String CURL_PORTS = """
            curl() {
              local a mapped=()
              for a in "$@"; do
                a="${a//localhost:8080/127.0.0.1:$README_HTTP_PORT}"; a="${a//127.0.0.1:8080/127.0.0.1:$README_HTTP_PORT}"
                a="${a//localhost:9090/127.0.0.1:$README_OPS_PORT}"; a="${a//127.0.0.1:9090/127.0.0.1:$README_OPS_PORT}"
                mapped+=("$a")
              done
              command curl --max-time 30 "${mapped[@]}"
            }
            """;

    /** {@code bin/scangate} in the work directory: the packaged jar as the launcher runs it, the README's UDP address mapped. */
    private void writeLauncher() throws IOException {
        final Path bin = Files.createDirectories(dir.resolve("bin"));
        final Path launcher = bin.resolve("scangate");
        Files.writeString(launcher, """
                #!/usr/bin/env bash
                set -euo pipefail
                args=()
                for a in "$@"; do args+=("${a//127.0.0.1:8081/127.0.0.1:$README_UDP_PORT}"); done
                export SCANGATE_HOME="$README_ROOT"
                exec "$README_JAVA" @"$README_ROOT/config/jvm.options" -Xmx256m -jar "$README_ROOT/ingest-server/target/scangate-server.jar" "${args[@]}"
                """);
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwx------"));
    }

    /** bash running {@code script} in the work directory, with a user's environment: no token, no client config, the admin URL set. */
    private ProcessBuilder shell(final String script, final Ports ports) {
        final ProcessBuilder pb = new ProcessBuilder("bash", "-c", script).directory(dir.toFile());
        final Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("SCANGATE_") || k.equals("XDG_CONFIG_HOME") || k.equals("JAVA_OPTS"));
        env.put("HOME", dir.toString());
        env.put("SCANGATE_ADMIN_URL", "http://127.0.0.1:" + ports.ops);
        env.put("README_ROOT", ServerProcess.ROOT.toString());
        env.put("README_JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        env.put("README_HTTP_PORT", Integer.toString(ports.http));
        env.put("README_OPS_PORT", Integer.toString(ports.ops));
        env.put("README_UDP_PORT", Integer.toString(ports.udp));
        return pb;
    }

    /** Free loopback ports for the scan, ops and UDP ports. */
    private record Ports(int http, int ops, int udp) {
        static Ports free() throws IOException {
            try (DatagramSocket udp = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
                return new Ports(ServerProcess.freePort(), ServerProcess.freePort(), udp.getLocalPort());
            }
        }
    }
}
