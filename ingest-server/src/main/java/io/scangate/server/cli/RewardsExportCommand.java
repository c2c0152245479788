package io.scangate.server.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code scangate rewards export --csv [--from ID] [--out FILE|-]}: the reward log from an id on,
 * as CSV for finance ({@link RewardCsv}), up to the last durable reward. A file is written under
 * a temporary name and renamed when complete; stderr says which ids it holds and where the next
 * export starts.
 */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Export rewards as CSV for finance, in rewardId order, from --from on, up to the last durable one.",
            "Columns: reward_id, at (ISO-8601 UTC), campaign, prize, code, amount (major unit), currency, amount_minor,",
            "consumer, actor, device, region. RFC 4180 quoting, CRLF line ends, a header line."})
final class RewardsExportCommand implements Callable<Integer> {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    AdminOptions admin;

    @Option(names = "--csv", required = true, description = "Write CSV (the one export format).")
    boolean csv;

    @Option(names = "--from", paramLabel = "ID", defaultValue = "1", description = "First rewardId to export (default: ${DEFAULT-VALUE}).")
    long from;

    @Option(names = "--out", paramLabel = "FILE", defaultValue = "-", description = "File to write (replaced if it exists); - for stdout (default).")
    String out;

    @Override
    public Integer call() {
        final Path target = "-".equals(out) ? null : Path.of(out).toAbsolutePath().normalize();
        if (target != null && (Files.isDirectory(target) || target.getParent() == null || !Files.isDirectory(target.getParent()))) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--out " + out
                    + (Files.isDirectory(target) ? " is a directory" : ": its directory does not exist"));
        }
        try {
            final Path part = target == null ? null : Files.createTempFile(target.getParent(), "." + target.getFileName() + ".", ".part");
            try (Writer w = part == null ? new NonClosing(spec.commandLine().getOut())
                    : new BufferedWriter(Files.newBufferedWriter(part, StandardCharsets.UTF_8))) {
                final long[] range = {0, 0};
                w.write(RewardCsv.HEADER);
                final int exit = LogTail.run(spec.commandLine(), admin, "/admin/rewards", "rewards", "rewardId", from, false, r -> {
                    write(w, RewardCsv.row(r));
                    range[0] = range[0] == 0 ? r.path("rewardId").asLong() : range[0];
                    range[1] = r.path("rewardId").asLong();
                });
                w.flush();
                if (exit == 0) {
                    if (part != null) {
                        Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                    }
                    summary(range[0], range[1]);
                }
                return exit;
            } finally {
                if (part != null) {
                    Files.deleteIfExists(part);
                }
            }
        } catch (final IOException | UncheckedIOException e) {
            spec.commandLine().getErr().println("scangate: cannot write " + out + ": " + e.getMessage());
            spec.commandLine().getErr().flush();
            return CliException.SERVER_ERROR;
        }
    }

    private void summary(final long first, final long last) {
        final PrintWriter err = spec.commandLine().getErr();
        err.println(first == 0 ? "no rewards from " + from + " on; export again with --from " + from
                : "exported rewards " + first + " to " + last + " (" + (last - first + 1) + ") to " + ("-".equals(out) ? "stdout" : out)
                        + "; the next export starts at --from " + (last + 1));
        err.flush();
    }

    private static void write(final Writer w, final String line) {
        try {
            w.write(line);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stdout, flushed but left open when the export is done. */
    private static final class NonClosing extends java.io.FilterWriter {
        NonClosing(final Writer out) {
            super(out);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
