package io.scangate.verifier.verdict;

import io.scangate.verifier.batch.Batch;
import io.scangate.verifier.ledger.CodeState;

/**
 * One rule of what a genuine scan of an active code answers beyond {@code GENUINE}: a rule either
 * suspects the code of being a clone ({@link Suspecting}: the answer turns {@link Verdict#SUSPECT}),
 * or adds alerts to the answer ({@link Alerting}); a class may be both. Every rule is registered
 * in the one list {@link VerdictRules#standard}, so a new rule is one class and one line there.
 *
 * <p>Rules run on the verifier thread for every counted scan: they allocate nothing, box nothing,
 * never block, and hold nothing but their settings. The code's history is its {@link CodeState},
 * which they read and never write: the verifier records what they find. A {@link Withholding}
 * rule is the exception: it watches the actors behind the scans across codes, in soft state of
 * its own (fixed in size, never journaled), so a rules list that holds one serves one verifier.
 */
public sealed interface VerdictRule permits VerdictRule.Suspecting, VerdictRule.Alerting, VerdictRule.Withholding {

    /** A rule that judges whether a scan shows its code to be a clone. */
    non-sealed interface Suspecting extends VerdictRule {
        /**
         * The suspect reasons ({@link SuspectReason#flag()} bits) that {@code scan}, about to be
         * counted at {@code now}, gives against its code's {@code history}: the code's state before
         * this scan ({@code scanCount} and {@code lastScanAt} 0 if it was never scanned); 0 if none.
         * Runs for counted scans only, never for a retry. The verifier records the reasons in the
         * code's flags; the first scan with any answers SUSPECT, and every later one does too.
         */
        int suspect(CodeState history, ScanEvent scan, long now);
    }

    /** A rule that adds alerts to an answer. */
    non-sealed interface Alerting extends VerdictRule {
        /**
         * The {@link Alert} bits this rule adds to the answer to {@code scan}, a scan of a code of
         * {@code batch} whose state (after the scan was counted) is {@code code}; 0 if none. Runs for
         * every GENUINE or SUSPECT answer, a retry's included.
         */
        int alerts(ScanEvent scan, Batch batch, CodeState code);
    }

    /**
     * A rule that watches who scans (devices, consumers) across codes, in bounded soft state of its
     * own, and withholds rewards from the scans it flags: such a scan keeps its verdict, carries the
     * rule's alerts, and draws no reward (as a retry, it still shows a reward it won before).
     */
    non-sealed interface Withholding extends VerdictRule {
        /**
         * Counts {@code scan}, about to be counted at {@code now}, against its actors; {@code
         * history} is its code's state before this scan. Returns the {@link Alert} bits the scan is
         * flagged with, 0 if none. Runs for counted scans only, never for a retry.
         */
        int count(CodeState history, ScanEvent scan, long now);

        /** The {@link Alert} bits a retry of {@code scan} at {@code now} carries: its actors' standing now, counting nothing. */
        int recheck(ScanEvent scan, long now);
    }
}
