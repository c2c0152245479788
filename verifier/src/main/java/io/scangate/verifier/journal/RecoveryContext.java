package io.scangate.verifier.journal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@link Recovery#open(RecoveryContext)} opens, in the Aeron style: each setting with its
 * default and range here, {@link #conclude()} checking them all at once before anything is
 * opened. The server's configuration takes its defaults and ranges from these constants.
 */
public final class RecoveryContext {
    /** Codes the ledger holds by default. */
    public static final long LEDGER_ENTRIES_DEFAULT = 1_000_000;
    public static final long LEDGER_ENTRIES_MIN = 1_000;
    public static final long LEDGER_ENTRIES_MAX = 2_000_000_000L;
    /** Bytes of one journal segment by default: 64 MiB. */
    public static final int SEGMENT_BYTES_DEFAULT = 64 << 20;
    public static final int SEGMENT_BYTES_MIN = 1 << 16;
    public static final int SEGMENT_BYTES_MAX = 1 << 30;
    /** Requests whose answers are kept for idempotent retries, by default. */
    public static final int REQUEST_WINDOW_DEFAULT = 1024;
    public static final int REQUEST_WINDOW_MAX = 50_000_000;
    /** Consumer profiles the table holds by default (42.7 bytes of slots each at capacity, plus the id). */
    public static final long CONSUMERS_DEFAULT = 1_000_000;
    public static final long CONSUMERS_MIN = 1_000;
    public static final long CONSUMERS_MAX = 1L << 34;

    private Path dataDir;
    private long ledgerEntries = LEDGER_ENTRIES_DEFAULT;
    private int segmentBytes = SEGMENT_BYTES_DEFAULT;
    private int requestWindow = REQUEST_WINDOW_DEFAULT;
    private long consumers = CONSUMERS_DEFAULT;
    private io.scangate.verifier.consumer.LifecycleRules lifecycle = io.scangate.verifier.consumer.LifecycleRules.DEFAULTS;
    private boolean concluded;

    public RecoveryContext dataDir(final Path dir) {
        this.dataDir = dir;
        return this;
    }

    public RecoveryContext ledgerEntries(final long entries) {
        this.ledgerEntries = entries;
        return this;
    }

    public RecoveryContext segmentBytes(final int bytes) {
        this.segmentBytes = bytes;
        return this;
    }

    public RecoveryContext requestWindow(final int requests) {
        this.requestWindow = requests;
        return this;
    }

    /** Consumer profiles the table holds. */
    public RecoveryContext consumers(final long capacity) {
        this.consumers = capacity;
        return this;
    }

    /** When silence makes a consumer LAPSING and CHURNED. */
    public RecoveryContext lifecycle(final io.scangate.verifier.consumer.LifecycleRules rules) {
        this.lifecycle = rules;
        return this;
    }

    public long consumers() {
        return consumers;
    }

    public io.scangate.verifier.consumer.LifecycleRules lifecycle() {
        return lifecycle;
    }

    public Path dataDir() {
        return dataDir;
    }

    public long ledgerEntries() {
        return ledgerEntries;
    }

    public int segmentBytes() {
        return segmentBytes;
    }

    public int requestWindow() {
        return requestWindow;
    }

    /**
     * Checks every setting; a context serves one recovery.
     *
     * @throws IllegalStateException naming every bad or missing setting, or if already concluded
     */
    public RecoveryContext conclude() {
        if (concluded) {
            throw new IllegalStateException("RecoveryContext is already concluded: each recovery needs its own");
        }
        final List<String> problems = new ArrayList<>();
        if (dataDir == null) {
            problems.add("data dir is missing");
        }
        if (ledgerEntries < LEDGER_ENTRIES_MIN || ledgerEntries > LEDGER_ENTRIES_MAX) {
            problems.add("ledger entries must be " + LEDGER_ENTRIES_MIN + ".." + LEDGER_ENTRIES_MAX + ", was " + ledgerEntries);
        }
        if (segmentBytes < SEGMENT_BYTES_MIN || segmentBytes > SEGMENT_BYTES_MAX) {
            problems.add("journal segment bytes must be " + SEGMENT_BYTES_MIN + ".." + SEGMENT_BYTES_MAX + ", was " + segmentBytes);
        }
        if (requestWindow < 1 || requestWindow > REQUEST_WINDOW_MAX) {
            problems.add("request window must be 1.." + REQUEST_WINDOW_MAX + ", was " + requestWindow);
        }
        if (consumers < CONSUMERS_MIN || consumers > CONSUMERS_MAX) {
            problems.add("consumers capacity must be " + CONSUMERS_MIN + ".." + CONSUMERS_MAX + ", was " + consumers);
        }
        if (lifecycle == null) {
            problems.add("lifecycle rules are missing");
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("RecoveryContext: " + String.join("; ", problems));
        }
        concluded = true;
        return this;
    }
}
