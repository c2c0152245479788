package io.scangate.verifier.verdict;

import java.util.function.LongSupplier;

import io.scangate.verifier.audit.AuditEntry;
import io.scangate.verifier.audit.AuditLog;
import io.scangate.verifier.batch.Batch;
import io.scangate.verifier.batch.BatchMeta;
import io.scangate.verifier.batch.BatchRegistry;
import io.scangate.verifier.batch.BatchSpec;
import io.scangate.verifier.batch.BatchState;
import io.scangate.verifier.campaign.Campaign;
import io.scangate.verifier.campaign.CampaignBook;
import io.scangate.verifier.campaign.CampaignParser;
import io.scangate.verifier.campaign.CampaignRecords;
import io.scangate.verifier.channel.Actor;
import io.scangate.verifier.channel.ActorKeys;
import io.scangate.verifier.channel.ActorSpec;
import io.scangate.verifier.channel.CaseChange;
import io.scangate.verifier.channel.ChannelBook;
import io.scangate.verifier.channel.ChannelRecords;
import io.scangate.verifier.code.KeyRing;
import io.scangate.verifier.consumer.ConsumerBook;
import io.scangate.verifier.journal.Journal;
import io.scangate.verifier.journal.JournalRecord;
import io.scangate.verifier.ledger.CodeState;
import io.scangate.verifier.ledger.Ledger;
import io.scangate.verifier.ledger.LedgerFullException;
import io.scangate.verifier.ledger.RequestWindow;
import io.scangate.verifier.link.Anchor;
import io.scangate.verifier.link.LinkBook;
import io.scangate.verifier.link.LinkSet;

/**
 * The verdict logic over the ledger and the batch registry. The tag was already checked on the
 * event loop; here the code's history decides. Every change is appended to the journal before it
 * is applied, so the ledger never holds an effect the journal lacks.
 *
 * <p>Concurrency: single writer; every method runs on the verifier thread (or on a test's thread
 * with no ring running).
 */
public final class Verifier {
    private final Ledger ledger;
    private final Journal journal;
    private final BatchRegistry batches;
    private final KeyRing keys;
    private final LongSupplier clock;
    private final CodeState state = new CodeState();
    private final long capacity;
    private final java.util.concurrent.atomic.AtomicLong entries = new java.util.concurrent.atomic.AtomicLong();
    private final RequestWindow requests;
    private final CampaignBook campaigns;
    private final VerdictRules rules;
    private final ChannelBook channel;
    private final LinkBook links;
    private final RoleScanner roleScans;
    private final ConsumerBook consumers;
    private final AuditLog audit;

    /** A verifier over the state and settings of {@code ctx}, which it concludes. */
    public Verifier(final VerifierContext ctx) {
        ctx.conclude();
        this.ledger = ctx.ledger();
        this.journal = ctx.journal();
        this.batches = ctx.batches();
        this.keys = ctx.keys();
        this.clock = ctx.clock();
        this.requests = ctx.requestWindow();
        this.campaigns = ctx.campaigns();
        this.rules = ctx.rules();
        this.channel = ctx.channel();
        this.links = ctx.links();
        this.consumers = ctx.consumers();
        this.audit = ctx.audit();
        this.roleScans = new RoleScanner(channel, campaigns, batches, ledger, journal, clock);
        this.capacity = ledger.capacity();
        this.entries.set(ledger.size());
    }

    /**
     * Binds {@code codeId}'s entry for an update; false (nothing created) if it is a new code and
     * the ledger already holds its configured maximum.
     */
    private boolean bindForUpdate(final long codeId) {
        if (entries.get() >= capacity && !ledger.read(codeId, state)) {
            return false;
        }
        ledger.readForUpdate(codeId, state);
        if (state.scanCount == 0 && state.flags == 0) {
            entries.lazySet(entries.get() + 1);
        }
        return true;
    }

    /** Codes held in the ledger (any thread; approximate while scans run). */
    public long entries() {
        return entries.get();
    }

    /** Codes the ledger may hold. */
    public long capacity() {
        return capacity;
    }

    /** Decides one authentic scan: a consumer's (counted if genuine) or a channel actor's role scan. */
    public void scan(final ScanEvent e) {
        if (e.type == ScanEvent.TYPE_ROLE_SCAN) {
            roleScans.scan(e);
            return;
        }
        final Verdict refused = BatchVerdict.refusal(e, batches, ledger, state);
        if (refused != null) {
            e.verdict = refused;
            return;
        }
        final Batch batch = e.batch;
        if (e.requestKey != 0) {
            final int answered = requests.answeredCount(e.requestKey, e.codeId);
            if (answered != 0) {
                // a retry: the original answer again, nothing counted (first-scan facts never change)
                ledger.read(e.codeId, state);
                final long now = clock.getAsLong();
                e.alerts |= rules.rewithhold(e, now);
                answerCounted(e, batch, answered, now, true, state.suspectAt(answered));
                return;
            }
        }
        if (!bindForUpdate(e.codeId)) {
            e.status = ScanEvent.STATUS_LEDGER_FULL;
            return;
        }
        if (state.voided()) {
            e.verdict = Verdict.VOIDED;
            return;
        }
        final long now = clock.getAsLong();
        final int reasons = rules.suspect(state, e, now);
        final int withheld = rules.withhold(state, e, now);
        e.alerts |= withheld;
        state.countScan(now, e.deviceHash, e.region);
        state.lastLocation = e.location;
        state.suspect(reasons);
        // a purchase: a genuine first scan with a consumer id (replay applies the same rule to the record)
        final boolean purchase = ConsumerBook.isPurchase(e.consumerHash, state.scanCount, state.suspectAtCount)
                && consumers.registerIfNew(e.consumerHash, e.consumer, e.consumerLength, state.firstScanAt, journal);
        journal.appendCodeState(e.codeId, state, e.deviceHash, e.consumerHash, JournalRecord.CAUSE_SCAN, e.requestKey);
        ledger.writeBack(state);
        requests.remember(e.requestKey, e.codeId, state.scanCount);
        if (purchase) {
            consumers.purchase(e.consumerHash, state.firstScanAt, (int) batch.batchId(), journal);
            e.purchase = consumers.purchases();
            e.consumerView(consumers);
        }
        answerCounted(e, batch, state.scanCount, now, withheld != 0, state.suspectAt(state.scanCount));
    }

    /**
     * Fills the answer of a counted scan from {@link #state} with {@code scanCount} (this scan's
     * count, or the original one for a retry): GENUINE, or SUSPECT with the alerts that say why;
     * then the alerting rules' alerts and its campaigns. A retry only shows rewards, it never draws;
     * nor does a suspected clone, whose reward (if it won one before) its winner still sees, nor a
     * scan a withholding rule flagged ({@code noDraw}: a farm's, which is answered as a retry is).
     */
    private void answerCounted(final ScanEvent e, final Batch batch, final int scanCount, final long now, final boolean noDraw,
                               final boolean suspect) {
        if (e.purchase == 0 && e.consumerHash != 0) {
            consumers.lookup(e.consumerHash);
            e.consumerView(consumers);
        }
        e.verdict = suspect ? Verdict.SUSPECT : Verdict.GENUINE;
        e.scanCount = scanCount;
        e.firstScan = scanCount == 1;
        e.firstScanAt = state.firstScanAt;
        e.firstRegion = state.firstRegion;
        if (suspect) {
            e.alerts |= Alert.CLONE_SUSPECTED.bit() | SuspectReason.alerts(state.flags);
        }
        e.alerts |= rules.alerts(e, batch, state);
        roleScans.consumerScan(e);
        campaigns.evaluate(e, batch, now, noDraw || suspect, journal);
    }

    /** Judges the silence of up to {@code maxSlots} consumers now (the lifecycle sweep); durable when this returns. The events made. */
    public int sweepConsumers(final long maxSlots) {
        final int events = consumers.sweep(clock.getAsLong(), maxSlots, journal);
        if (events > 0) {
            journal.force();
        }
        return events;
    }

    /** The verifier's clock, epoch milliseconds. */
    public long nowMillis() {
        return clock.getAsLong();
    }

    /** Records an admin action that changed something (its id given here); durable when this returns. */
    public AuditEntry audit(final AuditEntry draft) {
        return audit.record(draft, journal);
    }

    /** The consumer profiles and their lifecycle events. */
    public ConsumerBook consumers() {
        return consumers;
    }

    /**
     * Creates or updates a campaign from its file (JSON); durable when this returns. Throws
     * {@link io.scangate.verifier.campaign.CampaignRejectedException} naming every problem.
     */
    public Campaign applyCampaign(final byte[] json) {
        final Campaign planned = campaigns.plan(CampaignParser.parse(json), clock.getAsLong());
        return journaled(planned);
    }

    /** Stops a campaign for good; null if there is none. Durable when this returns. */
    public Campaign stopCampaign(final String id) {
        final Campaign planned = campaigns.planStop(id, clock.getAsLong());
        if (planned == null || planned.equals(campaigns.find(id).campaign())) {
            return planned;
        }
        return journaled(planned);
    }

    private Campaign journaled(final Campaign c) {
        journal.appendJson(JournalRecord.TYPE_CAMPAIGN, CampaignRecords.campaignJson(c));
        journal.force();
        campaigns.apply(c);
        return c;
    }

    public CampaignBook campaigns() {
        return campaigns;
    }

    /**
     * Creates an actor with a new key, returned once with it (only its hash is kept); durable when
     * this returns. Throws {@link IllegalStateException} if the id is taken, {@link IllegalArgumentException}
     * if the parent is unknown.
     */
    public ChannelBook.Created createActor(final ActorSpec spec) {
        final String key = ActorKeys.generate();
        final Actor a = channel.plan(spec, ActorKeys.hash(key), clock.getAsLong());
        return new ChannelBook.Created(journaled(a), key);
    }

    /** Disables actor {@code id} for good: its key stops working with the next event. Null if there is none. Durable when this returns. */
    public Actor disableActor(final String id) {
        final Actor a = channel.actor(id);
        return a == null || a.disabled() ? a : journaled(a.asDisabled());
    }

    private Actor journaled(final Actor a) {
        journal.appendJson(JournalRecord.TYPE_ACTOR, ChannelRecords.actorJson(a));
        journal.force();
        channel.apply(a);
        return a;
    }

    public ChannelBook channel() {
        return channel;
    }

    /**
     * Packs {@code units} (code ids, 1..1000, from wherever they were) into case {@code caseId};
     * durable when this returns. Throws {@link IllegalArgumentException} naming the bad unit.
     */
    public CaseChange packCase(final long caseId, final long[] units) {
        final CaseChange c = roleScans.changeCase(caseId, units, clock.getAsLong());
        journal.force();
        return c;
    }

    /** Takes every unit out of case {@code caseId} (they keep where it had got to); durable when this returns. */
    public CaseChange unpackCase(final long caseId) {
        final CaseChange c = roleScans.changeCase(caseId, null, clock.getAsLong());
        journal.force();
        return c;
    }

    /** Replaces {@code set}'s anchor's links (empty: removes them); see {@link LinkBook#change}. Durable when this returns. */
    public LinkSet setLinks(final LinkSet set) {
        return links.change(set, journal);
    }

    /** Removes {@code anchor}'s links; false (nothing journaled) if it had none. Durable when this returns. */
    public boolean deleteLinks(final Anchor anchor) {
        return links.get(anchor) != null && links.change(LinkSet.empty(anchor), journal) != null;
    }

    /** The links store: any thread may read it. */
    public LinkBook links() {
        return links;
    }

    /** Creates a batch under the current key id; durable when this returns. */
    public Batch createBatch(final BatchSpec spec) {
        return journaled(batches.plan(spec, keys.currentKeyId(), clock.getAsLong()));
    }

    /** Changes a batch's state ({@code VOIDED} is final); durable when this returns. */
    public Batch changeBatchState(final long batchId, final BatchState newState) {
        final Batch updated = batches.planState(batchId, newState);
        return updated.equals(batches.index().byId(batchId)) ? updated : journaled(updated);
    }

    /**
     * Creates a batch with its consumer-page metadata ({@code meta} may be null): a BATCH record,
     * then a BATCH_META record; durable when this returns.
     */
    public Batch createBatch(final BatchSpec spec, final BatchMeta meta) {
        final Batch created = createBatch(spec);
        return meta == null ? created : setBatchMeta(created.batchId(), meta);
    }

    /** Sets (replaces) a batch's consumer-page metadata; durable when this returns. */
    public Batch setBatchMeta(final long batchId, final BatchMeta meta) {
        final Batch updated = batches.planMeta(batchId, meta);
        journal.appendJson(JournalRecord.TYPE_BATCH_META, BatchRegistry.metaToJson(batchId, meta));
        journal.force();
        return batches.apply(updated);
    }

    private Batch journaled(final Batch batch) {
        journal.appendBatch(BatchRegistry.toJson(batch));
        journal.force();
        return batches.apply(batch);
    }

    /** Voids one code; returns false if it already was. Durable when this returns. */
    public boolean voidCode(final long codeId) {
        if (!bindForUpdate(codeId)) {
            throw new LedgerFullException(capacity);
        }
        if (state.voided()) {
            return false;
        }
        state.flags |= CodeState.FLAG_VOIDED;
        journal.appendCodeState(codeId, state, 0, 0, JournalRecord.CAUSE_VOID, 0);
        ledger.writeBack(state);
        journal.force();
        return true;
    }

    /**
     * Withdraws a code's SUSPECT judgement (a false alarm): its later scans answer GENUINE and its devices are
     * counted afresh. False (nothing changed) if the code was not suspected. Durable when this returns.
     */
    public boolean clearSuspicion(final long codeId) {
        if (!ledger.read(codeId, state) || state.suspectAtCount == 0) {
            return false;
        }
        ledger.readForUpdate(codeId, state);
        state.suspectAtCount = 0;
        state.flags &= ~SuspectReason.FLAGS;
        state.deviceSketch = 0;
        journal.appendCodeState(codeId, state, 0, 0, JournalRecord.CAUSE_CLEAR_SUSPECT, 0);
        ledger.writeBack(state);
        journal.force();
        return true;
    }

    /** The anti-farming rule's top offenders this hour, at most {@code limit} (1..100) of each kind; null if it is off (an admin read). */
    public FarmingRule.Top farmingTop(final int limit) {
        final FarmingRule farming = rules.farming();
        return farming == null ? null : farming.top(limit, clock.getAsLong());
    }

    /** The anti-farming rule, or null if it is off: its gauges may be read on any thread. */
    public FarmingRule farming() {
        return rules.farming();
    }

    /** Position after the last journaled change (all of them are applied to the ledger). */
    public long journalPosition() {
        return journal.endPosition();
    }

    /** With {@code defer}, journal appends wait in the process (a ring batch); without, what waits is written to the file now. */
    public void deferJournalWrites(final boolean defer) {
        journal.deferWrites(defer);
    }

    /** A copy of a code's ledger state, or null if it was never scanned nor voided. */
    public CodeState codeState(final long codeId) {
        final CodeState copy = new CodeState();
        return ledger.read(codeId, copy) ? copy : null;
    }

    public BatchRegistry batches() {
        return batches;
    }

    public Ledger ledger() {
        return ledger;
    }
}
