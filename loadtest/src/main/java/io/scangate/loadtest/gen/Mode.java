package io.scangate.loadtest.gen;

/** How a run paces its requests. */
public enum Mode {
    /**
     * Open model: a fixed target rate, independent of the server's answers. Each request has an
     * intended send time and its latency is measured from that time, so a server stall shows up in
     * every request it delays (coordinated-omission corrected).
     */
    OPEN,
    /**
     * Closed model for maximum throughput: each connection sends its next request as soon as the
     * answer to the previous one arrives. Latency is measured from the actual send time.
     */
    MAX
}
