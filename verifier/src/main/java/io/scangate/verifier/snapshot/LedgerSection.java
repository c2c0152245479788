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
    static final int ENTRY = 72;

    private LedgerSection() {
    }

    /** Writes every non-empty entry of {@code ledger} to {@code out}; returns how many. */
    public static long write(final Ledger ledger, final OutputStream out) {
        final ByteBuffer b = ByteBuffer.allocate(ENTRY * 1024).order(ByteOrder.LITTLE_ENDIAN);
        final long[] n = {0};
        ledger.forEach((s, codeId) -> {
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

    /** Entries a restore hands to a thread at once. */
    private static final int BLOCK = 8192;

    /**
     * Puts every entry of a section read from {@code in} into {@code ledger} (nobody else uses it
     * yet) with {@code threads} threads putting blocks of entries while this one reads; returns
     * how many. Chronicle Map's segments lock apart, so the puts scale with the cores.
     */
    public static long read(final InputStream in, final io.scangate.verifier.ledger.ChronicleLedger ledger, final int threads) {
        final java.util.concurrent.BlockingQueue<byte[]> blocks = new java.util.concurrent.ArrayBlockingQueue<>(threads * 2);
        final byte[] end = new byte[0];
        final java.util.concurrent.atomic.AtomicReference<RuntimeException> failed = new java.util.concurrent.atomic.AtomicReference<>();
        final java.util.List<Thread> workers = new java.util.ArrayList<>();
        for (int t = 0; t < threads; t++) {
            final io.scangate.verifier.ledger.ChronicleLedger.Putter putter = ledger.putter();
            final Thread w = new Thread(() -> put(blocks, end, putter, failed), "scangate-restore-" + t);
            w.setDaemon(true);
            w.start();
            workers.add(w);
        }
        long n = 0;
        try {
            final DataInputStream data = new DataInputStream(in);
            while (failed.get() == null) {
                final byte[] block = new byte[ENTRY * BLOCK];
                final int got = data.readNBytes(block, 0, block.length);
                if (got % ENTRY != 0) {
                    throw new SnapshotCorruptException("ledger section ends inside entry " + (n + got / ENTRY));
                }
                if (got > 0) {
                    hand(blocks, got == block.length ? block : java.util.Arrays.copyOf(block, got), failed);
                    n += got / ENTRY;
                }
                if (got < block.length) {
                    break;
                }
            }
            for (int t = 0; t < threads; t++) {
                hand(blocks, end, failed);
            }
            for (final Thread w : workers) {
                w.join();
            }
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while restoring the ledger", e);
        }
        if (failed.get() != null) {
            throw failed.get();
        }
        return n;
    }

    /** Queues {@code block} unless a worker failed (then nobody may take it). */
    private static void hand(final java.util.concurrent.BlockingQueue<byte[]> blocks, final byte[] block,
                             final java.util.concurrent.atomic.AtomicReference<RuntimeException> failed) throws InterruptedException {
        while (failed.get() == null && !blocks.offer(block, 100, java.util.concurrent.TimeUnit.MILLISECONDS)) {
            // a full queue: the workers are putting
        }
    }

    private static void put(final java.util.concurrent.BlockingQueue<byte[]> blocks, final byte[] end,
                            final io.scangate.verifier.ledger.ChronicleLedger.Putter putter,
                            final java.util.concurrent.atomic.AtomicReference<RuntimeException> failed) {
        final CodeState s = new CodeState();
        try {
            for (byte[] block = blocks.take(); block != end; block = blocks.take()) {
                final ByteBuffer b = ByteBuffer.wrap(block).order(ByteOrder.LITTLE_ENDIAN);
                while (b.hasRemaining()) {
                    putter.put(decode(b, s), s);
                }
            }
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (final RuntimeException e) {
            failed.compareAndSet(null, e);
            blocks.clear();
        }
    }

    /** Reads one entry at {@code b}'s position into {@code s}; returns its code id. */
    private static long decode(final ByteBuffer b, final CodeState s) {
        final long codeId = b.getLong();
        s.firstScanAt = b.getLong();
        s.lastScanAt = b.getLong();
        s.firstDeviceHash = b.getLong();
        s.firstRegion = b.getLong();
        s.lastRegion = b.getLong();
        s.scanCount = b.getInt();
        s.flags = b.getInt();
        s.deviceSketch = b.getLong();
        s.suspectAtCount = b.getInt();
        s.lastLocation = b.getInt();
        return codeId;
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
                b.clear();
                ledger.put(decode(b, s), s);
                n++;
            }
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
