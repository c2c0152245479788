package io.scangate.verifier.snapshot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.zip.CRC32C;

import io.scangate.verifier.fs.FileCrc;

/**
 * Opens a snapshot file written by {@link SnapshotWriter} and checks it before anything is used:
 * the header, the footer, the CRC32C of the whole file and of every section, and that the sections
 * fill the file exactly. Anything else is a {@link SnapshotCorruptException} saying what is wrong,
 * so recovery can skip the file for an older one.
 *
 * <p>Concurrency: immutable after {@link #open}; {@link #read} may run on any thread.
 */
public final class SnapshotReader {
    /** One section: its name, the journal position its effects reach, and where its bytes are. */
    public record Section(String name, long position, long offset, long length) {
    }

    private final Path file;
    private final long position;
    private final long createdAtMillis;
    private final List<Section> sections;

    private SnapshotReader(final Path file, final long position, final long createdAtMillis, final List<Section> sections) {
        this.file = file;
        this.position = position;
        this.createdAtMillis = createdAtMillis;
        this.sections = sections;
    }

    /** The snapshot in {@code file}, checked whole; throws {@link SnapshotCorruptException} naming the damage. */
    public static SnapshotReader open(final Path file) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            final long size = ch.size();
            if (size < SnapshotWriter.HEADER + SnapshotWriter.FOOTER) {
                throw corrupt(file, "only " + size + " bytes: truncated");
            }
            final ByteBuffer footer = readAt(ch, size - SnapshotWriter.FOOTER, SnapshotWriter.FOOTER);
            final byte[] end = new byte[8];
            footer.get(end);
            if (!Arrays.equals(end, SnapshotWriter.END)) {
                throw corrupt(file, "no footer: truncated or not finished");
            }
            final int count = footer.getInt();
            final long length = footer.getLong();
            final int crc = footer.getInt();
            if (length != size - SnapshotWriter.FOOTER) {
                throw corrupt(file, "the footer says " + length + " bytes before it, the file has " + (size - SnapshotWriter.FOOTER));
            }
            if ((int) crc(ch, length) != crc) {
                throw corrupt(file, "checksum mismatch: damaged");
            }
            final ByteBuffer header = readAt(ch, 0, SnapshotWriter.HEADER);
            final byte[] magic = new byte[8];
            header.get(magic);
            if (!Arrays.equals(magic, SnapshotWriter.MAGIC) || header.getInt() != SnapshotWriter.FORMAT) {
                throw corrupt(file, "not a scangate snapshot of format " + SnapshotWriter.FORMAT);
            }
            final long position = header.getLong();
            final long created = header.getLong();
            return new SnapshotReader(file, position, created, sections(file, ch, count, length));
        } catch (final IOException | UncheckedIOException e) {
            throw corrupt(file, "unreadable: " + e.getMessage());
        }
    }

    private static List<Section> sections(final Path file, final FileChannel ch, final int count, final long length) throws IOException {
        final List<Section> out = new ArrayList<>(count);
        long at = SnapshotWriter.HEADER;
        for (int i = 0; i < count; i++) {
            final int nameLength = readAt(ch, at, 2).getShort() & 0xffff;
            final ByteBuffer h = readAt(ch, at + 2, nameLength + 20);
            final byte[] name = new byte[nameLength];
            h.get(name);
            final long position = h.getLong();
            final long size = h.getLong();
            h.getInt(); // the section's own checksum: for tools that read one section alone
            final long data = at + 2 + nameLength + 20;
            if (size < 0 || data + size > length) {
                throw corrupt(file, "section " + i + " runs past the end");
            }
            // the whole file's checksum, checked before, covers every section's bytes: one pass over a large file, not two
            out.add(new Section(new String(name, StandardCharsets.UTF_8), position, data, size));
            at = data + size;
        }
        if (at != length) {
            throw corrupt(file, "the sections end at " + at + ", the data at " + length);
        }
        return Collections.unmodifiableList(out);
    }

    /** The bytes of section {@code name} (sections are meant to be read whole by recovery); null if there is none. */
    public byte[] read(final String name) {
        for (final Section s : sections) {
            if (s.name().equals(name)) {
                if (s.length() > Integer.MAX_VALUE - 8) {
                    throw new IllegalStateException("section " + name + " of " + s.length() + " bytes: read it as a stream");
                }
                try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
                    return readAt(ch, s.offset(), (int) s.length()).array();
                } catch (final IOException e) {
                    throw new UncheckedIOException("cannot read snapshot " + file, e);
                }
            }
        }
        return null;
    }

    /** Section {@code name}, or null if there is none. */
    public Section section(final String name) {
        for (final Section s : sections) {
            if (s.name().equals(name)) {
                return s;
            }
        }
        return null;
    }

    /** A stream over section {@code name}'s bytes (for sections too large to hold), to be closed by the caller; null if there is none. */
    public java.io.InputStream stream(final String name) {
        final Section s = section(name);
        return s == null ? null : stream(s.offset(), s.length());
    }

    /**
     * A stream over {@code length} bytes of section {@code name} from its byte {@code from} (one
     * reader's part of a section several read at once), to be closed by the caller; null if there
     * is no such section; an error if the range leaves it.
     */
    public java.io.InputStream stream(final String name, final long from, final long length) {
        final Section s = section(name);
        if (s == null) {
            return null;
        }
        if (from < 0 || length < 0 || from + length > s.length()) {
            throw new IllegalArgumentException("bytes " + from + "+" + length + " are not in section " + name + " of " + s.length());
        }
        return stream(s.offset() + from, length);
    }

    private java.io.InputStream stream(final long offset, final long length) {
        try {
            final FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
            ch.position(offset);
            final java.io.InputStream raw = java.nio.channels.Channels.newInputStream(ch);
            return new java.io.BufferedInputStream(new java.io.FilterInputStream(raw) {
                private long left = length;

                @Override
                public int read() throws IOException {
                    if (left <= 0) {
                        return -1;
                    }
                    final int b = super.read();
                    if (b >= 0) {
                        left--;
                    }
                    return b;
                }

                @Override
                public int read(final byte[] b, final int off, final int len) throws IOException {
                    if (left <= 0) {
                        return -1;
                    }
                    final int n = super.read(b, off, (int) Math.min(len, left));
                    if (n > 0) {
                        left -= n;
                    }
                    return n;
                }
            }, 1 << 16);
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot read snapshot " + file, e);
        }
    }

    public long position() {
        return position;
    }

    public long createdAtMillis() {
        return createdAtMillis;
    }

    public List<Section> sections() {
        return sections;
    }

    public Path file() {
        return file;
    }

    /** CRC32C of the first {@code length} bytes of {@code ch}. */
    static long crc(final FileChannel ch, final long length) {
        final CRC32C c = new CRC32C();
        try {
            FileCrc.update(ch, c, 0, length);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
        return c.getValue();
    }

    private static ByteBuffer readAt(final FileChannel ch, final long at, final int n) throws IOException {
        final ByteBuffer b = ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
        while (b.hasRemaining()) {
            if (ch.read(b, at + b.position()) <= 0) {
                throw new IOException("short read at " + (at + b.position()));
            }
        }
        return b.flip();
    }

    private static SnapshotCorruptException corrupt(final Path file, final String why) {
        return new SnapshotCorruptException("snapshot " + file.getFileName() + " unusable: " + why);
    }
}
