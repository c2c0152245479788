package io.scangate.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs one of the project's bash scripts from the repository root, bounded at 300 s: its exit code and output. */
final class ScriptRun {
    private static final long LIMIT_SECONDS = 300;

    record Result(int exit, String output) {
    }

    private ScriptRun() {
    }

    static Result bash(final Path script, final String... args) throws InterruptedException {
        final List<String> cmd = new ArrayList<>(List.of("bash", script.toString()));
        cmd.addAll(List.of(args));
        final Process p;
        try {
            p = new ProcessBuilder(cmd).directory(ServerProcess.ROOT.toFile()).redirectErrorStream(true).start();
        } catch (final IOException e) {
            throw new AssertionError("cannot start " + cmd + ": " + e, e);
        }
        final StringBuilder out = new StringBuilder();
        final Thread reader = new Thread(() -> {
            try {
                out.append(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            } catch (final IOException ignored) {
                // the process ended
            }
        });
        reader.start();
        if (!p.waitFor(LIMIT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError(script.getFileName() + " did not finish within " + LIMIT_SECONDS + " s");
        }
        reader.join(10_000);
        return new Result(p.exitValue(), out.toString());
    }
}
