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
            final ChronicleLedger ledger = new ChronicleLedger(builder(entries).createPersistedTo(file.toFile()), entries);
            io.scangate.verifier.fs.OwnerOnly.restrict(file);
            return ledger;
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot open ledger file " + file, e);
        }
    }

    /**
     * Sized with 10% headroom over the configured count: the verifier refuses new codes at the
     * configured count, so Chronicle's own overflow (an exception deep in a put) is never reached.
     */
    private static ChronicleMapBuilder<LongValue, CodeRecord> builder(final long entries) {
        return ChronicleMapBuilder.of(LongValue.class, CodeRecord.class).name("scangate-ledger")
                .entries(entries + entries / 10 + 1_000);
    }

    /** Creates an in-memory ledger (tests and benchmarks). */
    public static ChronicleLedger inMemory(final long entries) {
        return new ChronicleLedger(builder(entries).create(), entries);
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

    /** Puts codes from a thread of its own (its own key and reference): several restore a snapshot at once into a map nobody reads yet. */
    public final class Putter {
        private final LongValue k = Values.newHeapInstance(LongValue.class);
        private final CodeRecord r = Values.newNativeReference(CodeRecord.class);

        public void put(final long codeId, final CodeState state) {
            k.setValue(codeId);
            state.copyTo(map.acquireUsing(k, r));
        }
    }

    /** A putter for one more thread. */
    public Putter putter() {
        return new Putter();
    }

    /** As {@link #read}, safe beside the single writer (its own key and reference; allocates: checks, not the hot path). */
    public boolean readShared(final long codeId, final CodeState into) {
        final LongValue k = Values.newHeapInstance(LongValue.class);
        k.setValue(codeId);
        final CodeRecord r = Values.newNativeReference(CodeRecord.class);
        if (map.getUsing(k, r) == null || r.getScanCount() == 0 && r.getFlags() == 0) {
            into.clear();
            return false;
        }
        into.copyFrom(r);
        return true;
    }

    @Override
    public void readForUpdate(final long codeId, final CodeState into) {
        key.setValue(codeId);
        into.copyFrom(map.acquireUsing(key, ref));
    }

    @Override
    public void writeBack(final CodeState state) {
        state.copyTo(ref);
    }

    @Override
    public void put(final long codeId, final CodeState state) {
        key.setValue(codeId);
        state.copyTo(map.acquireUsing(key, ref));
    }

    @Override
    public void forEach(final java.util.function.ObjLongConsumer<CodeState> visitor) {
        final CodeState s = new CodeState();
        map.forEachEntry(e -> {
            s.copyFrom(e.value().get());
            if (s.scanCount != 0 || s.flags != 0) {
                visitor.accept(s, e.key().get().getValue());
            }
        });
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
