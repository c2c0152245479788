package io.scangate.verifier.snapshot;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * Writes one snapshot file: named sections, each with the journal position it holds every effect
 * up to, its length and CRC32C (streamed, then patched in), then a footer with the CRC32C of the
 * whole file. The file is
 * written under {@code NAME.tmp}, forced, renamed and its directory forced by {@link #commit};
 * until then nothing a reader lists exists, so a crash mid-write leaves only a temporary file.
 *
 * <pre>
 *  header:  "SGSNAP01" | format i32 | position i64 (the snapshot's, its name) | createdAt i64
 *  section: name length u16 | name UTF-8 | position i64 | length i64 | crc32c i32 | bytes
 *  footer:  "SGSNAPND" | sections i32 | file length before the footer i64 | crc32c of it i32
 * </pre>
 * Little-endian. Concurrency: one thread.
 */
public final class SnapshotWriter implements AutoCloseable {
    static final byte[] MAGIC = "SGSNAP01".getBytes(StandardCharsets.US_ASCII);
    static final byte[] END = "SGSNAPND".getBytes(StandardCharsets.US_ASCII);
    static final int FORMAT = 1;
    static final int HEADER = 8 + 4 + 8 + 8;
    static final int FOOTER = 8 + 4 + 8 + 4;

    private final Path target;
    private final Path tmp;
    private final FileChannel ch;
    private final CRC32C sectionCrc = new CRC32C();
    private final ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
    private final OutputStream stream = new OutputStream() {
        @Override
        public void write(final int b) {
            put(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(final byte[] b, final int off, final int len) {
            put(b, off, len);
        }
    };
    private long written;
    private long forcedAt;
    /** Bytes written between two forces of the file. */
    private static final long FORCE_EVERY = 16L << 20;
    private long sizeAt;
    private long dataStart;
    private String open;
    private int sections;
    private boolean committed;

    private SnapshotWriter(final Path target) throws IOException {
        this.target = target;
        this.tmp = target.resolveSibling(target.getFileName() + ".tmp");
        this.ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE, StandardOpenOption.READ);
    }

    /** A new snapshot file {@code target} of the state at journal {@code position}. */
    public static SnapshotWriter create(final Path target, final long position, final long createdAtMillis) {
        try {
            final SnapshotWriter w = new SnapshotWriter(target);
            w.buf.put(MAGIC).putInt(FORMAT).putLong(position).putLong(createdAtMillis);
            return w;
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot create snapshot " + target, e);
        }
    }

    /**
     * Starts section {@code name}, whose effects reach journal {@code position}: what is written to
     * the returned stream until {@link #endSection} is its content (streamed to the file, never held).
     */
    public OutputStream beginSection(final String name, final long position) {
        if (open != null) {
            throw new IllegalStateException("section " + open + " is still open");
        }
        final byte[] n = name.getBytes(StandardCharsets.UTF_8);
        if (n.length == 0 || n.length > 255) {
            throw new IllegalArgumentException("section name must be 1..255 bytes: " + name);
        }
        room(2 + n.length + 8 + 8 + 4);
        buf.putShort((short) n.length).put(n).putLong(position);
        sizeAt = written + buf.position();
        buf.putLong(0).putInt(0); // length and crc, patched by endSection
        dataStart = sizeAt + 12;
        sectionCrc.reset();
        open = name;
        return stream;
    }

    /** Ends the open section: its length and CRC32C go into its header. */
    public void endSection() {
        endSection(Long.MIN_VALUE);
    }

    /**
     * As {@link #endSection()}, with the section's position known only now (a section finished at
     * a later position than it began): {@code position} replaces the one given at its start.
     */
    public void endSection(final long position) {
        if (open == null) {
            throw new IllegalStateException("no open section");
        }
        flush();
        final boolean moved = position != Long.MIN_VALUE;
        final ByteBuffer patch = ByteBuffer.allocate(20).order(ByteOrder.LITTLE_ENDIAN);
        if (moved) {
            patch.putLong(position);
        }
        patch.putLong(written - dataStart).putInt((int) sectionCrc.getValue()).flip();
        try {
            ch.write(patch, moved ? sizeAt - 8 : sizeAt);
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot write snapshot " + tmp, e);
        }
        sections++;
        open = null;
    }

    /** Writes a whole section at once. */
    public void section(final String name, final long position, final byte[] content) {
        final OutputStream out = beginSection(name, position);
        try {
            out.write(content);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
        endSection();
    }

    private void put(final byte[] b, final int off, final int len) {
        sectionCrc.update(b, off, len);
        int at = off;
        while (at < off + len) {
            room(1);
            final int n = Math.min(buf.remaining(), off + len - at);
            buf.put(b, at, n);
            at += n;
        }
    }

    private void room(final int n) {
        if (buf.remaining() < n) {
            flush();
        }
    }

    private void flush() {
        buf.flip();
        try {
            while (buf.hasRemaining()) {
                written += ch.write(buf);
            }
            if (written - forcedAt >= FORCE_EVERY) {
                // a little at a time: hundreds of MB of dirty pages flushed at once stall the journal's fsync behind them
                ch.force(false);
                forcedAt = written;
            }
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot write snapshot " + tmp, e);
        }
        buf.clear();
    }

    /** Writes the footer, forces the file, renames it to its name and forces the directory: from here on it counts. */
    public void commit() {
        if (open != null) {
            throw new IllegalStateException("section " + open + " is still open");
        }
        flush();
        final long length = written;
        buf.put(END).putInt(sections).putLong(length).putInt((int) SnapshotReader.crc(ch, length));
        buf.flip();
        try {
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true);
            ch.close();
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            try (FileChannel dir = FileChannel.open(target.getParent(), StandardOpenOption.READ)) {
                dir.force(true);
            } catch (final IOException e) {
                // some file systems cannot force a directory; the rename is still atomic
            }
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot commit snapshot " + target, e);
        }
        committed = true;
    }

    /** Abandons an uncommitted snapshot (its temporary file removed). */
    @Override
    public void close() {
        if (committed) {
            return;
        }
        try {
            ch.close();
            Files.deleteIfExists(tmp);
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot remove " + tmp, e);
        }
    }
}
