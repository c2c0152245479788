package io.scangate.loadtest.gen;

import org.HdrHistogram.Histogram;

/**
 * Histograms and counters of the connections on one event loop thread, merged into a
 * {@link LoadResult} after the run.
 *
 * <p>Concurrency: written only by its event loop thread; read by the run's thread after the event
 * loop group has terminated (which orders every write before the read).
 */
final class LoopStats {
    /** Latencies are recorded in nanoseconds with 1 µs resolution, up to an hour, 3 significant digits. */
    static final long LOWEST_NANOS = 1_000;
    static final long HIGHEST_NANOS = 3_600_000_000_000L;
    static final int DIGITS = 3;
    static final int MAX_STATUS = 599;

    /** Response time from the intended send time (open model) or the actual send time (max mode). */
    final Histogram latency = newHistogram();
    /** {@link #latency} of the 2xx answers only: what honest clients that got through saw. */
    final Histogram okLatency = newHistogram();
    /** {@link #latency} of every other answer (shed 503s, 429s, errors): how fast a refusal came. */
    final Histogram refusedLatency = newHistogram();
    /** Response time from the actual send time. */
    final Histogram service = newHistogram();
    /** How late each measured request went out: actual minus intended send time (0 in max mode). */
    final Histogram sendLag = newHistogram();
    /** Measured answers by HTTP status. */
    final long[] statusCounts = new long[MAX_STATUS + 1];

    long sent;
    long warmupCompleted;
    long measuredCompleted;
    long unanswered;
    long closedConnections;
    long ioErrors;
    long protocolErrors;
    /** What the first protocol error was, for the report; {@code null} if none. */
    String firstProtocolError;
    long fresh;
    long repeat;
    long forged;
    long wrapped;
    long lastMeasuredResponseNanos;

    static Histogram newHistogram() {
        return new Histogram(LOWEST_NANOS, HIGHEST_NANOS, DIGITS);
    }

    void recordMeasured(final long latencyNanos, final long serviceNanos, final int status, final long now) {
        latency.recordValue(clamp(latencyNanos));
        (status / 100 == 2 ? okLatency : refusedLatency).recordValue(clamp(latencyNanos));
        service.recordValue(clamp(serviceNanos));
        sendLag.recordValue(clamp(latencyNanos - serviceNanos));
        statusCounts[status >= 0 && status <= MAX_STATUS ? status : 0]++;
        measuredCompleted++;
        if (now - lastMeasuredResponseNanos > 0 || measuredCompleted == 1) {
            lastMeasuredResponseNanos = now;
        }
    }

    /** Adds {@code other}'s histograms and counts to this one's. */
    void add(final LoopStats other) {
        latency.add(other.latency);
        okLatency.add(other.okLatency);
        refusedLatency.add(other.refusedLatency);
        service.add(other.service);
        sendLag.add(other.sendLag);
        for (int i = 0; i < statusCounts.length; i++) {
            statusCounts[i] += other.statusCounts[i];
        }
        sent += other.sent;
        warmupCompleted += other.warmupCompleted;
        unanswered += other.unanswered;
        closedConnections += other.closedConnections;
        ioErrors += other.ioErrors;
        protocolErrors += other.protocolErrors;
        if (firstProtocolError == null) {
            firstProtocolError = other.firstProtocolError;
        }
        fresh += other.fresh;
        repeat += other.repeat;
        forged += other.forged;
        wrapped += other.wrapped;
        if (other.measuredCompleted > 0 && (measuredCompleted == 0 || other.lastMeasuredResponseNanos - lastMeasuredResponseNanos > 0)) {
            lastMeasuredResponseNanos = other.lastMeasuredResponseNanos;
        }
        measuredCompleted += other.measuredCompleted;
    }

    private static long clamp(final long nanos) {
        return Math.max(0, Math.min(nanos, HIGHEST_NANOS));
    }
}
