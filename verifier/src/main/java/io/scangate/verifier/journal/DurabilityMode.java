package io.scangate.verifier.journal;

/** When a scan is acknowledged relative to its journal record reaching the disk. */
public enum DurabilityMode {
    /** Answer after the fsync that covers the record (group commit). Nothing acknowledged is lost. */
    SYNC,
    /** Answer at once; fsync every interval. A power loss can lose the last interval's scans; kill -9 loses nothing. */
    ASYNC
}
