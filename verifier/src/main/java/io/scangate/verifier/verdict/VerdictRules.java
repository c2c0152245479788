package io.scangate.verifier.verdict;

import java.util.ArrayList;
import java.util.List;

import io.scangate.verifier.batch.Batch;
import io.scangate.verifier.ledger.CodeState;

/**
 * The one list of {@link VerdictRule}s the verifier runs. {@link #standard} registers the
 * product's rules; a new one (such as DIVERTED from the channel position) is a class added there.
 *
 * <p>The list is split once, here, into its suspecting and its alerting rules, so the verifier
 * calls on each scan only the rules that can say something, over arrays (no iterator, no boxing).
 *
 * <p>Immutable; called on the verifier thread.
 */
public final class VerdictRules {
    /** The product's rules with the default clone settings. */
    public static final VerdictRules DEFAULT = standard(CloneRules.DEFAULT);

    private final List<VerdictRule> rules;
    private final VerdictRule.Suspecting[] suspecting;
    private final VerdictRule.Alerting[] alerting;
    private final VerdictRule.Withholding[] withholding;
    private final FarmingRule farming;

    private VerdictRules(final List<VerdictRule> rules) {
        this.rules = List.copyOf(rules);
        final List<VerdictRule.Suspecting> s = new ArrayList<>();
        final List<VerdictRule.Alerting> a = new ArrayList<>();
        final List<VerdictRule.Withholding> w = new ArrayList<>();
        FarmingRule f = null;
        for (final VerdictRule r : this.rules) {
            if (r instanceof VerdictRule.Withholding withholds) {
                w.add(withholds);
            }
            if (r instanceof FarmingRule farms) {
                f = farms;
            }
            if (r instanceof VerdictRule.Suspecting suspects) {
                s.add(suspects);
            }
            if (r instanceof VerdictRule.Alerting alerts) {
                a.add(alerts);
            }
        }
        this.suspecting = s.toArray(new VerdictRule.Suspecting[0]);
        this.alerting = a.toArray(new VerdictRule.Alerting[0]);
        this.withholding = w.toArray(new VerdictRule.Withholding[0]);
        this.farming = f;
    }

    /** The product's rules without anti-farming: the clone rules of {@code clones} that are on (SUSPECT), then OFF_REGION. */
    public static VerdictRules standard(final CloneRules clones) {
        return standard(clones, FarmingRules.OFF);
    }

    /**
     * The product's rules: the clone rules of {@code clones} that are on (SUSPECT), OFF_REGION, and
     * the anti-farming rule if a threshold of {@code farming} is on. That rule holds state (fixed
     * in size, {@link FarmingRule#bytes()}): each call makes fresh rules for one verifier.
     */
    public static VerdictRules standard(final CloneRules clones, final FarmingRules farming) {
        final List<VerdictRule> rules = new ArrayList<>(clones.rules());
        rules.add(new OffRegionRule());
        if (farming.on()) {
            rules.add(new FarmingRule(farming));
        }
        return new VerdictRules(rules);
    }

    /** The anti-farming rule among these, or null if there is none. */
    public FarmingRule farming() {
        return farming;
    }

    /** Exactly {@code rules}, run in this order. */
    public static VerdictRules of(final VerdictRule... rules) {
        return new VerdictRules(List.of(rules));
    }

    /** The rules, in the order they run. */
    public List<VerdictRule> list() {
        return rules;
    }

    /** The suspect reasons every suspecting rule finds for {@code scan}, about to be counted, against {@code history}. */
    int suspect(final CodeState history, final ScanEvent scan, final long now) {
        int reasons = 0;
        for (final VerdictRule.Suspecting rule : suspecting) {
            reasons |= rule.suspect(history, scan, now);
        }
        return reasons;
    }

    /** The alerts every alerting rule adds to the answer to {@code scan}. */
    int alerts(final ScanEvent scan, final Batch batch, final CodeState code) {
        int alerts = 0;
        for (final VerdictRule.Alerting rule : alerting) {
            alerts |= rule.alerts(scan, batch, code);
        }
        return alerts;
    }

    /** The alerts every withholding rule flags {@code scan}, about to be counted, with, counting it; nonzero = it draws no reward. */
    int withhold(final CodeState history, final ScanEvent scan, final long now) {
        int alerts = 0;
        for (final VerdictRule.Withholding rule : withholding) {
            alerts |= rule.count(history, scan, now);
        }
        return alerts;
    }

    /** The alerts the withholding rules give a retry of {@code scan}, counting nothing. */
    int rewithhold(final ScanEvent scan, final long now) {
        int alerts = 0;
        for (final VerdictRule.Withholding rule : withholding) {
            alerts |= rule.recheck(scan, now);
        }
        return alerts;
    }

    @Override
    public String toString() {
        return "VerdictRules" + rules;
    }
}
