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

    void copyTo(final CodeRecord r) {
        r.setFirstScanAt(firstScanAt);
        r.setLastScanAt(lastScanAt);
        r.setFirstDeviceHash(firstDeviceHash);
        r.setFirstRegion(firstRegion);
        r.setLastRegion(lastRegion);
        r.setScanCount(scanCount);
        r.setFlags(flags);
    }

    public void copyFrom(final CodeState o) {
        firstScanAt = o.firstScanAt;
        lastScanAt = o.lastScanAt;
        firstDeviceHash = o.firstDeviceHash;
        firstRegion = o.firstRegion;
        lastRegion = o.lastRegion;
        scanCount = o.scanCount;
        flags = o.flags;
    }

    /** Records a counted scan: the first one also sets the first-scan facts. */
    public void countScan(final long atMillis, final long deviceHash, final long region) {
        if (scanCount == 0) {
            firstScanAt = atMillis;
            firstDeviceHash = deviceHash;
            firstRegion = region;
        }
        lastScanAt = atMillis;
        lastRegion = region;
        scanCount++;
    }

    @Override
    public boolean equals(final Object o) {
        return o instanceof CodeState s && s.firstScanAt == firstScanAt && s.lastScanAt == lastScanAt
                && s.firstDeviceHash == firstDeviceHash && s.firstRegion == firstRegion && s.lastRegion == lastRegion
                && s.scanCount == scanCount && s.flags == flags;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(lastScanAt) * 31 + scanCount;
    }

    @Override
    public String toString() {
        return "CodeState{count=" + scanCount + ", flags=" + flags + ", first=" + firstScanAt + ", last=" + lastScanAt + "}";
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
