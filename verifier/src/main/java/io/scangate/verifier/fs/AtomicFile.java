package io.scangate.verifier.fs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Replaces a small file all at once: write a temporary sibling, fsync it, rename it over the
 * target, fsync the directory. A reader (or a crash) sees the old content or the new, never a mix.
 */
public final class AtomicFile {
    private AtomicFile() {
    }

    /** Writes {@code content} to {@code file} atomically and durably. */
    public static void write(final Path file, final byte[] content) {
        write(file, content, false);
    }

    /** As {@link #write(Path, byte[])}, the file readable by its owner only (mode 0600) when {@code secret}. */
    public static void write(final Path file, final byte[] content, final boolean secret) {
        final Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.deleteIfExists(tmp);
            if (secret) {
                final FileAttribute<?> ownerOnly = PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
                try {
                    Files.createFile(tmp, ownerOnly);
                } catch (final UnsupportedOperationException e) {
                    Files.createFile(tmp);
                }
            }
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                final ByteBuffer buf = ByteBuffer.wrap(content);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (final AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            try (FileChannel dir = FileChannel.open(file.toAbsolutePath().getParent(), StandardOpenOption.READ)) {
                dir.force(true);
            } catch (final IOException ignored) {
                // some file systems cannot fsync a directory; the rename is still atomic
            }
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
