package io.scangate.verifier.consumer;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;

import org.agrona.concurrent.UnsafeBuffer;

/**
 * The consumer table's section of a snapshot, exact at one journal position although most of it
 * is copied while purchases go on: {@link #begin} (verifier thread) starts recording which slots
 * are written; {@link Copy#writeBase} (the snapshot's thread) copies every slot and the ids arena
 * up to where it ended at the start; {@link Copy#finish} (verifier thread, between two events, so at
 * one position) adds the header, the slots written meanwhile and the arena's new tail. A slot
 * copied half-written in the base is always among those written again, so the whole is the table
 * at the moment of {@code finish}. The verifier's pause is the dirty slots (32 bytes each) and the
 * new ids, not the table.
 *
 * <pre>
 *  base:   "SGCT" | slot count i64 | capacity i64 | arena bytes i64 | (slot i64, 32 bytes)* of the used slots | -1 i64 | arena
 *  finish: header (4096 bytes) | dirty slots i64 | (slot i64, 32 bytes)* | arena tail bytes i64 | tail
 * </pre>
 * Concurrency: as said per method.
 */
public final class ConsumerSection {
    public static final String NAME = "consumers";
    private static final int MAGIC = 0x53474354; // "SGCT"

    private ConsumerSection() {
    }

    /** Verifier thread: starts a copy of {@code table}. */
    public static Copy begin(final ConsumerTable table) {
        table.slotChunks().chunk(table.slotCount() * ConsumerTable.SLOT - 1); // every slot chunk exists: the copy only reads
        table.track(true);
        return new Copy(table, table.arenaBytes());
    }

    /** A copy in progress. */
    public static final class Copy {
        private final ConsumerTable table;
        private final long arenaMark;

        private Copy(final ConsumerTable table, final long arenaMark) {
            this.table = table;
            this.arenaMark = arenaMark;
        }

        /** Verifier thread: gives the copy up (a snapshot that failed): stops the recording. */
        public void abandon() {
            table.track(false);
        }

        /** Snapshot thread: the base, every slot and the arena as they are (possibly mid-change). */
        public void writeBase(final OutputStream stream) {
            try {
                final DataOutputStream out = new DataOutputStream(stream);
                out.writeInt(MAGIC);
                out.writeLong(table.slotCount());
                out.writeLong(table.capacity());
                out.writeLong(arenaMark);
                usedSlots(out);
                copy(table.arenaChunks(), 0, arenaMark, out);
                out.flush();
            } catch (final IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** The used slots (a hash other than 0), each with its index, then -1: a section as large as the consumers, not the table. */
        private void usedSlots(final DataOutputStream out) throws IOException {
            final byte[] slot = new byte[ConsumerTable.SLOT];
            final OffHeapChunks chunks = table.slotChunks();
            for (long i = 0, n = table.slotCount(); i < n; i++) {
                final UnsafeBuffer b = chunks.chunk(i * ConsumerTable.SLOT);
                final int o = chunks.offset(i * ConsumerTable.SLOT);
                if (b.getLong(o) != 0) {
                    b.getBytes(o, slot);
                    out.writeLong(i);
                    out.write(slot);
                }
            }
            out.writeLong(-1);
        }

        /** Verifier thread, between two events: the rest, exact at this moment; stops the recording. */
        public void finish(final OutputStream stream) {
            try {
                final DataOutputStream out = new DataOutputStream(stream);
                final byte[] header = new byte[OffHeapChunks.HEADER];
                table.slotChunks().header().getBytes(0, header);
                out.write(header);
                final long[] dirty = table.dirty();
                long n = 0;
                for (final long word : dirty) {
                    n += Long.bitCount(word);
                }
                out.writeLong(n);
                final byte[] slot = new byte[ConsumerTable.SLOT];
                for (int w = 0; w < dirty.length; w++) {
                    for (long bits = dirty[w]; bits != 0; bits &= bits - 1) {
                        final long i = ((long) w << 6) + Long.numberOfTrailingZeros(bits);
                        final UnsafeBuffer b = table.slotChunks().chunk(i * ConsumerTable.SLOT);
                        b.getBytes(table.slotChunks().offset(i * ConsumerTable.SLOT), slot);
                        out.writeLong(i);
                        out.write(slot);
                    }
                }
                out.writeLong(table.arenaBytes() - arenaMark);
                copy(table.arenaChunks(), arenaMark, table.arenaBytes() - arenaMark, out);
                out.flush();
            } catch (final IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                table.track(false);
            }
        }
    }

    /** Fills {@code fresh} (empty, of the same capacity) from a section read from {@code stream}. */
    public static void restore(final InputStream stream, final ConsumerTable fresh) {
        try {
            final DataInputStream in = new DataInputStream(stream);
            if (in.readInt() != MAGIC || in.readLong() != fresh.slotCount() || in.readLong() != fresh.capacity()) {
                throw new IllegalStateException("the consumer section is for another table (capacity changed?): rebuild from the journal");
            }
            final long arenaMark = in.readLong();
            final byte[] slot = new byte[ConsumerTable.SLOT];
            for (long i = in.readLong(); i >= 0; i = in.readLong()) {
                in.readFully(slot);
                fresh.slotChunks().chunk(i * ConsumerTable.SLOT).putBytes(fresh.slotChunks().offset(i * ConsumerTable.SLOT), slot);
            }
            paste(in, fresh.arenaChunks(), 0, arenaMark);
            final byte[] header = new byte[OffHeapChunks.HEADER];
            in.readFully(header);
            final long dirty = in.readLong();
            for (long k = 0; k < dirty; k++) {
                final long i = in.readLong();
                in.readFully(slot);
                fresh.slotChunks().chunk(i * ConsumerTable.SLOT).putBytes(fresh.slotChunks().offset(i * ConsumerTable.SLOT), slot);
            }
            final long tail = in.readLong();
            paste(in, fresh.arenaChunks(), arenaMark, tail);
            fresh.restoredHeader(header);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void copy(final OffHeapChunks from, final long start, final long length, final DataOutputStream out) throws IOException {
        final byte[] buf = new byte[1 << 16];
        long at = start;
        final long end = start + length;
        while (at < end) {
            final int n = (int) Math.min(Math.min(buf.length, end - at), from.chunkMask() + 1 - from.offset(at));
            from.chunk(at).getBytes(from.offset(at), buf, 0, n);
            out.write(buf, 0, n);
            at += n;
        }
    }

    private static void paste(final DataInputStream in, final OffHeapChunks to, final long start, final long length) throws IOException {
        final byte[] buf = new byte[1 << 16];
        long at = start;
        final long end = start + length;
        while (at < end) {
            final int n = (int) Math.min(Math.min(buf.length, end - at), to.chunkMask() + 1 - to.offset(at));
            in.readFully(buf, 0, n);
            to.chunk(at).putBytes(to.offset(at), buf, 0, n);
            at += n;
        }
    }
}
