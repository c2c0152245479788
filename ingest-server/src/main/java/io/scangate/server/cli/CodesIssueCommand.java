package io.scangate.server.cli;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

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
 * issued as cases and each line is {@code CASECODE,UNITCODE}, one per unit. The codes pass through a fixed buffer, so ten
 * million of them cost no more memory than ten.
 */
@Command(name = "issue", mixinStandardHelpOptions = true,
        description = {"Create a batch of codes and write them to a file, one a line (CASECODE,UNITCODE with --units-per-case).",
            "Prints the batch as JSON on stdout. The file appears only once every code has arrived; it is created with mode 0600."})
final class CodesIssueCommand implements Callable<Integer> {
    private static final String STDOUT = "-";
    private static final Pattern FIELD = Pattern.compile("'(sku|gtin|region|count|campaign|units-per-case)'");

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    AdminOptions admin;

    @Option(names = "--sku", required = true, paramLabel = "SKU", description = "Product SKU (1 to 64 characters).")
    String sku;

    @Option(names = "--gtin", required = true, paramLabel = "GTIN", description = "GTIN of 8, 12, 13 or 14 digits.")
    String gtin;

    @Option(names = "--region", required = true, paramLabel = "REGION", description = "Planned sales region, ISO 3166-1 or -2 (CN, CN-31).")
    String region;

    @Option(names = "--count", required = true, paramLabel = "N", description = "Number of codes, 1 to 100000000.")
    long count;

    @Option(names = "--out", required = true, paramLabel = "FILE",
            description = "File to write the codes to (replaced if it exists); '-' writes them to stdout (the batch's JSON then goes to stderr).")
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
        final boolean toStdout = STDOUT.equals(out.toString());
        final Path target = toStdout ? null : checkedTarget();
        return admin.execute(client -> {
            final JsonNode batch = client.post("/admin/batches", request);
            final JsonNode id = batch.get("batchId");
            if (id == null || !id.canConvertToLong()) {
                throw new CliException(CliException.SERVER_ERROR, "admin API answered a batch without a batchId: " + batch);
            }
            final long lines = toStdout ? downloadToStdout(client, id.asLong()) : download(client, id.asLong(), target);
            if (toStdout) {
                spec.commandLine().getErr().println(batch.toString());
            } else {
                admin.print(batch);
            }
            spec.commandLine().getErr().println(summary(batch, lines));
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
    private String summary(final JsonNode batch, final long lines) {
        if (unitsPerCase == null) {
            return "wrote " + lines + " codes to " + shownOut();
        }
        final JsonNode cases = batch.get("cases");
        final String n = cases == null ? "?" : cases.asText();
        return "wrote " + lines + " units in " + n + ("1".equals(n) ? " case" : " cases") + " of up to " + unitsPerCase
                + " units (CASECODE,UNITCODE lines) to " + shownOut();
    }

    private String shownOut() {
        return STDOUT.equals(out.toString()) ? "stdout" : out.toString();
    }

    /** Refuses an unusable {@code --out} before the batch is created. */
    private Path checkedTarget() {
        final Path target = out.toAbsolutePath().normalize();
        if (Files.isDirectory(target)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--out " + out + " is a directory");
        }
        final Path dir = target.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--out: directory " + dir + " does not exist");
        }
        if (!Files.isWritable(isSpecial(target) ? target : dir)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--out: cannot write " + (isSpecial(target) ? target : "in " + dir));
        }
        return target;
    }

    /**
     * Streams the batch's codes into {@code target}, through a temporary file beside it that is
     * renamed once the count is right, so a failed or interrupted run leaves no short code list.
     * Devices and pipes ({@code /dev/stdout}) are written directly.
     */
    private long download(final AdminClient client, final long batchId, final Path target) {
        final String path = "/admin/batches/" + batchId + "/codes";
        final String again = "the batch exists: fetch its codes with GET " + path;
        try (InputStream in = client.stream(path)) {
            final boolean special = isSpecial(target);
            final Path file = special ? target : Files.createTempFile(target.getParent(), "." + target.getFileName() + ".", ".part");
            try {
                final long lines;
                try (OutputStream sink = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
                    lines = copyCountingLines(in, sink);
                }
                if (lines != count) {
                    throw new CliException(CliException.SERVER_ERROR, "batch " + batchId + ": the server sent " + lines + " codes instead of "
                            + count + "; " + again);
                }
                if (!special) {
                    moveInto(file, target);
                }
                return lines;
            } finally {
                if (!special) {
                    Files.deleteIfExists(file);
                }
            }
        } catch (final IOException e) {
            throw new CliException(CliException.SERVER_ERROR, "batch " + batchId + ": streaming its codes to " + out + " failed (" + e + "); "
                    + again);
        }
    }

    /** Streams the batch's codes to stdout as they arrive; a short count is an error after the fact (what was written stays). */
    private long downloadToStdout(final AdminClient client, final long batchId) {
        final String path = "/admin/batches/" + batchId + "/codes";
        final java.io.PrintWriter stdout = spec.commandLine().getOut();
        try (InputStream in = client.stream(path)) {
            final long lines = copyCountingLines(in, new OutputStream() {
                @Override
                public void write(final int b) {
                    stdout.write(b);
                }

                @Override
                public void write(final byte[] b, final int off, final int len) {
                    stdout.write(new String(b, off, len, java.nio.charset.StandardCharsets.US_ASCII));
                }
            });
            stdout.flush();
            if (lines != count) {
                throw new CliException(CliException.SERVER_ERROR, "batch " + batchId + ": the server sent " + lines + " codes instead of "
                        + count + "; the batch exists: fetch its codes with GET " + path);
            }
            return lines;
        } catch (final IOException e) {
            throw new CliException(CliException.SERVER_ERROR, "batch " + batchId + ": streaming its codes to stdout failed (" + e
                    + "); the batch exists: fetch its codes with GET " + path);
        }
    }

    /** Copies {@code in} to {@code out}; returns the number of lines, a last line without {@code \n} included. */
    static long copyCountingLines(final InputStream in, final OutputStream out) throws IOException {
        final byte[] buffer = new byte[1 << 16];
        long lines = 0;
        byte last = '\n';
        for (int n; (n = in.read(buffer)) != -1; ) {
            for (int i = 0; i < n; i++) {
                if (buffer[i] == '\n') {
                    lines++;
                }
            }
            if (n > 0) {
                out.write(buffer, 0, n);
                last = buffer[n - 1];
            }
        }
        return last == '\n' ? lines : lines + 1;
    }

    private static void moveInto(final Path file, final Path target) throws IOException {
        try {
            Files.move(file, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (final AtomicMoveNotSupportedException e) {
            Files.move(file, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static boolean isSpecial(final Path target) {
        return Files.exists(target) && !Files.isRegularFile(target);
    }
}
