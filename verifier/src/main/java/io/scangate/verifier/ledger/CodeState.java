package io.scangate.verifier.ledger;

/** An on-heap, reusable copy of one code's ledger value, handed out by {@link Ledger}. */
public final class CodeState {
    public static final int FLAG_VOIDED = 1;

    public long firstScanAt;
    public long lastScanAt;
    public long firstDeviceHash;
    public long firstRegion;
    public long lastRegion;
    public int scanCount;
    public int flags;

    public boolean voided() {
        return (flags & FLAG_VOIDED) != 0;
    }

    public void clear() {
        firstScanAt = 0;
        lastScanAt = 0;
        firstDeviceHash = 0;
        firstRegion = 0;
        lastRegion = 0;
        scanCount = 0;
        flags = 0;
    }

    void copyFrom(final CodeRecord r) {
        firstScanAt = r.getFirstScanAt();
        lastScanAt = r.getLastScanAt();
        firstDeviceHash = r.getFirstDeviceHash();
        firstRegion = r.getFirstRegion();
        lastRegion = r.getLastRegion();
        scanCount = r.getScanCount();
        flags = r.getFlags();
    }
}
