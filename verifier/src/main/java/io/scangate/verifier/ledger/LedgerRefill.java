package io.scangate.verifier.ledger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A snapshot's codes ({@code base}) and the journal's later states ({@code tail}, which win) being
 * put into a {@link ChronicleLedger} by a thread of its own while the ledger is in use: first the
 * snapshot's codes in its order (the map's own: some 0.6 us an insert, against several in random
 * order), with the tail's state for those the tail holds, then the tail's codes the snapshot does
 * not hold, each inserted unless the map holds it already (the single writer changed it meanwhile,
 * taking it from the tail or the base first). Until it is done the ledger answers a code it lacks
 * from the tail, else the base.
 *
 * <p>Counting: the ledger's size is the map's codes plus the tail's and base's codes not in the
 * map. At {@link ChronicleLedger#refillFrom} that is {@code total}; afterwards only the single
 * writer adds codes neither holds ({@link #fresh}), since the refill and the writer's takings only
 * move codes from one side to the other.
 *
 * <p>Concurrency: started by the recovering thread; {@link #fresh} by the single writer; the rest
 * from any thread.
 */
final class LedgerRefill {
    private static final Logger LOG = LoggerFactory.getLogger(LedgerRefill.class);

    private final LedgerBase tail;
    private final LedgerBase base;
    private final LedgerBase.Built marks;
    private final long total;
    private volatile long fresh;
    private volatile boolean finished;
    private volatile RuntimeException failure;
    private final Thread thread;

    LedgerRefill(final LedgerBase tail, final LedgerBase.Built base, final long total, final ChronicleLedger ledger, final Runnable whenDone) {
        this.tail = tail;
        this.base = base.base();
        this.marks = base;
        this.total = total;
        this.thread = new Thread(() -> run(ledger, whenDone), "scangate-ledger-refill");
        this.thread.setDaemon(true);
    }

    /** Copies {@code codeId}'s state from the tail, else the base, into {@code into}; false if neither holds it. */
    boolean find(final long codeId, final CodeState into) {
        return tail.find(codeId, into) || base.find(codeId, into);
    }

    boolean contains(final long codeId) {
        return tail.contains(codeId) || base.contains(codeId);
    }

    void start() {
        thread.start();
    }

    /** The single writer added a code the base does not hold. */
    void fresh() {
        fresh = fresh + 1;
    }

    /** Codes the ledger holds (map and base together). */
    long size() {
        return total + fresh;
    }

    /** Waits until every code of the base is in the map; throws if the refill failed. */
    void await() {
        boolean interrupted = false;
        while (true) {
            try {
                thread.join();
                break;
            } catch (final InterruptedException e) {
                interrupted = true; // the ledger is only whole once the refill is done: wait on
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (!finished) {
            throw new IllegalStateException("the ledger's refill from the snapshot failed: " + failure, failure);
        }
    }

    private void run(final ChronicleLedger ledger, final Runnable whenDone) {
        final long t0 = System.nanoTime();
        final ChronicleLedger.Putter putter = ledger.putter();
        final CodeState s = new CodeState();
        final LedgerBase.Source snapshot = base.source();
        final LedgerBase.Source later = tail.source();
        long inserted = 0;
        try {
            for (long i = 0, n = snapshot.count(); i < n; i++) {
                if (LedgerBase.Built.bit(marks.skipped(), i)) {
                    continue; // a repeated code's other copy
                }
                final long codeId = snapshot.read(i, s);
                if (LedgerBase.Built.bit(marks.taken(), i)) {
                    tail.find(codeId, s); // changed after the snapshot: the journal's state, put in the map's order all the same
                }
                if (putter.putIfAbsent(codeId, s)) {
                    inserted++;
                }
            }
            final long fromSnapshot = inserted;
            for (long i = 0, n = later.count(); i < n; i++) {
                if (!LedgerBase.Built.bit(marks.held(), i) && putter.putIfAbsent(later.read(i, s), s)) {
                    inserted++; // a code first scanned after the snapshot
                }
            }
            finished = true;
            whenDone.run();
            LOG.info("event=ledger_refilled snapshot_codes={} journal_codes={} inserted_in_snapshot_order={} inserted_after={} millis={}",
                    base.count(), tail.count(), fromSnapshot, inserted - fromSnapshot, (System.nanoTime() - t0) / 1_000_000);
        } catch (final RuntimeException e) {
            failure = e;
            LOG.error("event=ledger_refill_failed inserted={} error=\"{}\" effect=\"codes still answered from the snapshot; no clean stop, no snapshot\"",
                    inserted, e.toString(), e);
        }
    }
}
