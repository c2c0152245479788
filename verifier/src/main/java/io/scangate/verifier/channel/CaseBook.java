package io.scangate.verifier.channel;

import org.agrona.collections.Long2LongHashMap;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.collections.LongArrayList;

import io.scangate.verifier.batch.Batch;

/**
 * Which case each unit is in. A batch issued as cases says it by its layout ({@link Batch#caseOf});
 * packing and unpacking later override that per unit: a unit packed into another case points
 * there, an unpacked one points nowhere. Only units moved after issue take memory here.
 *
 * <p>Concurrency: verifier thread only.
 */
public final class CaseBook {
    /** Most units a case holds. */
    public static final int MAX_UNITS = Batch.MAX_UNITS_PER_CASE;
    /** A unit explicitly in no case (unpacked). */
    private static final long NONE = -1;

    /** unit → its case, or {@link #NONE}; absent (0): as its batch was issued. */
    private final Long2LongHashMap unitCase = new Long2LongHashMap(0);
    /** case → the units packed into it after issue. */
    private final Long2ObjectHashMap<LongArrayList> packed = new Long2ObjectHashMap<>();

    /** The case code id holding {@code unit} of {@code batch} now; 0 if none. */
    public long caseOf(final long unit, final Batch batch) {
        final long c = unitCase.get(unit);
        if (c == NONE) {
            return 0;
        }
        return c != 0 ? c : batch == null ? 0 : batch.caseOf(unit);
    }

    /** The units in case {@code caseId} now (of {@code caseBatch}'s layout still there, then those packed later). */
    public long[] unitsOf(final long caseId, final Batch caseBatch) {
        final LongArrayList out = new LongArrayList();
        final long first = caseBatch == null ? 0 : caseBatch.firstUnitOf(caseId);
        if (first != 0) {
            for (int i = 0, n = caseBatch.unitsIn(caseId); i < n; i++) {
                if (unitCase.get(first + i) == 0) {
                    out.addLong(first + i);
                }
            }
        }
        final LongArrayList later = packed.get(caseId);
        if (later != null) {
            for (int i = 0; i < later.size(); i++) {
                out.addLong(later.getLong(i));
            }
        }
        return out.toLongArray();
    }

    /** Whether {@code codeId} is a case: issued as one, or holding units packed later. */
    public boolean isCase(final long codeId, final Batch batch) {
        return batch != null && batch.isCaseCode(codeId) || packed.containsKey(codeId);
    }

    void pack(final long caseId, final long[] units) {
        final LongArrayList list = packed.computeIfAbsent(caseId, k -> new LongArrayList());
        for (final long u : units) {
            leave(u);
            unitCase.put(u, caseId);
            list.addLong(u);
        }
    }

    void unpack(final long caseId, final long[] units) {
        for (final long u : units) {
            leave(u);
            unitCase.put(u, NONE);
        }
        packed.remove(caseId);
    }

    /** Takes {@code unit} off the list of the case it was packed into later, if any. */
    private void leave(final long unit) {
        final long old = unitCase.get(unit);
        final LongArrayList list = old > 0 ? packed.get(old) : null;
        if (list != null) {
            list.removeLong(unit);
            if (list.isEmpty()) {
                packed.remove(old);
            }
        }
    }

    /** Snapshot: the moves after issue (verifier thread). */
    void writeState(final java.io.DataOutputStream out) throws java.io.IOException {
        out.writeInt(unitCase.size());
        final Long2LongHashMap.EntryIterator it = unitCase.entrySet().iterator();
        while (it.hasNext()) {
            it.next();
            out.writeLong(it.getLongKey());
            out.writeLong(it.getLongValue());
        }
        out.writeInt(packed.size());
        final Long2ObjectHashMap<LongArrayList>.EntryIterator p = packed.entrySet().iterator();
        while (p.hasNext()) {
            p.next();
            out.writeLong(p.getLongKey());
            ChannelSection.writeLongs(p.getValue(), out);
        }
    }

    /** Restores what {@link #writeState} wrote into this empty book. */
    void readState(final java.io.DataInputStream in) throws java.io.IOException {
        for (int n = in.readInt(); n > 0; n--) {
            unitCase.put(in.readLong(), in.readLong());
        }
        for (int n = in.readInt(); n > 0; n--) {
            packed.put(in.readLong(), ChannelSection.readLongs(in));
        }
    }
}
