package io.scangate.verifier.verdict;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

import io.scangate.verifier.batch.BatchRegistry;
import io.scangate.verifier.campaign.CampaignBook;
import io.scangate.verifier.channel.ChannelBook;
import io.scangate.verifier.code.KeyRing;
import io.scangate.verifier.consumer.ConsumerBook;
import io.scangate.verifier.consumer.ConsumerTable;
import io.scangate.verifier.consumer.LifecycleRules;
import io.scangate.verifier.journal.Journal;
import io.scangate.verifier.ledger.Ledger;
import io.scangate.verifier.ledger.RequestWindow;
import io.scangate.verifier.link.LinkBook;

/**
 * What a {@link Verifier} works on and with, set fluently and checked once by
 * {@link #conclude()} (as Aeron's {@code MediaDriver.Context}). The state it writes (ledger,
 * journal, batches) and the keys are required; the rest has the default named beside it.
 *
 * <p>Concurrency: filled and concluded by one thread, before the verifier runs.
 */
public final class VerifierContext {
    /** Requests remembered for idempotent retries when no window is given (the server sizes its own). */
    public static final int REQUEST_WINDOW_DEFAULT = 1024;
    /** Consumers an in-memory default book holds (the server sizes its own). */
    public static final int CONSUMERS_DEFAULT = 1 << 16;

    private Ledger ledger;
    private Journal journal;
    private BatchRegistry batches;
    private KeyRing keys;
    private LongSupplier clock = System::currentTimeMillis;
    private RequestWindow requestWindow;
    private CampaignBook campaigns;
    private ChannelBook channel;
    private LinkBook links;
    private ConsumerBook consumers;
    private io.scangate.verifier.audit.AuditLog audit;
    private VerdictRules rules = VerdictRules.DEFAULT;
    private boolean concluded;

    /**
     * Checks that every required part is set and makes the defaults still missing: a request
     * window of {@link #REQUEST_WINDOW_DEFAULT}, an empty campaign book, an empty channel, no links and an in-memory consumer book. A context serves
     * one verifier: concluding it twice fails.
     *
     * @throws IllegalStateException naming every part that is missing, or if already concluded
     */
    public VerifierContext conclude() {
        if (concluded) {
            throw new IllegalStateException("VerifierContext is already concluded: each verifier needs its own");
        }
        final List<String> missing = new ArrayList<>();
        addIfNull(missing, ledger, "ledger");
        addIfNull(missing, journal, "journal");
        addIfNull(missing, batches, "batches");
        addIfNull(missing, keys, "keys");
        addIfNull(missing, clock, "clock");
        addIfNull(missing, rules, "rules");
        if (!missing.isEmpty()) {
            throw new IllegalStateException("VerifierContext needs " + String.join(", ", missing));
        }
        if (requestWindow == null) {
            requestWindow = new RequestWindow(REQUEST_WINDOW_DEFAULT);
        }
        if (channel == null) {
            final BatchRegistry b = batches;
            channel = new ChannelBook(id -> b.index().find(id));
        }
        if (campaigns == null) {
            campaigns = new CampaignBook();
        }
        if (links == null) {
            links = new LinkBook();
        }
        if (audit == null) {
            audit = new io.scangate.verifier.audit.AuditLog();
        }
        if (consumers == null) {
            consumers = new ConsumerBook(ConsumerTable.inMemory(CONSUMERS_DEFAULT), LifecycleRules.DEFAULTS);
        }
        concluded = true;
        return this;
    }

    private static void addIfNull(final List<String> missing, final Object part, final String name) {
        if (part == null) {
            missing.add(name);
        }
    }

    /** The codes' states; required. */
    public VerifierContext ledger(final Ledger ledger) {
        this.ledger = ledger;
        return this;
    }

    public Ledger ledger() {
        return ledger;
    }

    /** Where every change is appended before it is applied; required ({@code Journal.DISCARD} in tests). */
    public VerifierContext journal(final Journal journal) {
        this.journal = journal;
        return this;
    }

    public Journal journal() {
        return journal;
    }

    /** The issued batches; required. */
    public VerifierContext batches(final BatchRegistry batches) {
        this.batches = batches;
        return this;
    }

    public BatchRegistry batches() {
        return batches;
    }

    /** The code keys; new batches are issued under the current one. Required. */
    public VerifierContext keys(final KeyRing keys) {
        this.keys = keys;
        return this;
    }

    public KeyRing keys() {
        return keys;
    }

    /** Wall-clock milliseconds; default {@code System::currentTimeMillis}. */
    public VerifierContext clock(final LongSupplier clockMillis) {
        this.clock = clockMillis;
        return this;
    }

    public LongSupplier clock() {
        return clock;
    }

    /** The idempotency window (recovered by the server); default an empty one of {@link #REQUEST_WINDOW_DEFAULT}. */
    public VerifierContext requestWindow(final RequestWindow requestWindow) {
        this.requestWindow = requestWindow;
        return this;
    }

    public RequestWindow requestWindow() {
        return requestWindow;
    }

    /** Campaigns and rewards (recovered by the server); default an empty book. */
    public VerifierContext campaigns(final CampaignBook campaigns) {
        this.campaigns = campaigns;
        return this;
    }

    public CampaignBook campaigns() {
        return campaigns;
    }

    /** The channel: actors, unit positions, installs (recovered by the server); default an empty book. */
    public VerifierContext channel(final ChannelBook channel) {
        this.channel = channel;
        return this;
    }

    public ChannelBook channel() {
        return channel;
    }

    /** The Digital Link resolver's links (recovered by the server); default an empty book. */
    public VerifierContext links(final LinkBook links) {
        this.links = links;
        return this;
    }

    public LinkBook links() {
        return links;
    }

    /** The consumer profiles and lifecycle; default an in-memory book for {@link #CONSUMERS_DEFAULT} consumers, default rules. */
    public VerifierContext consumers(final ConsumerBook consumers) {
        this.consumers = consumers;
        return this;
    }

    public ConsumerBook consumers() {
        return consumers;
    }

    /** The audit log of admin actions; default an empty one. */
    public VerifierContext audit(final io.scangate.verifier.audit.AuditLog log) {
        this.audit = log;
        return this;
    }

    public io.scangate.verifier.audit.AuditLog audit() {
        return audit;
    }

    /** The verdict rules; default {@link VerdictRules#DEFAULT}. */
    public VerifierContext rules(final VerdictRules rules) {
        this.rules = rules;
        return this;
    }

    public VerdictRules rules() {
        return rules;
    }
}
