package io.scangate.verifier.batch;

import io.scangate.verifier.code.CodeFormat;

/**
 * An issued range of serials {@code [firstSerial, firstSerial + count)} under one key id, with the
 * product facts every scan of its codes reports. Immutable: a state change makes a new instance.
 */
public record Batch(long batchId, int keyId, long firstSerial, long count, String sku, String gtin,
                    String plannedRegion, String campaign, BatchState state, long createdAtMillis) {

    /** Code id of the first code. */
    public long firstCodeId() {
        return CodeFormat.codeId(keyId, firstSerial);
    }

    /** Whether {@code codeId} lies in this batch. */
    public boolean contains(final long codeId) {
        final long first = firstCodeId();
        return codeId >= first && codeId - first < count;
    }

    /** The planned sales region, packed (see {@link io.scangate.verifier.ledger.Regions}); 0 if none. */
    public long plannedRegionPacked() {
        return io.scangate.verifier.ledger.Regions.pack(plannedRegion);
    }

    public Batch withState(final BatchState newState) {
        return new Batch(batchId, keyId, firstSerial, count, sku, gtin, plannedRegion, campaign, newState, createdAtMillis);
    }
}
