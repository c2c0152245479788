package io.scangate.verifier.snapshot;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import io.scangate.verifier.ledger.CodeState;
import io.scangate.verifier.ledger.Ledger;
import io.scangate.verifier.ledger.LedgerBase;

/**
 * The ledger's section of a snapshot: every code's whole state, 72 bytes each (code id, then the
 * state as a CODE_STATE record carries it). It may be written while scans go on (a fuzzy copy):
 * a code changed during the copy may be copied half old, half new, and that is repaired by
 * replaying the journal from the position taken before the copy, since every change after it has
 * a record carrying the code's whole state. That position must be one whose records are all
 * applied to the ledger (the verifier's applied position), not merely appended.
 *
 * <p>Concurrency: {@link #write} on any thread, beside the single writer; {@link #read} into a
 * ledger nobody else uses yet.
 */
public final class LedgerSection {
    public static final String NAME = "ledger";
    /** Bytes an entry takes. */
    public static final int ENTRY = 72;

    private LedgerSection() {
    }

    /** Writes every non-empty entry of {@code ledger} to {@code out}; returns how many. */
    public static long write(final Ledger ledger, final OutputStream out) {
        final ByteBuffer b = ByteBuffer.allocate(ENTRY * 1024).order(ByteOrder.LITTLE_ENDIAN);
        final long[] n = {0};
        ledger.forEachCopied((s, codeId) -> { // never writes a file while the verifier waits on a segment
            if (b.remaining() < ENTRY) {
                drain(b, out);
            }
            b.putLong(codeId).putLong(s.firstScanAt).putLong(s.lastScanAt).putLong(s.firstDeviceHash).putLong(s.firstRegion)
                    .putLong(s.lastRegion).putInt(s.scanCount).putInt(s.flags).putLong(s.deviceSketch).putInt(s.suspectAtCount)
                    .putInt(s.lastLocation);
            n[0]++;
        });
        drain(b, out);
        return n[0];
    }

    private static void drain(final ByteBuffer b, final OutputStream out) {
        try {
            out.write(b.array(), 0, b.position());
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
        b.clear();
    }

    /**
     * Puts every entry of {@code snap}'s ledger section into {@code ledger} (nobody else uses it
     * yet) from {@code threads} threads, each reading and putting its own contiguous part of the
     * section; returns how many. The section lists codes in the ledger's iteration order, one
     * Chronicle segment after the other, so each thread fills segments of its own: on 2 cores two
     * threads put 10M codes in 3.0 s where one takes 5.6-6.2 s, while threads fed by one reader and
     * partitioned by code were no faster than one (BENCHMARKS.md, issue 17).
     */
    public static long readInRanges(final SnapshotReader snap, final io.scangate.verifier.ledger.ChronicleLedger ledger, final int threads) {
        final long entries = section(snap).length() / ENTRY;
        final int parts = (int) Math.max(1, Math.min(threads, entries / 4096));
        final java.util.List<Thread> workers = new java.util.ArrayList<>();
        final java.util.concurrent.atomic.AtomicReference<RuntimeException> failed = new java.util.concurrent.atomic.AtomicReference<>();
        for (int p = 1; p < parts; p++) {
            final long from = entries * p / parts;
            final long to = entries * (p + 1) / parts;
            final Thread t = new Thread(() -> readRange(snap, ledger, from, to, failed), "scangate-restore-" + p);
            t.setDaemon(true);
            t.start();
            workers.add(t);
        }
        readRange(snap, ledger, 0, entries / parts, failed);
        for (final Thread t : workers) {
            try {
                t.join();
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while the ledger was restored", e);
            }
        }
        if (failed.get() != null) {
            throw failed.get();
        }
        return entries;
    }

    /** {@code snap}'s ledger section; refused if there is none or it ends inside an entry. */
    private static SnapshotReader.Section section(final SnapshotReader snap) {
        final SnapshotReader.Section section = snap.section(NAME);
        if (section == null) {
            throw new SnapshotCorruptException("no ledger section");
        }
        if (section.length() % ENTRY != 0) {
            throw new SnapshotCorruptException("ledger section ends inside entry " + section.length() / ENTRY);
        }
        return section;
    }

    /**
     * {@code snap}'s ledger section as a {@link LedgerBase.Source}: the section mapped (in parts of
     * at most a gigabyte), read in place. The mapping stays valid after the snapshot file is
     * pruned, until the source is collected.
     */
    public static LedgerBase.Source source(final SnapshotReader snap) {
        final SnapshotReader.Section section = section(snap);
        final long count = section.length() / ENTRY;
        final int perPart = (1 << 30) / ENTRY;
        final ByteBuffer[] parts = new ByteBuffer[(int) ((count + perPart - 1) / perPart)];
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(snap.file(), java.nio.file.StandardOpenOption.READ)) {
            for (int p = 0; p < parts.length; p++) {
                final long first = (long) p * perPart;
                parts[p] = ch.map(java.nio.channels.FileChannel.MapMode.READ_ONLY, section.offset() + first * ENTRY,
                        Math.min(perPart, count - first) * ENTRY).order(ByteOrder.LITTLE_ENDIAN);
            }
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot map the ledger section of " + snap.file(), e);
        }
        return new LedgerBase.Source() {
            @Override
            public long count() {
                return count;
            }

            @Override
            public long codeId(final long i) {
                return parts[(int) (i / perPart)].getLong((int) (i % perPart) * ENTRY);
            }

            @Override
            public long read(final long i, final CodeState s) {
                return decode(parts[(int) (i / perPart)], (int) (i % perPart) * ENTRY, s);
            }
        };
    }

    /** Puts entries {@code from..to-1} of {@code snap}'s ledger section with a putter of its own; a failure goes to {@code failed}. */
    private static void readRange(final SnapshotReader snap, final io.scangate.verifier.ledger.ChronicleLedger ledger, final long from,
                                  final long to, final java.util.concurrent.atomic.AtomicReference<RuntimeException> failed) {
        final io.scangate.verifier.ledger.ChronicleLedger.Putter putter = ledger.putter();
        final byte[] entry = new byte[ENTRY];
        final ByteBuffer b = ByteBuffer.wrap(entry).order(ByteOrder.LITTLE_ENDIAN);
        final CodeState s = new CodeState();
        try (DataInputStream in = new DataInputStream(snap.stream(NAME, from * ENTRY, (to - from) * ENTRY))) {
            for (long i = from; i < to && failed.get() == null; i++) {
                in.readFully(entry);
                putter.putNew(decode(b, 0, s), s);
            }
        } catch (final IOException e) {
            failed.compareAndSet(null, new UncheckedIOException("cannot read the snapshot's ledger section", e));
        } catch (final RuntimeException e) {
            failed.compareAndSet(null, e);
        }
    }

    /** Reads the entry at byte {@code at} of {@code b} (little-endian) into {@code s}; returns its code id. */
    private static long decode(final ByteBuffer b, final int at, final CodeState s) {
        s.firstScanAt = b.getLong(at + 8);
        s.lastScanAt = b.getLong(at + 16);
        s.firstDeviceHash = b.getLong(at + 24);
        s.firstRegion = b.getLong(at + 32);
        s.lastRegion = b.getLong(at + 40);
        s.scanCount = b.getInt(at + 48);
        s.flags = b.getInt(at + 52);
        s.deviceSketch = b.getLong(at + 56);
        s.suspectAtCount = b.getInt(at + 64);
        s.lastLocation = b.getInt(at + 68);
        return b.getLong(at);
    }

    /** Puts every entry of a section read from {@code in} into {@code ledger}; returns how many. */
    public static long read(final InputStream in, final Ledger ledger) {
        final DataInputStream data = new DataInputStream(in);
        final byte[] entry = new byte[ENTRY];
        final ByteBuffer b = ByteBuffer.wrap(entry).order(ByteOrder.LITTLE_ENDIAN);
        final CodeState s = new CodeState();
        long n = 0;
        try {
            while (true) {
                final int first = data.read();
                if (first < 0) {
                    return n;
                }
                entry[0] = (byte) first;
                try {
                    data.readFully(entry, 1, ENTRY - 1);
                } catch (final EOFException torn) {
                    throw new SnapshotCorruptException("ledger section ends inside entry " + n);
                }
                ledger.put(decode(b, 0, s), s);
                n++;
            }
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
