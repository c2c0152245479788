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
     * Puts every entry of a section read from {@code in} into {@code ledger} (nobody else uses it
     * yet) with {@code threads} threads ({@link io.scangate.verifier.ledger.ParallelLoader}) while
     * this one reads; returns how many.
     */
    public static long read(final InputStream in, final io.scangate.verifier.ledger.ChronicleLedger ledger, final int threads) {
        return read(in, new io.scangate.verifier.ledger.ParallelLoader(ledger, threads), ledger);
    }

    /** As {@link #read(InputStream, io.scangate.verifier.ledger.ChronicleLedger, int)} through {@code loader} (a repairing one, say). */
    public static long read(final InputStream in, final io.scangate.verifier.ledger.ParallelLoader loader,
                            final io.scangate.verifier.ledger.ChronicleLedger ledger) {
        final long n;
        try {
            n = read(in, loader.asLedger(ledger));
        } catch (final RuntimeException e) {
            try {
                loader.finish(); // its threads end
            } catch (final RuntimeException s) {
                e.addSuppressed(s);
            }
            throw e;
        }
        loader.finish();
        return n;
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
