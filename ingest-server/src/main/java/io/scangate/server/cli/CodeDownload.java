package io.scangate.server.cli;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import io.scangate.server.print.PrintFiles;

/**
 * Streams a batch's codes from {@code GET /admin/batches/{id}/codes} into a file or stdout,
 * checking that exactly the batch's count arrived, feeding each line to the print files and the
 * progress line on the way. A file is written under a temporary name beside it and renamed once
 * the count is right, so a failed or interrupted run leaves no short code list; devices and pipes
 * ({@code /dev/stdout}) are written directly. The codes pass through a fixed buffer, so ten
 * million of them cost no more memory than ten.
 */
final class CodeDownload {
    private static final int MAX_LINE = 64;

    private final AdminClient client;
    private final long batchId;
    private final long expected;
    private final Progress progress;
    private final PrintFiles print;
    private final byte[] line = new byte[MAX_LINE];
    private int lineLength;
    private long lines;

    /** A download of batch {@code batchId}'s {@code expected} codes, feeding {@code print} (null: none). */
    CodeDownload(final AdminClient client, final long batchId, final long expected, final Progress progress, final PrintFiles print) {
        this.client = client;
        this.batchId = batchId;
        this.expected = expected;
        this.progress = progress;
        this.print = print;
    }

    /** The path the codes are read from, which a failed run names so that they can be fetched again. */
    String path() {
        return "/admin/batches/" + batchId + "/codes";
    }

    /** Writes the codes into {@code target} (absolute); returns how many. */
    long toFile(final Path target) {
        final boolean special = Files.exists(target) && !Files.isRegularFile(target);
        try (InputStream in = client.stream(path())) {
            final Path file = special ? target : Files.createTempFile(target.getParent(), "." + target.getFileName() + ".", ".part");
            try {
                try (OutputStream sink = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
                    copy(in, sink, null);
                }
                checkCount(target.toString());
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
            throw failed(target.toString(), e);
        }
    }

    /** Writes the codes to {@code out} (stdout); returns how many. */
    long toWriter(final PrintWriter out) {
        try (InputStream in = client.stream(path())) {
            copy(in, null, out);
            out.flush();
            checkCount("stdout");
            return lines;
        } catch (final IOException e) {
            throw failed("stdout", e);
        }
    }

    private void copy(final InputStream in, final OutputStream sink, final PrintWriter writer) throws IOException {
        final byte[] buffer = new byte[1 << 16];
        for (int n; (n = in.read(buffer)) != -1; ) {
            for (int i = 0; i < n; i++) {
                take(buffer[i]);
            }
            if (sink != null) {
                sink.write(buffer, 0, n);
            } else {
                writer.write(new String(buffer, 0, n, StandardCharsets.US_ASCII));
            }
        }
        if (lineLength > 0) {
            endLine(); // a last line without '\n' counts
        }
        progress.finish(lines);
    }

    private void take(final byte b) throws IOException {
        if (b == '\n') {
            endLine();
        } else if (lineLength < MAX_LINE) {
            line[lineLength++] = b;
        }
    }

    private void endLine() throws IOException {
        lines++;
        if (print != null) {
            final String text = new String(line, 0, lineLength, StandardCharsets.US_ASCII).strip();
            final int comma = text.indexOf(',');
            print.accept(comma < 0 ? null : text.substring(0, comma), comma < 0 ? text : text.substring(comma + 1));
        }
        lineLength = 0;
        progress.update(lines);
    }

    private void checkCount(final String where) {
        if (lines != expected) {
            throw new CliException(CliException.SERVER_ERROR, "batch " + batchId + ": the server sent " + lines + " codes instead of "
                    + expected + " to " + where + "; " + again());
        }
    }

    private CliException failed(final String where, final IOException e) {
        return new CliException(CliException.SERVER_ERROR, "batch " + batchId + ": streaming its codes to " + where + " failed (" + e + "); "
                + again());
    }

    private String again() {
        return "the batch exists: fetch its codes again with 'scangate batches export " + batchId + "' (GET " + path() + ")";
    }

    private static void moveInto(final Path file, final Path target) throws IOException {
        try {
            Files.move(file, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (final AtomicMoveNotSupportedException e) {
            Files.move(file, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
