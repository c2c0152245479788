package io.scangate.loadtest.gen;

import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

import org.HdrHistogram.Histogram;

/**
 * What one run measured: the merged latency histograms, the answers by status, the error counts
 * and the achieved rate. Only requests intended (open) or sent (max) after the warm-up count.
 *
 * <p>Concurrency: built by the run's thread after the event loops have terminated; read-only
 * afterwards (do not modify the histograms returned).
 */
public final class LoadResult {
    private final LoadConfig config;
    private final Transport transport;
    private final long measureStartMillis;
    private final long measuredNanos;
    private final LoopStats totals;
    private final Map<Integer, Long> statusCounts;

    private LoadResult(final LoadConfig config, final Transport transport, final long measureStartMillis,
                       final long measuredNanos, final LoopStats totals) {
        this.config = config;
        this.transport = transport;
        this.measureStartMillis = measureStartMillis;
        this.measuredNanos = measuredNanos;
        this.totals = totals;
        final Map<Integer, Long> byStatus = new TreeMap<>();
        for (int i = 0; i < totals.statusCounts.length; i++) {
            if (totals.statusCounts[i] > 0) {
                byStatus.put(i, totals.statusCounts[i]);
            }
        }
        this.statusCounts = Collections.unmodifiableMap(byStatus);
    }

    static LoadResult merge(final LoadConfig config, final Transport transport, final LoadRun.Schedule schedule,
                            final long startMillis, final Collection<LoopStats> loops) {
        final LoopStats totals = new LoopStats();
        for (final LoopStats s : loops) {
            totals.add(s);
        }
        // The measured window is the configured duration, stretched to the last measured answer if
        // that came later: on time the achieved rate is the target, late it is less.
        final long measuredNanos = totals.measuredCompleted > 0
                ? Math.max(config.duration().toNanos(), totals.lastMeasuredResponseNanos - schedule.measureStart()) : 0;
        final long warmupMillis = Math.round((schedule.measureStart() - schedule.t0()) / 1e6);
        return new LoadResult(config, transport, startMillis + warmupMillis, Math.max(0, measuredNanos), totals);
    }

    public LoadConfig config() {
        return config;
    }

    public Transport transport() {
        return transport;
    }

    /** Wall-clock time (epoch ms) at which measurement started, about. */
    public long measureStartMillis() {
        return measureStartMillis;
    }

    /** The measured window in seconds: the duration, or longer if the last measured answer came after its end. */
    public double measuredSeconds() {
        return measuredNanos / 1e9;
    }

    /** Measured answers per second: {@link #measured()} / {@link #measuredSeconds()}. */
    public double achievedRate() {
        return measuredNanos > 0 ? totals.measuredCompleted / (measuredNanos / 1e9) : 0;
    }

    /** Latency of the measured answers in ns: from the intended send time (open) or the actual send time (max). */
    public Histogram latency() {
        return totals.latency;
    }

    /** {@link #latency()} of the measured 2xx answers only. */
    public Histogram okLatency() {
        return totals.okLatency;
    }

    /** {@link #latency()} of the measured answers that were not 2xx (shed, limited, refused). */
    public Histogram refusedLatency() {
        return totals.refusedLatency;
    }

    /** Service time of the measured answers in ns: from the actual send time. */
    public Histogram service() {
        return totals.service;
    }

    /**
     * How late the measured requests went out, in ns: actual minus intended send time. In the open
     * model this is the generator's own timer lag plus the wait behind a slow answer on the same
     * connection; {@code latency} includes it, {@code service} does not. 0 in max mode.
     */
    public Histogram sendLag() {
        return totals.sendLag;
    }

    /** Measured answers by HTTP status (0: a status outside 0..599). */
    public Map<Integer, Long> statusCounts() {
        return statusCounts;
    }

    /** Open model: requests intended after warm-up; max mode: -1. */
    public long planned() {
        return config.mode() == Mode.OPEN ? config.plannedRequests() - config.plannedWarmupRequests() : -1;
    }

    /** Answers to measured requests. */
    public long measured() {
        return totals.measuredCompleted;
    }

    /** Requests sent, warm-up included. */
    public long sent() {
        return totals.sent;
    }

    public long warmupCompleted() {
        return totals.warmupCompleted;
    }

    /**
     * Measured requests without an answer: lost with a connection the server closed, or not
     * answered (in the open model: or not yet sent) by the end of the drain.
     */
    public long unanswered() {
        return totals.unanswered;
    }

    /** Connections the server closed during the run. */
    public long closedConnections() {
        return totals.closedConnections;
    }

    /** Connections that failed with an I/O error during the run. */
    public long ioErrors() {
        return totals.ioErrors;
    }

    /** Answers that were not valid HTTP/1.1, or came unasked. */
    public long protocolErrors() {
        return totals.protocolErrors;
    }

    /** The first protocol error seen, or {@code null}. */
    public String firstProtocolError() {
        return totals.firstProtocolError;
    }

    public long freshCodes() {
        return totals.fresh;
    }

    /** Requests that reused a code already sent, wrapped fresh codes included. */
    public long repeatedCodes() {
        return totals.repeat;
    }

    public long forgedCodes() {
        return totals.forged;
    }

    /** Fresh codes taken after the codes ran out (counted as repeats). */
    public long wrappedCodes() {
        return totals.wrapped;
    }
}
