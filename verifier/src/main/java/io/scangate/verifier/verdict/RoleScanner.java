package io.scangate.verifier.verdict;

import java.nio.charset.StandardCharsets;
import java.util.function.LongSupplier;

import io.scangate.verifier.batch.Batch;
import io.scangate.verifier.batch.BatchRegistry;
import io.scangate.verifier.batch.BatchState;
import io.scangate.verifier.campaign.Campaign;
import io.scangate.verifier.campaign.CampaignBook;
import io.scangate.verifier.channel.Action;
import io.scangate.verifier.channel.Actor;
import io.scangate.verifier.channel.CaseBook;
import io.scangate.verifier.channel.CaseChange;
import io.scangate.verifier.channel.ChannelBook;
import io.scangate.verifier.channel.ChannelRecords;
import io.scangate.verifier.channel.Diversion;
import io.scangate.verifier.channel.RoleOutcome;
import io.scangate.verifier.channel.RoleScan;
import io.scangate.verifier.channel.UnitPosition;
import io.scangate.verifier.code.CodeFormat;
import io.scangate.verifier.journal.Journal;
import io.scangate.verifier.journal.JournalRecord;
import io.scangate.verifier.ledger.CodeState;
import io.scangate.verifier.ledger.Hashing;
import io.scangate.verifier.ledger.Ledger;
import io.scangate.verifier.ledger.Regions;

/**
 * Role scans and the channel's part of consumer scans, for the {@link Verifier}: the key, the
 * role, the code's verdict and the channel's rules decide; an applied role scan is journaled
 * (one record) before it changes the {@link ChannelBook}. A consumer scan of a unit the channel
 * placed learns where it stands and is {@code DIVERTED} outside its holder's territory.
 *
 * <p>Concurrency: verifier thread only.
 */
final class RoleScanner {
    private final ChannelBook channel;
    private final BatchRegistry batches;
    private final Ledger ledger;
    private final Journal journal;
    private final LongSupplier clock;
    private final CampaignBook campaigns;
    private final CodeState state = new CodeState();

    RoleScanner(final ChannelBook channel, final CampaignBook campaigns, final BatchRegistry batches, final Ledger ledger,
                final Journal journal, final LongSupplier clock) {
        this.channel = channel;
        this.campaigns = campaigns;
        this.batches = batches;
        this.ledger = ledger;
        this.journal = journal;
        this.clock = clock;
    }

    /** Decides and (when it may) applies one role scan; the outcome and the unit's position go into {@code e}. */
    void scan(final ScanEvent e) {
        final Actor actor = channel.byKey(e.keyDigest);
        if (actor == null) {
            e.roleOutcome = RoleOutcome.UNAUTHORIZED;
            return;
        }
        e.actor = actor;
        final Action action = Action.of(e.action);
        if (action == null || !actor.role().may(action)) {
            e.roleOutcome = RoleOutcome.FORBIDDEN;
            return;
        }
        e.verdict = e.forged ? Verdict.FORGED : verdict(e);
        if (e.verdict != Verdict.GENUINE) {
            e.roleOutcome = RoleOutcome.NOT_GENUINE;
            return;
        }
        final boolean isCase = channel.cases().isCase(e.codeId, e.batch);
        if (action == Action.INSTALL && isCase) {
            e.roleOutcome = RoleOutcome.NOT_A_UNIT;
            return;
        }
        if (channel.answered(e.requestKey) != null) {
            // a retry of an applied role scan: its answer (and reward) again, nothing applied twice
            e.roleOutcome = RoleOutcome.APPLIED;
            view(e);
            rewards(e, actor, action, clock.getAsLong(), true);
            return;
        }
        final int units = isCase ? channel.cases().unitsOf(e.codeId, e.batch).length : 1;
        final RoleScan s = new RoleScan(e.codeId, action, actor.id(), text(e.to, e.toLength), text(e.order, e.orderLength),
                e.requestKey, clock.getAsLong(), units);
        final RoleOutcome outcome = channel.check(actor, s);
        if (outcome != RoleOutcome.APPLIED) {
            e.roleOutcome = outcome;
            if (outcome == RoleOutcome.ALREADY_INSTALLED) {
                e.channelView(channel.blockingInstall(s));
            } else {
                view(e);
            }
            return;
        }
        // one record, whatever the code: a case's units follow their case when their position is read
        journal.appendJson(JournalRecord.TYPE_ROLE_SCAN, ChannelRecords.roleScanJson(s));
        e.roleOutcome = RoleOutcome.APPLIED;
        channel.apply(s);
        view(e);
        rewards(e, actor, action, s.at(), false);
    }

    /**
     * The B-end campaigns for {@code actor}'s {@code action}: the actor is the entrant (its id as the
     * device, so caps per device are caps per actor; its territory as the region).
     */
    private void rewards(final ScanEvent e, final Actor actor, final Action action, final long now, final boolean retry) {
        final byte[] id = actor.id().getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(id, 0, e.device, 0, id.length);
        e.deviceLength = id.length;
        e.deviceHash = Hashing.hash(id, 0, id.length);
        e.region = actor.territory();
        campaigns.evaluateRole(e, e.batch, now, retry, journal, new Campaign.Target(actor.role(), action));
    }

    /** The verdict a consumer scan of this code would get, without counting anything. */
    private Verdict verdict(final ScanEvent e) {
        final Verdict refused = BatchVerdict.refusal(e, batches, ledger, state);
        if (refused != null) {
            return refused;
        }
        return ledger.read(e.codeId, state) && state.voided() ? Verdict.VOIDED : Verdict.GENUINE;
    }

    /**
     * A counted consumer scan: where its unit stands, and {@link Alert#DIVERTED} if it was scanned
     * outside the territory of the actor holding it (a scan that names only a wider region, such as
     * the country of a province's territory, is not outside it).
     */
    void consumerScan(final ScanEvent e) {
        if (!view(e)) {
            return;
        }
        final Actor holder = e.holder;
        if (holder != null && e.region != Regions.NONE) {
            final long territory = e.holderTerritory;
            if (!Regions.within(e.region, territory) && !Regions.within(territory, e.region)) {
                e.alerts |= Alert.DIVERTED.bit();
                if (channel.newDiversion(e.codeId, holder)) {
                    logDiversion(e, holder);
                }
            }
        }
    }

    /**
     * Packs {@code units} into case {@code caseId} (from wherever they were) or, with {@code units}
     * null, unpacks it: checked, journaled as one record, applied. Throws
     * {@link IllegalArgumentException} naming what is wrong; changes nothing then.
     */
    CaseChange changeCase(final long caseId, final long[] units, final long now) {
        final Batch caseBatch = batches.index().find(caseId);
        if (caseBatch == null || caseBatch.state() == BatchState.VOIDED) {
            throw new IllegalArgumentException("the case code is in no active batch");
        }
        if (units != null && channel.caseOf(caseId) != 0) {
            throw new IllegalArgumentException("the case code is itself packed in a case (cases do not nest)");
        }
        final long[] moved = units == null ? channel.cases().unitsOf(caseId, caseBatch) : units;
        if (units != null) {
            checkUnits(caseId, units);
        } else if (moved.length == 0) {
            throw new IllegalArgumentException("the case holds no units");
        }
        final CaseChange c = new CaseChange(caseId, units != null, moved, now);
        journal.appendJson(JournalRecord.TYPE_CASE, ChannelRecords.caseJson(c));
        channel.apply(c);
        return c;
    }

    private void checkUnits(final long caseId, final long[] units) {
        if (units.length == 0 || units.length > CaseBook.MAX_UNITS) {
            throw new IllegalArgumentException("'units': a case holds 1 to " + CaseBook.MAX_UNITS + " units, got " + units.length);
        }
        final org.agrona.collections.LongHashSet seen = new org.agrona.collections.LongHashSet();
        for (int i = 0; i < units.length; i++) {
            final long u = units[i];
            final Batch b = batches.index().find(u);
            final String problem = u == caseId ? "is the case itself" : !seen.add(u) ? "is given twice"
                    : b == null ? "is in no batch" : b.state() != BatchState.ACTIVE || ledger.read(u, state) && state.voided() ? "is not active"
                    : channel.cases().isCase(u, b) ? "is a case (cases do not nest)" : null;
            if (problem != null) {
                throw new IllegalArgumentException("'units[" + i + "]' " + problem);
            }
        }
    }

    /** Journals and logs the evidence of a unit first seen outside {@code holder}'s territory (rare: allocates). */
    private void logDiversion(final ScanEvent e, final Actor holder) {
        final byte[] text = new byte[CodeFormat.LENGTH];
        CodeFormat.encode(e.codeId, e.tag, text, 0);
        final UnitPosition own = channel.position(e.codeId);
        final long caseId = channel.caseOf(e.codeId);
        final UnitPosition kase = caseId == 0 ? null : channel.position(caseId);
        final long placedAt = Math.max(own == null ? 0 : own.at(), kase == null ? 0 : kase.at());
        final Diversion d = new Diversion(channel.diversions().nextId(), new String(text, StandardCharsets.US_ASCII), e.codeId,
                kase == null ? 0 : caseId, holder.id(), holder.role(), holder.region(), e.batch == null ? null : e.batch.plannedRegion(),
                Regions.toString(e.region), clock.getAsLong(), placedAt, e.deviceText());
        journal.appendJson(JournalRecord.TYPE_DIVERSION, ChannelRecords.diversionJson(d));
        channel.apply(d, journal.endPosition());
    }

    /**
     * Puts where {@code e}'s code stands into it: its own position, and for a unit of a case its
     * case's (the newer wins); false if neither was ever placed.
     */
    private boolean view(final ScanEvent e) {
        final UnitPosition own = channel.position(e.codeId);
        final long caseId = channel.caseOf(e.codeId, e.batch);
        final UnitPosition kase = caseId == 0 ? null : channel.position(caseId);
        if (own == null && kase == null) {
            return false;
        }
        e.channelView(own, kase);
        return true;
    }

    private static String text(final byte[] bytes, final int length) {
        return length == 0 ? null : new String(bytes, 0, length, StandardCharsets.UTF_8);
    }
}
