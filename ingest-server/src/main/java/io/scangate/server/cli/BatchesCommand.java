package io.scangate.server.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;

import io.scangate.server.print.PrintFiles;
import io.scangate.server.print.PrintSpec;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code scangate batches ...}: list, show, activate, void and export issued batches through a running server's admin API. */
@Command(name = "batches", mixinStandardHelpOptions = true,
        description = {"List, inspect, activate, void and export issued batches through a running server's admin API.",
            "Exit codes: 0 done, 1 the server refused or failed, 2 bad usage, 3 the server cannot be reached."},
        subcommands = {BatchesCommand.ListBatches.class, BatchesCommand.Show.class, BatchesCommand.Activate.class, BatchesVoidCommand.class,
            BatchesCommand.Export.class})
public final class BatchesCommand implements Runnable {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "missing subcommand: list, show, activate, void or export (try 'scangate batches --help')");
    }

    /** The admin path of batch {@code id}, refusing an id below 1 as bad usage. */
    static String path(final CommandLine cl, final long id) {
        if (id < 1) {
            throw new CommandLine.ParameterException(cl, "ID must be a batch id of 1 or more, was " + id);
        }
        return "/admin/batches/" + id;
    }

    /** {@code batches list}. */
    @Command(name = "list", mixinStandardHelpOptions = true, description = "List every batch, one JSON object per line, in id order.")
    static final class ListBatches implements Callable<Integer> {
        @Mixin
        AdminOptions admin;

        @Override
        public Integer call() {
            return admin.execute(client -> {
                for (final JsonNode b : client.get("/admin/batches").path("batches")) {
                    admin.print(b);
                }
                return 0;
            });
        }
    }

    /** {@code batches show ID}. */
    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show a batch as JSON: key, serials, product, state, metadata.")
    static final class Show implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;
        @Mixin
        AdminOptions admin;
        @Parameters(paramLabel = "ID", description = "The batch id.")
        long id;

        @Override
        public Integer call() {
            return admin.printGet(path(spec.commandLine(), id));
        }
    }

    /** {@code batches activate ID}. */
    @Command(name = "activate", mixinStandardHelpOptions = true,
            description = {"Activate an INACTIVE batch: its codes scan GENUINE from now on (NOT_ACTIVE before).",
                "An active batch stays as it is; a voided one cannot be activated. Prints the batch as JSON."})
    static final class Activate implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;
        @Mixin
        AdminOptions admin;
        @Parameters(paramLabel = "ID", description = "The batch id.")
        long id;

        @Override
        public Integer call() {
            return admin.printPost(path(spec.commandLine(), id) + "/activate");
        }
    }

    /** {@code batches export ID [--out FILE|-]}: the batch's codes again, derived from its key as at issue. */
    @Command(name = "export", mixinStandardHelpOptions = true,
            description = {"Write a batch's codes again, one a line (CASECODE,UNITCODE for a batch with cases), as codes issue wrote them.",
                "With --base-url and --urls/--images, also its print files. A summary goes to stderr."})
    static final class Export implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;
        @Mixin
        AdminOptions admin;
        @Mixin
        OutputOptions output;
        @Parameters(paramLabel = "ID", description = "The batch id.")
        long id;
        @Option(names = "--out", paramLabel = "FILE", defaultValue = "-",
                description = "File to write the codes to (replaced if it exists); - for stdout (default).")
        String out;

        @Override
        public Integer call() {
            final String path = path(spec.commandLine(), id);
            final Path target = "-".equals(out) ? null : checkedTarget();
            final PrintSpec print = output.printSpec();
            return admin.execute(client -> {
                final JsonNode batch = client.get(path);
                final long count = batch.path("count").asLong();
                try (PrintFiles files = print.any() ? PrintFiles.open(print, batch.path("gtin").asText(), batch.has("unitsPerCase")) : null) {
                    final CodeDownload download = new CodeDownload(client, id, count, output.progress("export", count), files);
                    final long lines = target == null ? download.toWriter(spec.commandLine().getOut()) : download.toFile(target);
                    if (files != null) {
                        files.commit();
                    }
                    final PrintWriter err = spec.commandLine().getErr();
                    err.println("wrote " + lines + " codes of batch " + id + " to " + (target == null ? "stdout" : out)
                            + (print.urls() == null ? "" : ", their URLs to " + print.urls())
                            + (print.images() == null ? "" : ", their images to " + print.images()));
                    err.flush();
                    return 0;
                } catch (final IOException | java.io.UncheckedIOException e) {
                    throw new CliException(CliException.SERVER_ERROR, "batch " + id + ": writing the print files failed (" + e + ")");
                }
            });
        }

        private Path checkedTarget() {
            final Path target = Path.of(out).toAbsolutePath().normalize();
            if (Files.isDirectory(target)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--out " + out + " is a directory");
            }
            if (target.getParent() == null || !Files.isDirectory(target.getParent())) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--out: directory " + target.getParent() + " does not exist");
            }
            return target;
        }
    }
}
