package io.scangate.verifier.ledger;

/** An on-heap, reusable copy of one code's ledger value, handed out by {@link Ledger}. */
public final class CodeState {
    public static final int FLAG_VOIDED = 1;
    /** The code was judged a clone because too many distinct devices scanned it. */
    public static final int FLAG_MANY_DEVICES = 1 << 1;
    /** The code was judged a clone because it travelled between countries faster than goods do. */
    public static final int FLAG_IMPOSSIBLE_TRAVEL = 1 << 2;

    public long firstScanAt;
    public long lastScanAt;
    public long firstDeviceHash;
    public long firstRegion;
    public long lastRegion;
    public int scanCount;
    public int flags;
    /** Linear-counting sketch of the devices that scanned the code: one bit per device hash bucket. */
    public long deviceSketch;
    /** The scan count from which this code answers SUSPECT; 0 while it never was. */
    public int suspectAtCount;
    /** Position of the latest scan ({@link Locations}); 0 when it gave none. */
    public int lastLocation;

    public boolean voided() {
        return (flags & FLAG_VOIDED) != 0;
    }

    /** Whether the scan that made the count {@code count} was answered SUSPECT. */
    public boolean suspectAt(final int count) {
        return suspectAtCount != 0 && count >= suspectAtCount;
    }

    /**
     * Records the suspect reasons ({@code FLAG_} bits) found for the scan just counted: they stay
     * in {@link #flags}, and the first scan with any sets {@link #suspectAtCount}.
     */
    public void suspect(final int reasons) {
        if (reasons != 0) {
            flags |= reasons;
            if (suspectAtCount == 0) {
                suspectAtCount = scanCount;
            }
        }
    }

    /** The bit of {@link #deviceSketch} a device hash sets. */
    public static long sketchBit(final long deviceHash) {
        return 1L << (deviceHash >>> 58);
    }

    public void clear() {
        firstScanAt = 0;
        lastScanAt = 0;
        firstDeviceHash = 0;
        firstRegion = 0;
        lastRegion = 0;
        scanCount = 0;
        flags = 0;
        deviceSketch = 0;
        suspectAtCount = 0;
        lastLocation = 0;
    }

    void copyTo(final CodeRecord r) {
        r.setFirstScanAt(firstScanAt);
        r.setLastScanAt(lastScanAt);
        r.setFirstDeviceHash(firstDeviceHash);
        r.setFirstRegion(firstRegion);
        r.setLastRegion(lastRegion);
        r.setScanCount(scanCount);
        r.setFlags(flags);
        r.setDeviceSketch(deviceSketch);
        r.setSuspectAtCount(suspectAtCount);
        r.setLastLocation(lastLocation);
    }

    /** Longs {@link #store} takes for a code id and its state. */
    public static final int LONGS_WITH_ID = 9;

    /** Writes {@code codeId} and this state into {@code to} at {@code at} ({@link #LONGS_WITH_ID} longs). */
    public void store(final long codeId, final long[] to, final int at) {
        to[at] = codeId;
        to[at + 1] = firstScanAt;
        to[at + 2] = lastScanAt;
        to[at + 3] = firstDeviceHash;
        to[at + 4] = firstRegion;
        to[at + 5] = lastRegion;
        to[at + 6] = (long) scanCount << 32 | (flags & 0xFFFF_FFFFL);
        to[at + 7] = deviceSketch;
        to[at + 8] = (long) suspectAtCount << 32 | (lastLocation & 0xFFFF_FFFFL);
    }

    /** Reads what {@link #store} wrote at {@code at} into this state; returns the code id. */
    public long load(final long[] from, final int at) {
        firstScanAt = from[at + 1];
        lastScanAt = from[at + 2];
        firstDeviceHash = from[at + 3];
        firstRegion = from[at + 4];
        lastRegion = from[at + 5];
        scanCount = (int) (from[at + 6] >> 32);
        flags = (int) from[at + 6];
        deviceSketch = from[at + 7];
        suspectAtCount = (int) (from[at + 8] >> 32);
        lastLocation = (int) from[at + 8];
        return from[at];
    }

    public void copyFrom(final CodeState o) {
        firstScanAt = o.firstScanAt;
        lastScanAt = o.lastScanAt;
        firstDeviceHash = o.firstDeviceHash;
        firstRegion = o.firstRegion;
        lastRegion = o.lastRegion;
        scanCount = o.scanCount;
        flags = o.flags;
        deviceSketch = o.deviceSketch;
        suspectAtCount = o.suspectAtCount;
        lastLocation = o.lastLocation;
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
        deviceSketch |= sketchBit(deviceHash);
        scanCount++;
    }

    @Override
    public boolean equals(final Object o) {
        return o instanceof CodeState s && s.firstScanAt == firstScanAt && s.lastScanAt == lastScanAt
                && s.firstDeviceHash == firstDeviceHash && s.firstRegion == firstRegion && s.lastRegion == lastRegion
                && s.scanCount == scanCount && s.flags == flags && s.deviceSketch == deviceSketch
                && s.suspectAtCount == suspectAtCount && s.lastLocation == lastLocation;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(lastScanAt) * 31 + scanCount;
    }

    @Override
    public String toString() {
        return "CodeState{count=" + scanCount + ", flags=" + flags + ", first=" + firstScanAt + ", last=" + lastScanAt
                + ", devices~" + Long.bitCount(deviceSketch) + ", suspectAt=" + suspectAtCount + "}";
    }

    void copyFrom(final CodeRecord r) {
        firstScanAt = r.getFirstScanAt();
        lastScanAt = r.getLastScanAt();
        firstDeviceHash = r.getFirstDeviceHash();
        firstRegion = r.getFirstRegion();
        lastRegion = r.getLastRegion();
        scanCount = r.getScanCount();
        flags = r.getFlags();
        deviceSketch = r.getDeviceSketch();
        suspectAtCount = r.getSuspectAtCount();
        lastLocation = r.getLastLocation();
    }
}
