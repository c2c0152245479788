package io.scangate.verifier.channel;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.agrona.collections.Long2ObjectHashMap;

import io.scangate.verifier.batch.Batch;

/**
 * The channel's state: actors by id and by key hash, each unit's {@link UnitPosition}, the orders
 * already installed against, and the answers of recent idempotent role scans. Changes are planned
 * ({@link #plan}, {@link #check}: nothing changes), journaled by the verifier, then applied
 * ({@link #apply(Actor)}, {@link #apply(RoleScan)}); replay applies the same records in the same
 * order, so the state after a restart equals the state before it.
 *
 * <p>Memory: on the heap, rebuilt from the journal at start; some 150 bytes per unit with a
 * position (map entry and {@link UnitPosition}), 100 per install order.
 *
 * <p>Concurrency: verifier thread only (and the replaying thread before it starts), except
 * {@link #actorCount()} and {@link #actorCount(Role)}, which any thread may read.
 */
public final class ChannelBook {
    /** A book that finds the batch of a code with {@code batchOf} (cases issued with their batch). */
    public ChannelBook(final java.util.function.LongFunction<Batch> batchOf) {
        this.batchOf = batchOf;
    }

    /** A book for codes in no batch with cases (tests). */
    public ChannelBook() {
        this(id -> null);
    }

    /** A new actor and its key, which is shown once and kept nowhere. */
    public record Created(Actor actor, String key) {
    }

    /** Idempotent role-scan answers remembered, the most recent ones. */
    static final int REQUEST_MEMORY = 1 << 20;

    private final Map<String, Actor> byId = new LinkedHashMap<>();
    private final Map<String, Actor> byKeyHash = new HashMap<>();
    private final Long2ObjectHashMap<UnitPosition> units = new Long2ObjectHashMap<>();
    private final Map<String, Long> orders = new HashMap<>();
    private final Map<Long, RoleOutcome> requests = new LinkedHashMap<>(1024, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(final Map.Entry<Long, RoleOutcome> eldest) {
            return size() > REQUEST_MEMORY;
        }
    };
    private final Map<String, ActorStats> stats = new HashMap<>();
    private final DiversionLog diversions = new DiversionLog();
    /** (unit, holder) pairs already logged as diverted: each is logged once. */
    private final org.agrona.collections.LongHashSet divertedPairs = new org.agrona.collections.LongHashSet();
    private final CaseBook cases = new CaseBook();
    private final java.util.function.LongFunction<Batch> batchOf;
    private volatile int actorCount;
    /** Actors known per {@link Role} ordinal; replaced (never changed in place) when an actor is created, so any thread may read it. */
    private volatile int[] actorsByRole = new int[Role.values().length];
    /** Role scans applied so far: each position remembers the number of its last one. */
    private long applied;

    /** The actor {@code id}, or null. */
    public Actor actor(final String id) {
        return byId.get(id);
    }

    /** Every actor, in the order they were created (allocates: admin reads). */
    public List<Actor> actors() {
        return new ArrayList<>(byId.values());
    }

    /** Actors known (any thread). */
    public int actorCount() {
        return actorCount;
    }

    /** Actors of {@code role} known, disabled ones included (any thread). */
    public int actorCount(final Role role) {
        return actorsByRole[role.ordinal()];
    }

    /** The enabled actor whose key has SHA-256 {@code digest}, or null. */
    public Actor byKey(final byte[] digest) {
        final Actor a = byKeyHash.get(java.util.HexFormat.of().formatHex(digest));
        return a != null && !a.disabled() && ActorKeys.matches(digest, a.keyHash()) ? a : null;
    }

    /**
     * The actor {@code spec} describes, with key hash {@code keyHash}, created at {@code now};
     * throws {@link IllegalStateException} if its id is taken, {@link IllegalArgumentException} if
     * its parent is unknown.
     */
    public Actor plan(final ActorSpec spec, final String keyHash, final long now) {
        if (byId.containsKey(spec.id())) {
            throw new IllegalStateException("actor '" + spec.id() + "' already exists");
        }
        if (spec.parent() != null && !byId.containsKey(spec.parent())) {
            throw new IllegalArgumentException("'parent': no actor '" + spec.parent() + "'");
        }
        return new Actor(spec.id(), spec.role(), spec.name(), spec.region(), spec.parent(), keyHash, false, now);
    }

    /** Creates or replaces the actor {@code a} (a new version of it: disabled, or a new key). */
    public void apply(final Actor a) {
        final Actor old = byId.put(a.id(), a);
        if (old != null) {
            byKeyHash.remove(old.keyHash());
        } else {
            final int[] counts = actorsByRole.clone();
            counts[a.role().ordinal()]++;
            actorsByRole = counts;
        }
        byKeyHash.put(a.keyHash(), a);
        actorCount = byId.size();
    }

    /** Where unit {@code codeId} stands, or null if no role scan touched it. */
    public UnitPosition position(final long codeId) {
        return units.get(codeId);
    }

    /** The outcome remembered for idempotent request {@code key}, or null. */
    public RoleOutcome answered(final long key) {
        return key == 0 ? null : requests.get(key);
    }

    /**
     * What applying {@code s} by {@code actor} would lead to, changing nothing: {@link RoleOutcome#APPLIED}
     * or why not. The caller has checked the key and the code's verdict.
     */
    public RoleOutcome check(final Actor actor, final RoleScan s) {
        if (!actor.role().may(s.action())) {
            return RoleOutcome.FORBIDDEN;
        }
        if (s.action() == Action.SHIP) {
            final Actor to = s.to() == null ? null : byId.get(s.to());
            if (to == null || to.disabled() || to.id().equals(actor.id())) {
                return RoleOutcome.UNKNOWN_TARGET;
            }
        }
        if (s.action() == Action.INSTALL) {
            final UnitPosition p = units.get(s.code());
            if (p != null && p.installer != null || s.order() != null && orders.containsKey(s.order())) {
                return RoleOutcome.ALREADY_INSTALLED;
            }
        }
        return RoleOutcome.APPLIED;
    }

    /** The install that blocks installing {@code s} (the unit's, else the order's unit's), or null. */
    public UnitPosition blockingInstall(final RoleScan s) {
        final UnitPosition p = units.get(s.code());
        if (p != null && p.installer != null) {
            return p;
        }
        final Long other = s.order() == null ? null : orders.get(s.order());
        return other == null ? null : units.get(other.longValue());
    }

    /** Applies a role scan that {@link #check} let through (or one replayed from the journal). */
    public UnitPosition apply(final RoleScan s) {
        final Actor actor = byId.get(s.actor());
        if (actor == null) {
            throw new IllegalStateException("role scan by unknown actor '" + s.actor() + "'");
        }
        final UnitPosition p = units.computeIfAbsent(s.code(), k -> new UnitPosition());
        switch (s.action()) {
            case RECEIVE -> hold(p, actor);
            case SHIP -> {
                hold(p, actor); // the shipper held it (a distributor that ships is the unit's distributor)
                hold(p, byId.get(s.to()));
            }
            case INSTALL -> {
                p.installer = actor;
                p.installStore = actor.role() == Role.STORE || actor.parent() == null ? actor : byId.getOrDefault(actor.parent(), actor);
                p.order = s.order();
                if (s.order() != null) {
                    orders.put(s.order(), s.code());
                }
            }
            default -> {
                // OPEN_BOX, SELL: recorded as the unit's last action; the holder is unchanged
            }
        }
        stats(actor.id()).count(s.action(), s.unitCount());
        p.last = s.action();
        p.at = s.at();
        p.seq = ++applied;
        if (s.request() != 0) {
            requests.put(s.request(), RoleOutcome.APPLIED);
        }
        return p;
    }

    /** Which case each unit is in. */
    public CaseBook cases() {
        return cases;
    }

    /** The case code id holding unit {@code codeId} now, 0 if none. */
    public long caseOf(final long codeId) {
        return cases.caseOf(codeId, batchOf.apply(codeId));
    }

    /** As {@link #caseOf(long)} for a code of {@code batch} (already found: no second lookup). */
    public long caseOf(final long codeId, final Batch batch) {
        return cases.caseOf(codeId, batch);
    }

    /**
     * Applies a packing or unpacking (live, after the verifier checked it, or replayed): every unit
     * first takes in where its old case had got to, then moves.
     */
    public void apply(final CaseChange c) {
        for (final long u : c.units()) {
            final long old = caseOf(u);
            final UnitPosition kase = old == 0 ? null : units.get(old);
            if (kase != null) {
                units.computeIfAbsent(u, k -> new UnitPosition()).absorb(kase);
            }
        }
        if (c.pack()) {
            cases.pack(c.caseCode(), c.units());
        } else {
            cases.unpack(c.caseCode(), c.units());
        }
    }

    /** What actor {@code id} did (created empty on first use). */
    private ActorStats stats(final String id) {
        return stats.computeIfAbsent(id, k -> new ActorStats());
    }

    /** A copy of what actor {@code id} did, or null if there is no such actor. */
    public ActorStats statsOf(final String id) {
        return byId.containsKey(id) ? stats(id).copy() : null;
    }

    /** The diversion log. */
    public DiversionLog diversions() {
        return diversions;
    }

    /** Whether unit {@code codeId} outside {@code holder}'s territory is news (not logged before). */
    public boolean newDiversion(final long codeId, final Actor holder) {
        return !divertedPairs.contains(pairKey(codeId, holder));
    }

    /** Applies a logged diversion (live, or replayed) whose journal record ends at {@code position}. */
    public void apply(final Diversion d, final long position) {
        final Actor holder = byId.get(d.actor());
        if (holder != null) {
            divertedPairs.add(pairKey(d.codeId(), holder));
        }
        stats(d.actor()).diverted++;
        diversions.append(d, position);
    }

    private static long pairKey(final long codeId, final Actor holder) {
        return codeId * 0x9E3779B97F4A7C15L ^ holder.id().hashCode();
    }

    private static void hold(final UnitPosition p, final Actor holder) {
        p.holder = holder;
        p.holderTerritory = holder.territory();
        if (holder.role() == Role.DISTRIBUTOR) {
            p.distributor = holder;
        } else if (holder.role() == Role.STORE) {
            p.store = holder;
        }
    }

    /** Snapshot, verifier thread: everything but the actors (the books section's) and the diversion log (written apart). */
    void writeState(final java.io.DataOutputStream out) throws java.io.IOException {
        out.writeLong(applied);
        ChannelSection.writeUnits(units, out);
        out.writeInt(orders.size());
        for (final Map.Entry<String, Long> e : orders.entrySet()) {
            out.writeUTF(e.getKey());
            out.writeLong(e.getValue());
        }
        out.writeInt(requests.size());
        for (final Map.Entry<Long, RoleOutcome> e : requests.entrySet()) {
            out.writeLong(e.getKey());
            out.writeByte(e.getValue().ordinal());
        }
        ChannelSection.writeStats(stats, out);
        final org.agrona.collections.LongArrayList pairs = new org.agrona.collections.LongArrayList(Math.max(1, divertedPairs.size()), Long.MIN_VALUE);
        final org.agrona.collections.LongHashSet.LongIterator it = divertedPairs.iterator();
        while (it.hasNext()) {
            pairs.addLong(it.nextValue());
        }
        ChannelSection.writeLongs(pairs, out);
        cases.writeState(out);
    }

    /** Restores what {@link #writeState} wrote into this book, which holds its actors and nothing else yet. */
    void readState(final java.io.DataInputStream in) throws java.io.IOException {
        applied = in.readLong();
        ChannelSection.readUnits(in, units, byId);
        for (int n = in.readInt(); n > 0; n--) {
            orders.put(in.readUTF(), in.readLong());
        }
        final RoleOutcome[] outcomes = RoleOutcome.values();
        for (int n = in.readInt(); n > 0; n--) {
            requests.put(in.readLong(), outcomes[in.readByte()]);
        }
        stats.clear(); // the actors' replay made empty ones
        ChannelSection.readStats(in, stats);
        final org.agrona.collections.LongArrayList pairs = ChannelSection.readLongs(in);
        for (int i = 0; i < pairs.size(); i++) {
            divertedPairs.add(pairs.getLong(i));
        }
        cases.readState(in);
    }
}
