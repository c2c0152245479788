package io.scangate.server.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import io.scangate.server.print.PrintFiles;
import io.scangate.server.print.PrintSpec;
import io.scangate.verifier.batch.BatchMetaParser;
import io.scangate.verifier.batch.BatchSpec;
import io.scangate.verifier.batch.BatchState;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code scangate codes issue}: creates a batch, then streams its codes into a file, one a line,
 * checking that exactly {@code --count} arrived. With {@code --units-per-case N} the batch is
 * issued as cases and each line is {@code CASECODE,UNITCODE}, one per unit. With {@code --urls} and
 * {@code --images} it also writes the print files ({@link OutputOptions}) as the codes arrive.
 */
@Command(name = "issue", mixinStandardHelpOptions = true,
        description = {"Create a batch of codes and write them to a file, one a line (CASECODE,UNITCODE with --units-per-case).",
            "Prints the batch as JSON on stdout. The file appears only once every code has arrived; it is created with mode 0600.",
            "With --base-url and --urls/--images, also writes each code's URL (CSV) and its QR or GS1 DataMatrix image for the printer."})
final class CodesIssueCommand implements Callable<Integer> {
    private static final Pattern FIELD = Pattern.compile("'(sku|gtin|region|count|campaign|units-per-case)'");

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    AdminOptions admin;

    @Mixin
    OutputOptions output;

    @Option(names = "--sku", required = true, paramLabel = "SKU", description = "Product SKU (1 to 64 characters).")
    String sku;

    @Option(names = "--gtin", required = true, paramLabel = "GTIN", description = "GTIN of 8, 12, 13 or 14 digits.")
    String gtin;

    @Option(names = "--region", required = true, paramLabel = "REGION", description = "Planned sales region, ISO 3166-1 or -2 (CN, CN-31).")
    String region;

    @Option(names = "--count", required = true, paramLabel = "N", description = "Number of codes, 1 to 100000000.")
    long count;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "File to write the codes to (replaced if it exists); - for stdout.")
    Path out;

    @Option(names = "--inactive", description = "Create the batch INACTIVE: its codes scan NOT_ACTIVE until it is activated.")
    boolean inactive;

    @Option(names = "--campaign", paramLabel = "ID", description = "Campaign the batch takes part in.")
    String campaign;

    @Option(names = "--units-per-case", paramLabel = "N",
            description = "Issue the batch as cases of N units (1 to 1000): each line is then CASECODE,UNITCODE.")
    Long unitsPerCase;

    @Option(names = "--meta", paramLabel = "FILE.json",
            description = "Batch metadata for the consumer page: a JSON object {name, imageUrl, productionDate, line, steps}.")
    Path meta;

    @Override
    public Integer call() {
        final Map<String, Object> request = batchRequest();
        final Path target = checkedTarget();
        final PrintSpec print = output.printSpec();
        return admin.execute(client -> {
            final JsonNode batch = client.post("/admin/batches", request);
            final JsonNode id = batch.get("batchId");
            if (id == null || !id.canConvertToLong()) {
                throw new CliException(CliException.SERVER_ERROR, "admin API answered a batch without a batchId: " + batch);
            }
            final long lines = download(client, batch, id.asLong(), target, print);
            if (target == null) {
                spec.commandLine().getErr().println(batch); // stdout carries the codes alone
            } else {
                admin.print(batch);
            }
            spec.commandLine().getErr().println(summary(batch, lines, print));
            spec.commandLine().getErr().flush();
            return 0;
        });
    }

    /** The request body, validated by the server's own rules so that a bad flag costs no batch. */
    private Map<String, Object> batchRequest() {
        final BatchSpec valid;
        try {
            valid = BatchSpec.of(sku, gtin, region, count, inactive ? BatchState.INACTIVE.name() : BatchState.ACTIVE.name(), campaign,
                    unitsPerCase);
        } catch (final IllegalArgumentException e) {
            final String message = e.getMessage().replace("'unitsPerCase'", "'units-per-case'");
            throw new CommandLine.ParameterException(spec.commandLine(), FIELD.matcher(message).replaceAll("--$1"));
        }
        final Map<String, Object> body = new LinkedHashMap<>();
        body.put("sku", valid.sku());
        body.put("gtin", valid.gtin());
        body.put("region", valid.plannedRegion());
        body.put("count", valid.count());
        body.put("state", valid.state().name());
        if (valid.campaign() != null) {
            body.put("campaign", valid.campaign());
        }
        if (valid.unitsPerCase() != 0) {
            body.put("unitsPerCase", valid.unitsPerCase());
        }
        if (meta != null) {
            body.put("meta", metaJson());
        }
        return body;
    }

    /** The {@code --meta} file's object, checked by the server's own rules. */
    private JsonNode metaJson() {
        try {
            final JsonNode node = new com.fasterxml.jackson.databind.ObjectMapper().readTree(meta.toFile());
            BatchMetaParser.parse(node);
            return node;
        } catch (final IOException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--meta " + meta + ": cannot read it as JSON (" + e.getMessage() + ")");
        } catch (final IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--meta " + meta + ": " + e.getMessage());
        }
    }

    /** The line on stderr once the file is written: how many codes, and in how many cases. */
    private String summary(final JsonNode batch, final long lines, final PrintSpec print) {
        final String also = (print.urls() == null ? "" : ", their URLs to " + print.urls())
                + (print.images() == null ? "" : ", their images to " + print.images());
        if (unitsPerCase == null) {
            return "wrote " + lines + " codes to " + (target() + also);
        }
        final JsonNode cases = batch.get("cases");
        final String n = cases == null ? "?" : cases.asText();
        return "wrote " + lines + " units in " + n + ("1".equals(n) ? " case" : " cases") + " of up to " + unitsPerCase
                + " units (CASECODE,UNITCODE lines) to " + target() + also;
    }

    private String target() {
        return "-".equals(out.toString()) ? "stdout" : out.toString();
    }

    /** Refuses an unusable {@code --out} before the batch is created; null for stdout ({@code -}). */
    private Path checkedTarget() {
        if ("-".equals(out.toString())) {
            return null;
        }
        final Path target = out.toAbsolutePath().normalize();
        if (Files.isDirectory(target)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--out " + out + " is a directory");
        }
        final Path dir = target.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--out: directory " + dir + " does not exist");
        }
        final boolean special = Files.exists(target) && !Files.isRegularFile(target);
        if (!Files.isWritable(special ? target : dir)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--out: cannot write " + (special ? target : "in " + dir));
        }
        return target;
    }

    /** Streams the batch's codes into {@code target} (null: stdout) and the print files; returns how many. */
    private long download(final AdminClient client, final JsonNode batch, final long batchId, final Path target, final PrintSpec print) {
        try (PrintFiles files = print.any() ? PrintFiles.open(print, batch.path("gtin").asText(), unitsPerCase != null) : null) {
            final CodeDownload download = new CodeDownload(client, batchId, count, output.progress("issue", count), files);
            final long lines = target == null ? download.toWriter(spec.commandLine().getOut()) : download.toFile(target);
            if (files != null) {
                files.commit();
            }
            return lines;
        } catch (final IOException | java.io.UncheckedIOException e) {
            throw new CliException(CliException.SERVER_ERROR, "batch " + batchId + ": writing the print files failed (" + e
                    + "); the batch exists: write them again with 'scangate batches export " + batchId + "'");
        }
    }
}
