package io.scangate.server.cli;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;

import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code scangate codes ...}: issue batches, void codes or batches, show a code, via the admin API. */
@Command(name = "codes", mixinStandardHelpOptions = true, description = "Issue, void and inspect codes through a running server.",
        subcommands = {CodesCommand.Issue.class, CodesCommand.Void.class, CodesCommand.Show.class})
public final class CodesCommand implements Runnable {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand: issue, void or show");
    }

    /** Runs {@code body}, turning failures into a message on stderr and an exit code. */
    static int guarded(final CommandLine.Model.CommandSpec spec, final Callable<Integer> body) throws Exception {
        try {
            return body.call();
        } catch (final CliException e) {
            final PrintWriter err = spec.commandLine().getErr();
            err.println("scangate: " + e.getMessage());
            err.flush();
            return e.exitCode();
        }
    }

    static void printJson(final CommandLine.Model.CommandSpec spec, final JsonNode json) {
        final PrintWriter out = spec.commandLine().getOut();
        out.println(json.toString());
        out.flush();
    }

    @Command(name = "issue", mixinStandardHelpOptions = true,
            description = "Create a batch and write its codes to a file, one per line (streamed).")
    static final class Issue implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;
        @Mixin
        AdminOptions admin;
        @Option(names = "--sku", required = true, description = "Product SKU.")
        String sku;
        @Option(names = "--gtin", required = true, description = "GTIN (8, 12, 13 or 14 digits).")
        String gtin;
        @Option(names = "--region", required = true, description = "Planned sales region, ISO 3166 (CN, CN-31).")
        String region;
        @Option(names = "--count", required = true, description = "Number of codes (1..100000000).")
        long count;
        @Option(names = "--out", required = true, paramLabel = "FILE", description = "File to write the codes to.")
        Path out;
        @Option(names = "--inactive", description = "Create the batch INACTIVE (activate it when the goods ship).")
        boolean inactive;
        @Option(names = "--campaign", description = "Campaign the batch belongs to.")
        String campaign;

        @Override
        public Integer call() throws Exception {
            return guarded(spec, () -> {
                if (count < 1 || count > 100_000_000L) {
                    throw new CommandLine.ParameterException(spec.commandLine(), "--count must be between 1 and 100000000, was " + count);
                }
                final Path parent = out.toAbsolutePath().getParent();
                if (parent != null && !Files.isDirectory(parent)) {
                    throw new CommandLine.ParameterException(spec.commandLine(), "--out: directory " + parent + " does not exist");
                }
                final AdminClient client = admin.client();
                final Map<String, Object> body = new LinkedHashMap<>();
                body.put("sku", sku);
                body.put("gtin", gtin);
                body.put("region", region);
                body.put("count", count);
                body.put("state", inactive ? "INACTIVE" : "ACTIVE");
                if (campaign != null) {
                    body.put("campaign", campaign);
                }
                final JsonNode batch = client.post("/admin/batches", body);
                final long id = batch.get("batchId").asLong();
                long lines = 0;
                try (InputStream in = client.stream("/admin/batches/" + id + "/codes");
                     OutputStream file = new BufferedOutputStream(Files.newOutputStream(out), 1 << 16)) {
                    final byte[] buf = new byte[1 << 16];
                    int n;
                    while ((n = in.read(buf)) > 0) {
                        for (int i = 0; i < n; i++) {
                            if (buf[i] == '\n') {
                                lines++;
                            }
                        }
                        file.write(buf, 0, n);
                    }
                } catch (final IOException e) {
                    throw new CliException(1, "batch " + id + " was created but writing its codes to " + out + " failed: " + e.getMessage()
                            + "; fetch them again with GET /admin/batches/" + id + "/codes");
                }
                if (lines != count) {
                    throw new CliException(1, "batch " + id + ": expected " + count + " codes but received " + lines);
                }
                printJson(spec, batch);
                spec.commandLine().getErr().println("wrote " + lines + " codes to " + out);
                spec.commandLine().getErr().flush();
                return 0;
            });
        }
    }

    @Command(name = "void", mixinStandardHelpOptions = true, description = "Void one code, or a whole batch with --batch.")
    static final class Void implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;
        @Mixin
        AdminOptions admin;
        @ArgGroup(exclusive = true, multiplicity = "1")
        Target target;

        static final class Target {
            @Parameters(paramLabel = "CODE", description = "The code to void.")
            String code;
            @Option(names = "--batch", paramLabel = "ID", description = "Void every code of this batch.")
            Long batch;
        }

        @Override
        public Integer call() throws Exception {
            return guarded(spec, () -> {
                final AdminClient client = admin.client();
                final JsonNode answer = target.batch != null
                        ? client.post("/admin/batches/" + target.batch + "/void", null)
                        : client.post("/admin/codes/" + AdminClient.segment(target.code) + "/void", null);
                printJson(spec, answer);
                return 0;
            });
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show a code's batch, state and scan history as JSON.")
    static final class Show implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;
        @Mixin
        AdminOptions admin;
        @Parameters(paramLabel = "CODE", description = "The code.")
        String code;

        @Override
        public Integer call() throws Exception {
            return guarded(spec, () -> {
                printJson(spec, admin.client().get("/admin/codes/" + AdminClient.segment(code)));
                return 0;
            });
        }
    }
}
