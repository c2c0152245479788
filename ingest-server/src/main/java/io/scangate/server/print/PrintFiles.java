package io.scangate.server.print;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Writes the print files of one batch as its codes stream by: each code's URL into the CSV and its
 * symbol into the image directory. Both are written beside their targets under temporary names
 * and appear only at {@link #commit}, so an interrupted run leaves no half-printed batch; {@link
 * #close} without a commit removes them.
 *
 * <p>Concurrency: one thread.
 */
public final class PrintFiles implements AutoCloseable {
    private final PrintSpec spec;
    private final String gtin;
    private final Path csvPart;
    private final BufferedWriter csv;
    private final Path imagesPart;
    private String lastCase;
    private boolean committed;

    private PrintFiles(final PrintSpec spec, final String gtin, final Path csvPart, final BufferedWriter csv, final Path imagesPart) {
        this.spec = spec;
        this.gtin = gtin;
        this.csvPart = csvPart;
        this.csv = csv;
        this.imagesPart = imagesPart;
    }

    /** What is wrong with {@code csv} as the URL file's target (its directory is missing, it is a directory), or null. */
    public static String csvProblem(final Path csv) {
        final Path target = csv.toAbsolutePath().normalize();
        if (Files.isDirectory(target)) {
            return target + " is a directory";
        }
        return target.getParent() == null || !Files.isDirectory(target.getParent()) ? "directory " + target.getParent() + " does not exist" : null;
    }

    /** What is wrong with {@code dir} as the image directory (not absent or empty, no parent), or null. */
    public static String imagesProblem(final Path dir) {
        final Path target = dir.toAbsolutePath().normalize();
        if (target.getParent() == null || !Files.isDirectory(target.getParent())) {
            return "directory " + target.getParent() + " does not exist";
        }
        if (Files.exists(target) && !isEmptyDirectory(target)) {
            return target + (Files.isDirectory(target) ? " is not empty" : " is not a directory");
        }
        return null;
    }

    /** Opens the temporary files for a batch with GTIN-14 {@code gtin}; {@code cases} says if lines name a case. */
    public static PrintFiles open(final PrintSpec spec, final String gtin, final boolean cases) {
        Path csvPart = null;
        Path imagesPart = null;
        try {
            BufferedWriter csv = null;
            if (spec.urls() != null) {
                final Path target = spec.urls().toAbsolutePath().normalize();
                csvPart = Files.createTempFile(target.getParent(), "." + target.getFileName() + ".", ".part");
                csv = Files.newBufferedWriter(csvPart, StandardCharsets.UTF_8);
                csv.write(cases ? Csv.line("case", "case_url", "code", "url") : Csv.line("code", "url"));
            }
            if (spec.images() != null) {
                final Path target = spec.images().toAbsolutePath().normalize();
                imagesPart = Files.createTempDirectory(target.getParent(), "." + target.getFileName() + ".");
            }
            return new PrintFiles(spec, gtin, csvPart, csv, imagesPart);
        } catch (final IOException e) {
            deleteQuietly(csvPart);
            deleteQuietly(imagesPart);
            throw new UncheckedIOException("cannot create print files beside " + (csvPart == null ? spec.urls() : spec.images()), e);
        }
    }

    /** One unit: its code, and its case's code or null. */
    public void accept(final String caseCode, final String code) throws IOException {
        final String url = urlOf(code);
        if (csv != null) {
            csv.write(caseCode == null ? Csv.line(code, url) : Csv.line(caseCode, urlOf(caseCode), code, url));
        }
        if (imagesPart != null) {
            image(code, url);
            if (caseCode != null && !caseCode.equals(lastCase)) {
                image(caseCode, urlOf(caseCode));
                lastCase = caseCode;
            }
        }
    }

    private String urlOf(final String code) {
        return spec.url() == null ? null : spec.url().of(gtin, code);
    }

    private void image(final String code, final String url) throws IOException {
        final byte[] bytes = spec.format().render(spec.symbology().modules(url, gtin, code), spec.symbology().quietZone(),
                spec.pixelsPerModule());
        Files.write(imagesPart.resolve(code + "." + spec.format().extension()), bytes);
    }

    /** Moves the files to their names: the CSV replaces any old one, the image directory takes the place of an empty one. */
    public void commit() throws IOException {
        if (csv != null) {
            csv.close();
            move(csvPart, spec.urls().toAbsolutePath().normalize());
        }
        if (imagesPart != null) {
            final Path target = spec.images().toAbsolutePath().normalize();
            Files.deleteIfExists(target); // empty, as problem() checked
            move(imagesPart, target);
        }
        committed = true;
    }

    @Override
    public void close() {
        if (committed) {
            return;
        }
        if (csv != null) {
            try {
                csv.close();
            } catch (final IOException e) {
                // deleted below either way
            }
        }
        deleteQuietly(csvPart);
        deleteQuietly(imagesPart);
    }

    private static void move(final Path from, final Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (final AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static boolean isEmptyDirectory(final Path dir) {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        } catch (final IOException e) {
            return false;
        }
    }

    private static void deleteQuietly(final Path path) {
        if (path == null || !Files.exists(path)) {
            return;
        }
        try (Stream<Path> all = Files.walk(path)) {
            for (final Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (final IOException e) {
            // a leftover temporary file, named as such; nothing to do about it here
        }
    }
}
