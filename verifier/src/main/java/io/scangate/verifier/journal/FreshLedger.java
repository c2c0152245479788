package io.scangate.verifier.journal;

import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

import org.agrona.CloseHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.scangate.verifier.fs.Discard;
import io.scangate.verifier.ledger.ChronicleLedger;

/**
 * The empty ledger a rebuild fills, made on a thread of its own from the moment recovery knows it
 * will rebuild: creating the map takes 0.6-0.8 s at 11M entries, time the journal's opening and the
 * snapshot's validation (0.3 s) can run beside. The unusable file is set aside first
 * ({@link Discard}).
 *
 * <p>Concurrency: {@link #begin} and {@link #take}/{@link #discard} on the recovering thread; the
 * map is created on {@code scangate-ledger-create}.
 */
final class FreshLedger {
    private static final Logger LOG = LoggerFactory.getLogger(FreshLedger.class);

    private final FutureTask<ChronicleLedger> task;
    private boolean taken;

    private FreshLedger(final FutureTask<ChronicleLedger> task) {
        this.task = task;
    }

    /** Sets {@code mapFile} aside and starts creating an empty ledger of {@code entries} there. */
    static FreshLedger begin(final Path mapFile, final long entries) {
        Discard.file(mapFile);
        final FutureTask<ChronicleLedger> task = new FutureTask<>(() -> {
            final long t0 = System.nanoTime();
            final ChronicleLedger ledger = ChronicleLedger.open(mapFile, entries);
            LOG.info("event=ledger_created entries={} millis={}", entries, (System.nanoTime() - t0) / 1_000_000);
            return ledger;
        });
        final Thread t = new Thread(task, "scangate-ledger-create");
        t.setDaemon(true);
        t.start();
        return new FreshLedger(task);
    }

    /** The ledger, once made; throws what its creation threw. The caller owns (closes) it. */
    ChronicleLedger take() {
        taken = true;
        return await();
    }

    /**
     * Closes the ledger if it was made and not taken (a recovery that failed before it needed it);
     * returns the ledger it closed, or null.
     */
    ChronicleLedger discard() {
        if (taken) {
            return null;
        }
        taken = true;
        try {
            final ChronicleLedger ledger = await();
            CloseHelper.quietClose(ledger);
            return ledger;
        } catch (final RuntimeException ignored) {
            return null; // its creation failed: nothing to close, and the recovery's own failure is reported
        }
    }

    private ChronicleLedger await() {
        try {
            return task.get();
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the empty ledger was made", e);
        } catch (final ExecutionException e) {
            final Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException("cannot create the empty ledger: " + cause, cause);
        }
    }
}
