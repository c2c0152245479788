package io.scangate.verifier.batch;

import java.util.Objects;

import io.scangate.verifier.code.CodeFormat;
import io.scangate.verifier.ledger.Regions;

/**
 * An issued range of serials {@code [firstSerial, firstSerial + count)} under one key id, with the
 * product facts every scan of its codes reports. Immutable: a state change makes a new instance.
 * The GTIN and the planned region are also held in the forms a scan compares with (a number, a
 * packed region), made once here rather than on every scan. Its JSON form is
 * {@link BatchRegistry#toJson}.
 */
public final class Batch {
    private final long batchId;
    private final int keyId;
    private final long firstSerial;
    private final long count;
    private final String sku;
    private final String gtin;
    private final String plannedRegion;
    private final String campaign;
    private final BatchState state;
    private final long createdAtMillis;
    private final long gtinNumber;
    private final long plannedRegionPacked;

    /**
     * @param gtin the GTIN-14 as 14 digits (as {@link BatchSpec} normalises it)
     * @param plannedRegion ISO 3166-1 or -2 code, or null
     */
    public Batch(final long batchId, final int keyId, final long firstSerial, final long count, final String sku, final String gtin,
                 final String plannedRegion, final String campaign, final BatchState state, final long createdAtMillis) {
        this.batchId = batchId;
        this.keyId = keyId;
        this.firstSerial = firstSerial;
        this.count = count;
        this.sku = sku;
        this.gtin = gtin;
        this.plannedRegion = plannedRegion;
        this.campaign = campaign;
        this.state = state;
        this.createdAtMillis = createdAtMillis;
        this.gtinNumber = Long.parseLong(gtin);
        this.plannedRegionPacked = Regions.pack(plannedRegion);
    }

    public long batchId() {
        return batchId;
    }

    public int keyId() {
        return keyId;
    }

    public long firstSerial() {
        return firstSerial;
    }

    public long count() {
        return count;
    }

    public String sku() {
        return sku;
    }

    /** The GTIN-14 as its 14 digits, as answers and the journal show it. */
    public String gtin() {
        return gtin;
    }

    /** The GTIN-14 as a number, as a scan's claimed GTIN ({@code ScanEvent.gtin}) is compared. */
    public long gtinNumber() {
        return gtinNumber;
    }

    public String plannedRegion() {
        return plannedRegion;
    }

    /** The planned sales region, packed (see {@link Regions}); 0 if none. */
    public long plannedRegionPacked() {
        return plannedRegionPacked;
    }

    public String campaign() {
        return campaign;
    }

    public BatchState state() {
        return state;
    }

    public long createdAtMillis() {
        return createdAtMillis;
    }

    /** Code id of the first code. */
    public long firstCodeId() {
        return CodeFormat.codeId(keyId, firstSerial);
    }

    /** Whether {@code codeId} lies in this batch. */
    public boolean contains(final long codeId) {
        final long first = firstCodeId();
        return codeId >= first && codeId - first < count;
    }

    public Batch withState(final BatchState newState) {
        return new Batch(batchId, keyId, firstSerial, count, sku, gtin, plannedRegion, campaign, newState, createdAtMillis);
    }

    @Override
    public boolean equals(final Object o) {
        return o instanceof Batch b && b.batchId == batchId && b.keyId == keyId && b.firstSerial == firstSerial && b.count == count
                && Objects.equals(b.sku, sku) && Objects.equals(b.gtin, gtin)
                && Objects.equals(b.plannedRegion, plannedRegion)
                && Objects.equals(b.campaign, campaign) && b.state == state && b.createdAtMillis == createdAtMillis;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(batchId) * 31 + state.hashCode();
    }

    @Override
    public String toString() {
        return "Batch[batchId=" + batchId + ", keyId=" + keyId + ", firstSerial=" + firstSerial + ", count=" + count + ", sku=" + sku
                + ", gtin=" + gtin + ", plannedRegion=" + plannedRegion + ", campaign=" + campaign + ", state=" + state
                + ", createdAtMillis=" + createdAtMillis + "]";
    }
}
