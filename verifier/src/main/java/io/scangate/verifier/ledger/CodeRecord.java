package io.scangate.verifier.ledger;

/**
 * Chronicle Values interface of a ledger value: the history of one scanned code. Chronicle
 * generates a 64-byte flyweight for it; the verifier updates it in place in the mapped file.
 *
 * <pre>
 *  field            bytes  meaning
 *  firstScanAt        8    epoch millis of the first counted scan
 *  lastScanAt         8    epoch millis of the latest counted scan
 *  firstDeviceHash    8    64-bit hash of the first scanning device
 *  firstRegion        8    ISO 3166 region of the first scan, ASCII packed big-endian, 0 = none
 *  lastRegion         8    region of the latest scan, same packing
 *  deviceSketch       8    one bit per device seen (bit = top 6 bits of the device hash):
 *                          a 64-bit linear-counting sketch of the distinct devices
 *  scanCount          4    counted scans
 *  flags              4    bit 0: code voided; bit 1: suspected for many devices;
 *                          bit 2: suspected for impossible travel
 *  suspectAtCount     4    the scan count from which the code answers SUSPECT, 0 = never
 *  lastLocation       4    position of the latest scan ({@link Locations}), 0 = it gave none
 * </pre>
 * (Chronicle orders the fields by size in memory; 64 bytes in all, the contract's limit.)
 */
public interface CodeRecord {
    long getFirstScanAt();

    void setFirstScanAt(long value);

    long getLastScanAt();

    void setLastScanAt(long value);

    long getFirstDeviceHash();

    void setFirstDeviceHash(long value);

    long getFirstRegion();

    void setFirstRegion(long value);

    long getLastRegion();

    void setLastRegion(long value);

    int getScanCount();

    void setScanCount(int value);

    int getFlags();

    void setFlags(int value);

    long getDeviceSketch();

    void setDeviceSketch(long value);

    int getSuspectAtCount();

    void setSuspectAtCount(int value);

    int getLastLocation();

    void setLastLocation(int value);
}
