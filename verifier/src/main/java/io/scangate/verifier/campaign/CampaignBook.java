package io.scangate.verifier.campaign;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.agrona.collections.Long2LongHashMap;

import io.scangate.verifier.batch.Batch;
import io.scangate.verifier.code.CodeFormat;
import io.scangate.verifier.journal.Journal;
import io.scangate.verifier.journal.JournalRecord;
import io.scangate.verifier.ledger.Regions;

/**
 * Every campaign, what each has spent, which codes drew what, and the reward log: the state the
 * verifier charges budgets against. Everything here is derived from the journal (CAMPAIGN,
 * REWARD and DRAW records) and rebuilt from it at start.
 *
 * <p>Rules: a code draws at most once per campaign, on its first eligible scan (a genuine scan
 * in the window, scope and region of a running campaign whose budget is not exhausted). The
 * draw is {@link Draw} of (seed, code). A winning draw is granted only if the budget, the tier
 * limit and the caps allow it (a cheaper tier with {@code onLimit: lowerTier}); a refused win is
 * recorded so the code cannot win later. A losing draw needs no record: it loses again.
 *
 * <p>Concurrency: single writer (the verifier thread; recovery before it starts). Readers on
 * other threads use {@link #runtimes()} and {@link #rewards()} only.
 */
public final class CampaignBook {
    private static final long DAY_MILLIS = 86_400_000L;
    private static final long NO_DRAW = -1;

    private final List<CampaignRuntime> all = new ArrayList<>();
    private final Map<String, CampaignRuntime> byId = new HashMap<>();
    private volatile List<CampaignRuntime> published = List.of();
    private CampaignRuntime[] active = new CampaignRuntime[0];
    /** (code id, campaign number) -> reward id, or 0 for a refused win. */
    private final Long2LongHashMap draws = new Long2LongHashMap(NO_DRAW);
    /** code id -> number of draw entries: most codes have none, and one lookup says so. */
    private final Long2LongHashMap codesWithDraws = new Long2LongHashMap(0);
    /** hashed (campaign, who, day) -> rewards granted. */
    private final Long2LongHashMap capCounts = new Long2LongHashMap(0);
    private final RewardLog rewards = new RewardLog();
    private final SecureRandom random = new SecureRandom();
    private final byte[] scratch = new byte[CodeFormat.LENGTH];
    private Consumer<CampaignRuntime> onNewCampaign = r -> { };

    /** Called (on the writing thread) for every campaign created, and at once for those that exist. */
    public void onNewCampaign(final Consumer<CampaignRuntime> listener) {
        this.onNewCampaign = listener;
        published.forEach(listener);
    }

    public RewardLog rewards() {
        return rewards;
    }

    /** All campaigns in creation order (any thread). */
    public List<CampaignRuntime> runtimes() {
        return published;
    }

    /** The campaign with {@code id}, or null (any thread). */
    public CampaignRuntime find(final String id) {
        for (final CampaignRuntime r : published) {
            if (r.campaign().id().equals(id)) {
                return r;
            }
        }
        return null;
    }

    // ---------------------------------------------------------------- definitions

    /**
     * The campaign {@code incoming} (parsed from a file) becomes when applied at {@code now}: a new
     * campaign gets a number, version 1 and a seed if it has none; an update must keep what is
     * already running safe (see docs/CAMPAIGNS.md). Throws {@link CampaignRejectedException} with
     * every problem; changes nothing.
     */
    public Campaign plan(final Campaign incoming, final long now) {
        final List<CampaignProblem> problems = new ArrayList<>();
        final CampaignRuntime existing = byId.get(incoming.id());
        if (existing == null) {
            if (incoming.endMillis() <= now) {
                problems.add(new CampaignProblem("end", "is in the past"));
            }
            if (all.size() >= Campaign.MAX_CAMPAIGNS) {
                problems.add(new CampaignProblem("id", "no room for another campaign (at most " + Campaign.MAX_CAMPAIGNS + ")"));
            }
            reject(problems);
            final long s0 = incoming.seeded() ? incoming.seed0() : random.nextLong();
            final long s1 = incoming.seeded() ? incoming.seed1() : random.nextLong();
            return incoming.with(all.size() + 1, 1, s0, s1, Campaign.State.ACTIVE, now);
        }
        final Campaign old = existing.campaign();
        if (old.state() == Campaign.State.STOPPED) {
            problems.add(new CampaignProblem("id", "campaign " + old.id() + " is stopped; stopping is final"));
            reject(problems);
        }
        if (incoming.seeded() && (incoming.seed0() != old.seed0() || incoming.seed1() != old.seed1())) {
            problems.add(new CampaignProblem("seed", "cannot change: the draw of every code depends on it"));
        }
        if (!incoming.currency().equals(old.currency())) {
            problems.add(new CampaignProblem("currency", "cannot change (was " + old.currency() + ")"));
        }
        if (!java.util.Objects.equals(incoming.target(), old.target())) {
            problems.add(new CampaignProblem("channel", "cannot change: who the campaign rewards is fixed"));
        }
        if (!java.util.Objects.equals(incoming.audience(), old.audience())) {
            problems.add(new CampaignProblem("consumers", "cannot change: who the campaign rewards is fixed"));
        }
        if (incoming.budgetCount() < existing.spentCount()) {
            problems.add(new CampaignProblem("budget.count", "is below the " + existing.spentCount() + " rewards already granted"));
        }
        if (incoming.budgetAmount() < existing.spentAmount()) {
            problems.add(new CampaignProblem("budget.amount", "is below the " + existing.spentAmount() + " already spent"));
        }
        if (now >= old.startMillis()) {
            frozenOnceStarted(incoming, existing, problems);
        }
        reject(problems);
        return incoming.with(old.number(), old.version() + 1, old.seed0(), old.seed1(), Campaign.State.ACTIVE, now);
    }

    /** What may not change once a campaign has started: its start, its odds and its tiers (limits only upward of what was granted). */
    private static void frozenOnceStarted(final Campaign incoming, final CampaignRuntime existing, final List<CampaignProblem> problems) {
        final Campaign old = existing.campaign();
        if (incoming.startMillis() != old.startMillis()) {
            problems.add(new CampaignProblem("start", "cannot change once the campaign has started"));
        }
        if (incoming.winProbability() != old.winProbability()) {
            problems.add(new CampaignProblem("winProbability", "cannot change once the campaign has started (draws already made)"));
        }
        if (incoming.prizes().size() != old.prizes().size()) {
            problems.add(new CampaignProblem("prizes", "tiers cannot be added or removed once the campaign has started"));
        } else {
            for (int i = 0; i < old.prizes().size(); i++) {
                final Campaign.Prize a = old.prizes().get(i);
                final Campaign.Prize b = incoming.prizes().get(i);
                if (!a.id().equals(b.id()) || a.amount() != b.amount() || a.weight() != b.weight()) {
                    problems.add(new CampaignProblem("prizes[" + i + "]", "id, amount and weight cannot change once the campaign has started"));
                }
                if (b.limit() != 0 && b.limit() < existing.granted(i)) {
                    problems.add(new CampaignProblem("prizes[" + i + "].limit", "is below the " + existing.granted(i) + " already granted"));
                }
            }
        }
    }

    /** The campaign {@code id} after a stop (final); null if there is none. */
    public Campaign planStop(final String id, final long now) {
        final CampaignRuntime r = byId.get(id);
        if (r == null) {
            return null;
        }
        final Campaign c = r.campaign();
        return c.state() == Campaign.State.STOPPED ? c : c.with(c.number(), c.version() + 1, c.seed0(), c.seed1(), Campaign.State.STOPPED, now);
    }

    private static void reject(final List<CampaignProblem> problems) {
        if (!problems.isEmpty()) {
            throw new CampaignRejectedException(problems);
        }
    }

    /** Applies a planned (or replayed) definition. */
    public void apply(final Campaign c) {
        CampaignRuntime r = byId.get(c.id());
        if (r == null) {
            if (c.number() != all.size() + 1) {
                throw new IllegalStateException("campaign " + c.id() + " has number " + c.number() + "; expected " + (all.size() + 1));
            }
            r = new CampaignRuntime(c);
            all.add(r);
            byId.put(c.id(), r);
            published = List.copyOf(all);
            onNewCampaign.accept(r);
        } else {
            r.update(c);
        }
        final List<CampaignRuntime> running = new ArrayList<>();
        for (final CampaignRuntime x : all) {
            if (x.campaign().state() == Campaign.State.ACTIVE) {
                running.add(x);
            }
        }
        active = running.toArray(new CampaignRuntime[0]);
    }

    // ---------------------------------------------------------------- scans

    /**
     * Runs the campaigns for a genuine scan: shows the reward the code already won to its winner
     * (and "claimed" to everybody else) and, unless {@code retry}, draws
     * for every running campaign the code is newly eligible for, journaling what it grants.
     */
    public void evaluate(final Entrant e, final Batch batch, final long now, final boolean retry, final Journal journal) {
        if (codesWithDraws.get(e.codeId()) != 0) {
            for (final CampaignRuntime r : all) {
                final long v = draws.get(key(e.codeId(), r.campaign().number()));
                if (v > 0 && r.campaign().target() == null) {
                    show(e, rewards.get(v));
                }
            }
        }
        if (retry) {
            return;
        }
        drawAll(e, batch, now, journal, null);
    }

    /**
     * Runs the B-end campaigns for an applied role scan: {@code e} is the actor (its device hash the
     * actor's, its region its territory), {@code target} its role and action. Shows what the code
     * already won for this actor and, unless {@code retry}, draws in every running campaign that
     * rewards {@code target}, with the same rules as for consumers.
     */
    public void evaluateRole(final Entrant e, final Batch batch, final long now, final boolean retry, final Journal journal,
                             final Campaign.Target target) {
        if (codesWithDraws.get(e.codeId()) != 0) {
            for (final CampaignRuntime r : all) {
                final long v = draws.get(key(e.codeId(), r.campaign().number()));
                if (v > 0 && target.equals(r.campaign().target()) && rewards.get(v).deviceHash() == e.deviceHash()) {
                    e.showReward(rewards.get(v));
                }
            }
        }
        if (!retry) {
            drawAll(e, batch, now, journal, target);
        }
    }

    /** Draws in every running campaign for {@code target} (null: the consumer campaigns) the code is newly eligible for. */
    private void drawAll(final Entrant e, final Batch batch, final long now, final Journal journal, final Campaign.Target target) {
        final CampaignRuntime[] running = active;
        for (final CampaignRuntime r : running) {
            final Campaign c = r.campaign();
            if (!java.util.Objects.equals(c.target(), target) || !c.runningAt(now) || !inScope(c, batch) || !inRegion(r, e.region())
                    || c.audience() != null && !c.audience().admits(e.purchase(), e.priorStage())) {
                continue;
            }
            final long k = key(e.codeId(), c.number());
            if (draws.get(k) != NO_DRAW) {
                continue;
            }
            if (r.exhausted()) {
                r.count(DrawOutcome.BUDGET_EXHAUSTED);
                continue;
            }
            draw(r, c, e, now, journal);
        }
    }

    private static void show(final Entrant e, final Reward w) {
        if (w.deviceHash() == e.deviceHash() || (w.consumerHash() != 0 && w.consumerHash() == e.consumerHash())) {
            e.showReward(w);
        } else {
            e.rewardClaimedByOther();
        }
    }

    private void draw(final CampaignRuntime r, final Campaign c, final Entrant e, final long now, final Journal journal) {
        if (!Draw.wins(c, e.codeId())) {
            r.count(DrawOutcome.LOST);
            return;
        }
        final DrawOutcome refusal;
        final int drawn = Draw.tier(c, e.codeId());
        final long day = now / DAY_MILLIS;
        if (capped(c, e.deviceHash(), e.consumerHash(), day)) {
            refusal = DrawOutcome.CAP_REACHED;
        } else {
            final int tier = TierFit.fit(r, c, drawn);
            if (tier >= 0) {
                grant(r, c, tier, e, now, journal);
                return;
            }
            refusal = r.remainingCount() == 0 || c.prizes().get(drawn).amount() > r.remainingAmount()
                    ? DrawOutcome.BUDGET_EXHAUSTED : DrawOutcome.TIER_LIMIT;
        }
        journal.appendJson(JournalRecord.TYPE_DRAW, CampaignRecords.refusalJson(c.number(), e.codeId(), refusal));
        applyRefusal(c.number(), e.codeId());
        r.count(refusal);
    }

    private boolean capped(final Campaign c, final long device, final long consumer, final long day) {
        final Campaign.Caps caps = c.caps();
        if (!caps.any()) {
            return false;
        }
        return over(caps.perDevice(), capKey(c.number(), 1, device, -1))
                || over(caps.perDevicePerDay(), capKey(c.number(), 2, device, day))
                || consumer != 0 && (over(caps.perConsumer(), capKey(c.number(), 3, consumer, -1))
                        || over(caps.perConsumerPerDay(), capKey(c.number(), 4, consumer, day)));
    }

    private boolean over(final long cap, final long key) {
        return cap != 0 && capCounts.get(key) >= cap;
    }

    private void grant(final CampaignRuntime r, final Campaign c, final int tier, final Entrant e, final long now, final Journal journal) {
        final Campaign.Prize p = c.prizes().get(tier);
        CodeFormat.encode(e.codeId(), e.tag(), scratch, 0);
        final Reward w = new Reward(rewards.nextId(), c.id(), p.id(), p.amount(), c.currency(),
                new String(scratch, 0, CodeFormat.LENGTH, StandardCharsets.US_ASCII),
                e.deviceText(), e.consumerText(),
                Regions.toString(e.region()), now, c.number(), tier, e.codeId(), e.deviceHash(), e.consumerHash(), e.actorText());
        journal.appendJson(JournalRecord.TYPE_REWARD, CampaignRecords.rewardJson(w));
        applyReward(w, journal.endPosition());
        r.count(DrawOutcome.WON);
        e.wonReward(w);
    }

    /** Applies a granted reward (live, or replayed from the journal) ending at journal {@code position}. */
    public void applyReward(final Reward w, final long position) {
        final CampaignRuntime r = all.get(w.campaignNumber() - 1);
        rewards.append(w, position);
        draws.put(key(w.codeId(), w.campaignNumber()), w.rewardId());
        codesWithDraws.put(w.codeId(), codesWithDraws.get(w.codeId()) + 1);
        r.charge(w.prizeIndex(), w.amount());
        final long day = w.atMillis() / DAY_MILLIS;
        increment(capKey(w.campaignNumber(), 1, w.deviceHash(), -1));
        increment(capKey(w.campaignNumber(), 2, w.deviceHash(), day));
        if (w.consumerHash() != 0) {
            increment(capKey(w.campaignNumber(), 3, w.consumerHash(), -1));
            increment(capKey(w.campaignNumber(), 4, w.consumerHash(), day));
        }
    }

    /** Verifier thread: every won draw that got no prize, as {code id, campaign number} pairs (a snapshot's copy). */
    public long[][] refusedDraws() {
        final java.util.List<long[]> out = new java.util.ArrayList<>();
        draws.forEachLong((k, v) -> {
            if (v == 0) {
                out.add(new long[] {k >>> 12, k & 0xfff});
            }
        });
        return out.toArray(new long[0][]);
    }

    /** Records that {@code codeId} won campaign {@code number}'s draw but got no prize (live or replayed). */
    public void applyRefusal(final int number, final long codeId) {
        draws.put(key(codeId, number), 0);
        codesWithDraws.put(codeId, codesWithDraws.get(codeId) + 1);
    }

    private void increment(final long key) {
        capCounts.put(key, capCounts.get(key) + 1);
    }

    private static boolean inScope(final Campaign c, final Batch batch) {
        if (c.skus().isEmpty() && c.batches().isEmpty()) {
            return true;
        }
        return c.skus().contains(batch.sku()) || c.batches().contains(batch.batchId());
    }

    private static boolean inRegion(final CampaignRuntime r, final long region) {
        final long[] packed = r.packedRegions();
        if (packed.length == 0) {
            return true;
        }
        if (region == Regions.NONE) {
            return false;
        }
        for (int i = 0; i < packed.length; i++) {
            if (Regions.within(region, packed[i])) {
                return true;
            }
        }
        return false;
    }

    private static long key(final long codeId, final int number) {
        return (codeId << 12) | number;
    }

    private static long capKey(final int number, final int kind, final long who, final long day) {
        long h = who * 0x9E3779B97F4A7C15L;
        h ^= ((long) number << 8 | kind) * 0xC2B2AE3D27D4EB4FL;
        h ^= day * 0x165667B19E3779F9L;
        h ^= h >>> 29;
        return h == 0 ? 1 : h;
    }

    /**
     * Applies one journal record of a campaign type; false if {@code type} is not one. The forms
     * are {@link CampaignRecords}'.
     */
    public boolean replay(final int type, final byte[] json, final long endPosition) {
        return CampaignRecords.replay(this, type, json, endPosition);
    }
}
