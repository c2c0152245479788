package io.scangate.server.ops;

import java.util.concurrent.CompletableFuture;

/**
 * The server's maintenance work the admin API starts: each runs on the maintenance thread while
 * scans go on, and answers with a future of its JSON result.
 *
 * <p>Concurrency: any thread may call; the work is serialized on the maintenance thread.
 */
public interface Maintenance {
    /** Compares the ledger with the newest snapshot and the journal after it. */
    CompletableFuture<Object> verifyLedger();

    /** Takes a snapshot now. */
    CompletableFuture<Object> snapshot();

    /** Writes a backup to directory {@code to} (absolute, absent or empty); throws {@link AdminException} for a bad target. */
    CompletableFuture<Object> backup(String to);
}
