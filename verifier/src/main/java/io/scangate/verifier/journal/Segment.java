package io.scangate.verifier.journal;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * One journal segment file, mapped whole: created zero-filled to its full size before it gets a
 * name, so an fdatasync never has to commit a size change.
 *
 * <p>Concurrency: written by the verifier thread through {@link #buffer}; forced and closed by
 * whichever thread {@link FileJournal} lets (under its force lock); {@link #linked} is read and
 * written by the syncer.
 */
final class Segment {
    final int number;
    final FileChannel channel;
    final MappedByteBuffer mapped;
    final UnsafeBuffer buffer;
    final int size;
    /** Its name is durable: false for a prepared segment until force() syncs the directory after the rename. */
    volatile boolean linked = true;

    private Segment(final int number, final FileChannel channel, final MappedByteBuffer mapped) {
        this.number = number;
        this.channel = channel;
        this.mapped = mapped;
        this.buffer = new UnsafeBuffer(mapped);
        this.size = mapped.capacity();
    }

    /**
     * Creates {@code file} (a {@code .ready} name) zero-filled to {@code size}, forces it and maps it,
     * pages loaded, so the verifier's first writes find them in memory. Preparer thread.
     */
    static Segment prepare(final Path file, final int size, final int number) {
        FileChannel ch = null;
        try {
            Files.deleteIfExists(file);
            ch = IoUtil.createEmptyFile(file.toFile(), size, true);
            ch.force(true); // the zeros and the size: an fdatasync after the rename commits no size change
            final MappedByteBuffer m = ch.map(FileChannel.MapMode.READ_WRITE, 0, size);
            m.load();
            final Segment s = new Segment(number, ch, m);
            s.linked = false;
            return s;
        } catch (final IOException e) {
            if (ch != null) {
                try {
                    ch.close();
                } catch (final IOException ignored) {
                    // reported below
                }
            }
            throw new UncheckedIOException("cannot prepare journal segment " + file, e);
        }
    }

    static Segment create(final Path file, final int size, final int number) {
        final File tmp = file.resolveSibling(file.getFileName() + ".tmp").toFile();
        // zero-filled up front so an fdatasync never has to commit a size change
        try (FileChannel zeroed = IoUtil.createEmptyFile(tmp, size, true)) {
            io.scangate.verifier.fs.OwnerOnly.restrict(tmp.toPath());
            zeroed.force(true); // the zeros and the size are on disk before the name is
            Files.move(tmp.toPath(), file, StandardCopyOption.ATOMIC_MOVE);
            syncDirectory(file.getParent());
            return open(file, number);
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot create journal segment " + file, e);
        }
    }

    static Segment open(final Path file, final int number) throws IOException {
        final FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        final MappedByteBuffer m = ch.map(FileChannel.MapMode.READ_WRITE, 0, ch.size());
        return new Segment(number, ch, m);
    }

    /** Makes the names in {@code dir} durable (a created or renamed segment), where the file system allows. */
    static void syncDirectory(final Path dir) {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (final IOException ignored) {
            // directories cannot be synced on every file system
        }
    }

    void close() {
        IoUtil.unmap(mapped);
        try {
            channel.close();
        } catch (final IOException ignored) {
            // nothing left to lose: the segment was forced before
        }
    }
}
