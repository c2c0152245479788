package io.scangate.verifier.batch;

import java.util.Objects;

import io.scangate.verifier.code.CodeFormat;
import io.scangate.verifier.ledger.Regions;

/**
 * An issued range of serials {@code [firstSerial, firstSerial + count)} under one key id, with the
 * product facts every scan of its codes reports. A batch issued as cases of {@code unitsPerCase}
 * units (1..1000; 0 = no cases) also owns {@link #cases()} case codes, whose serials come right
 * after the units: {@code [firstSerial + count, firstSerial + serials())}; case {@code k} holds the
 * units {@code [k * unitsPerCase, (k + 1) * unitsPerCase)} of the batch, the last case may be short.
 * Immutable: a state change makes a new instance.
 * The GTIN and the planned region are also held in the forms a scan compares with (a number, a
 * packed region), made once here rather than on every scan. Its JSON form is
 * {@link BatchRegistry#toJson}.
 */
public final class Batch {
    /** The most units a case holds. */
    public static final int MAX_UNITS_PER_CASE = 1000;

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
    private final int unitsPerCase;
    private final long cases;
    private final BatchMeta meta;

    /**
     * @param gtin the GTIN-14 as 14 digits (as {@link BatchSpec} normalises it)
     * @param plannedRegion ISO 3166-1 or -2 code, or null
     */
    public Batch(final long batchId, final int keyId, final long firstSerial, final long count, final String sku, final String gtin,
                 final String plannedRegion, final String campaign, final BatchState state, final long createdAtMillis) {
        this(batchId, keyId, firstSerial, count, 0, sku, gtin, plannedRegion, campaign, state, createdAtMillis);
    }

    /**
     * @param unitsPerCase units a case holds, 1..{@value #MAX_UNITS_PER_CASE}, or 0 for a batch without cases
     * @param gtin the GTIN-14 as 14 digits (as {@link BatchSpec} normalises it)
     * @param plannedRegion ISO 3166-1 or -2 code, or null
     */
    public Batch(final long batchId, final int keyId, final long firstSerial, final long count, final int unitsPerCase, final String sku,
                 final String gtin, final String plannedRegion, final String campaign, final BatchState state, final long createdAtMillis) {
        this(batchId, keyId, firstSerial, count, unitsPerCase, sku, gtin, plannedRegion, campaign, state, createdAtMillis, null);
    }

    /**
     * As the constructor without {@code meta}, with the batch's consumer-page metadata (null for none).
     */
    public Batch(final long batchId, final int keyId, final long firstSerial, final long count, final int unitsPerCase, final String sku,
                 final String gtin, final String plannedRegion, final String campaign, final BatchState state, final long createdAtMillis,
                 final BatchMeta meta) {
        if (unitsPerCase < 0 || unitsPerCase > MAX_UNITS_PER_CASE) {
            throw new IllegalArgumentException("unitsPerCase must be 0.." + MAX_UNITS_PER_CASE + ", was " + unitsPerCase);
        }
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
        this.unitsPerCase = unitsPerCase;
        this.cases = unitsPerCase == 0 ? 0 : (count + unitsPerCase - 1) / unitsPerCase;
        this.meta = meta;
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

    /** The number of units (case codes not included). */
    public long count() {
        return count;
    }

    /** Units a case holds; 0 if the batch has no cases. */
    public int unitsPerCase() {
        return unitsPerCase;
    }

    /** The number of case codes: {@code ceil(count / unitsPerCase)}, 0 without cases. */
    public long cases() {
        return cases;
    }

    /** Serials the batch owns: its units, then its cases. */
    public long serials() {
        return count + cases;
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

    /** Whether {@code codeId} is one of this batch's codes, a unit or a case. */
    public boolean contains(final long codeId) {
        final long first = firstCodeId();
        return codeId >= first && codeId - first < serials();
    }

    /** Whether {@code codeId} is one of this batch's case codes. */
    public boolean isCaseCode(final long codeId) {
        final long offset = codeId - firstCodeId();
        return cases > 0 && offset >= count && offset < serials();
    }

    /** The case code id holding the unit {@code unitCodeId}; 0 if the batch has no cases or that is not one of its units. */
    public long caseOf(final long unitCodeId) {
        final long offset = unitCodeId - firstCodeId();
        if (cases == 0 || unitCodeId < firstCodeId() || offset >= count) {
            return 0;
        }
        return firstCodeId() + count + offset / unitsPerCase;
    }

    /** The code id of the first unit of the case {@code caseCodeId}; 0 if that is not one of this batch's cases. */
    public long firstUnitOf(final long caseCodeId) {
        if (!isCaseCode(caseCodeId)) {
            return 0;
        }
        return firstCodeId() + (caseCodeId - firstCodeId() - count) * unitsPerCase;
    }

    /** How many units the case {@code caseCodeId} holds (the last case may be short); 0 if that is not one of this batch's cases. */
    public int unitsIn(final long caseCodeId) {
        if (!isCaseCode(caseCodeId)) {
            return 0;
        }
        final long firstUnit = (caseCodeId - firstCodeId() - count) * unitsPerCase;
        return (int) Math.min(unitsPerCase, count - firstUnit);
    }

    /** What the consumer page shows about the product (name, image, production); null if none was set. */
    public BatchMeta meta() {
        return meta;
    }

    public Batch withState(final BatchState newState) {
        return new Batch(batchId, keyId, firstSerial, count, unitsPerCase, sku, gtin, plannedRegion, campaign, newState, createdAtMillis,
                meta);
    }

    /** This batch with {@code newMeta} (null to remove it). */
    public Batch withMeta(final BatchMeta newMeta) {
        return new Batch(batchId, keyId, firstSerial, count, unitsPerCase, sku, gtin, plannedRegion, campaign, state, createdAtMillis,
                newMeta);
    }

    @Override
    public boolean equals(final Object o) {
        return o instanceof Batch b && b.batchId == batchId && b.keyId == keyId && b.firstSerial == firstSerial && b.count == count
                && b.unitsPerCase == unitsPerCase && Objects.equals(b.sku, sku) && Objects.equals(b.gtin, gtin)
                && Objects.equals(b.plannedRegion, plannedRegion)
                && Objects.equals(b.campaign, campaign) && b.state == state && b.createdAtMillis == createdAtMillis
                && Objects.equals(b.meta, meta);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(batchId) * 31 + state.hashCode();
    }

    @Override
    public String toString() {
        return "Batch[batchId=" + batchId + ", keyId=" + keyId + ", firstSerial=" + firstSerial + ", count=" + count
                + ", unitsPerCase=" + unitsPerCase + ", sku=" + sku
                + ", gtin=" + gtin + ", plannedRegion=" + plannedRegion + ", campaign=" + campaign + ", state=" + state
                + ", createdAtMillis=" + createdAtMillis + ", meta=" + meta + "]";
    }
}
