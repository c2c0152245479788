package io.scangate.verifier.ledger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

import net.openhft.chronicle.core.values.LongValue;
import net.openhft.chronicle.map.ChronicleMap;
import net.openhft.chronicle.map.ChronicleMapBuilder;
import net.openhft.chronicle.values.Values;

/**
 * {@link Ledger} over a persisted Chronicle Map of {@code LongValue → CodeRecord}. Reads and
 * updates bind a reused native reference to the entry in the mapped file and change it in place,
 * so a scan allocates nothing. No lock is taken: the verifier thread is the only writer and the
 * only reader.
 *
 * <p>Concurrency: single writer (the verifier thread).
 */
public final class ChronicleLedger implements Ledger {
    private final ChronicleMap<LongValue, CodeRecord> map;
    private final long capacity;
    private final LongValue key = Values.newHeapInstance(LongValue.class);
    private final CodeRecord ref = Values.newNativeReference(CodeRecord.class);

    private ChronicleLedger(final ChronicleMap<LongValue, CodeRecord> map, final long capacity) {
        this.map = map;
        this.capacity = capacity;
    }

    /** Opens or creates the map file sized for {@code entries} codes. */
    public static ChronicleLedger open(final Path file, final long entries) {
        try {
            final ChronicleMap<LongValue, CodeRecord> map = ChronicleMapBuilder
                    .of(LongValue.class, CodeRecord.class)
                    .name("scangate-ledger")
                    .entries(entries)
                    .createPersistedTo(file.toFile());
            return new ChronicleLedger(map, entries);
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot open ledger file " + file, e);
        }
    }

    /** Creates an in-memory ledger (tests and benchmarks). */
    public static ChronicleLedger inMemory(final long entries) {
        return new ChronicleLedger(ChronicleMapBuilder.of(LongValue.class, CodeRecord.class)
                .name("scangate-ledger").entries(entries).create(), entries);
    }

    @Override
    public boolean read(final long codeId, final CodeState into) {
        key.setValue(codeId);
        if (map.getUsing(key, ref) == null) {
            into.clear();
            return false;
        }
        into.copyFrom(ref);
        return true;
    }

    @Override
    public boolean recordScan(final long codeId, final long atMillis, final long deviceHash, final long region, final CodeState into) {
        key.setValue(codeId);
        final CodeRecord r = map.acquireUsing(key, ref);
        if ((r.getFlags() & CodeState.FLAG_VOIDED) != 0) {
            into.copyFrom(r);
            return false;
        }
        final int count = r.getScanCount();
        if (count == 0) {
            r.setFirstScanAt(atMillis);
            r.setFirstDeviceHash(deviceHash);
            r.setFirstRegion(region);
        }
        r.setLastScanAt(atMillis);
        r.setLastRegion(region);
        r.setScanCount(count + 1);
        into.copyFrom(r);
        return true;
    }

    @Override
    public boolean markVoided(final long codeId) {
        key.setValue(codeId);
        final CodeRecord r = map.acquireUsing(key, ref);
        final int flags = r.getFlags();
        if ((flags & CodeState.FLAG_VOIDED) != 0) {
            return false;
        }
        r.setFlags(flags | CodeState.FLAG_VOIDED);
        return true;
    }

    @Override
    public long size() {
        return map.longSize();
    }

    @Override
    public long capacity() {
        return capacity;
    }

    @Override
    public void close() {
        map.close();
    }
}
