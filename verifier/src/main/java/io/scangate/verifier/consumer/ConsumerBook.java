package io.scangate.verifier.consumer;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLongArray;

import io.scangate.verifier.journal.Journal;
import io.scangate.verifier.journal.JournalRecord;

/**
 * The consumers' lifecycle over their {@link ConsumerTable}: purchases move a consumer through
 * NEW, REPEAT and LOYAL (and win them back from LAPSING or CHURNED); the {@link #sweep} judges
 * silence as time passes. Every event goes to the journal before it is applied and then to the
 * {@link LifecycleLog}. Replay rebuilds the profiles from the CONSUMER and CODE_STATE records (a
 * purchase is a genuine first scan with a consumer: the same rule, so the same stages) and the
 * LAPSING and CHURNED events, and the log from the LIFECYCLE records.
 *
 * <p>Concurrency: single writer (the verifier thread); the figures ({@link #consumers(Stage)},
 * {@link #intervals()}) and {@link #events()} may be read from any thread.
 */
public final class ConsumerBook implements AutoCloseable {
    /** Upper bounds (days) of the repurchase interval histogram; the last bucket is everything above. */
    public static final int[] INTERVAL_DAYS = {1, 3, 7, 14, 30, 60, 90, 180, 365};
    private static final int REPEATERS = 6;
    private static final byte[] NO_BYTES = new byte[0];

    private final ConsumerTable table;
    private final LifecycleRules rules;
    private final LifecycleLog events = new LifecycleLog();
    /** Consumers by stage code (1..5), then [6] those with two purchases or more; mirrors the table's header counters. */
    private final AtomicLongArray figures = new AtomicLongArray(8);
    private final AtomicLongArray intervals = new AtomicLongArray(INTERVAL_DAYS.length + 1);
    private long sweepCursor;
    /** The consumer {@link #registerIfNew} found or made, for the {@link #purchase} that follows. */
    private long preparedHash;
    private long preparedSlot = -1;

    // the last purchase's or lookup's outcome, read by the caller right after (verifier thread)
    private int purchases;
    private Stage stage;
    private Stage priorStage;

    public ConsumerBook(final ConsumerTable table, final LifecycleRules rules) {
        this.table = table;
        this.rules = rules;
        for (int k = 1; k <= REPEATERS; k++) {
            figures.set(k, table.counter(k));
        }
    }

    /**
     * The rule of a purchase, live and in replay alike: a code's first counted scan, not answered
     * SUSPECT, made with a consumer id ({@code consumerHash} not 0).
     */
    public static boolean isPurchase(final long consumerHash, final int scanCount, final int suspectAtCount) {
        return consumerHash != 0 && scanCount == 1 && suspectAtCount != 1;
    }

    /** The log of lifecycle events. */
    public LifecycleLog events() {
        return events;
    }

    public ConsumerTable table() {
        return table;
    }

    public LifecycleRules rules() {
        return rules;
    }

    // ------------------------------------------------------------------ live, on the verifier thread

    /**
     * A genuine first scan by consumer {@code hash} (id {@code idLength} bytes of {@code id}) at
     * {@code atMillis} of a code of {@code batch}: journals the profile's creation when it is the
     * consumer's first, then (after the caller journals the scan, {@code journal}'s end being the
     * scan's record) applies it and journals its events. Then {@link #purchases()}, {@link #stage()}
     * and {@link #priorStage()} tell the outcome. False (nothing changed) when the table is full.
     */
    public boolean registerIfNew(final long hash, final byte[] id, final int idLength, final long atMillis, final Journal journal) {
        long slot = table.find(hash);
        if (slot < 0) {
            if (table.size() >= table.capacity()) {
                return false;
            }
            journal.appendKeyed(JournalRecord.TYPE_CONSUMER, hash, atMillis, 0, id, idLength);
            slot = table.insert(hash, id, idLength);
        }
        preparedHash = hash;
        preparedSlot = slot;
        return true;
    }

    /** Applies the purchase {@link #registerIfNew} prepared and journals its events; see there. */
    public void purchase(final long hash, final long atMillis, final int batch, final Journal journal) {
        final long slot = hash == preparedHash ? preparedSlot : table.find(hash); // found once, by registerIfNew
        if (slot < 0) {
            clearOutcome();
            return;
        }
        final Stage before = table.stage(slot);
        final long previousMillis = table.lastMillis(slot);
        apply(slot, atMillis, batch);
        if (before != null && purchases > 1) {
            observeInterval(atMillis - previousMillis);
        }
        if (before != null && before.silent()) {
            event(LifecycleEvent.Type.WON_BACK, slot, hash, atMillis, journal);
        }
        final LifecycleEvent.Type became = stage == before ? null : LifecycleEvent.Type.becoming(stage);
        if (became != null) {
            event(became, slot, hash, atMillis, journal);
        }
    }

    /** Fills {@link #purchases()} and {@link #stage()} of consumer {@code hash} without a purchase (prior stage: the same). */
    public void lookup(final long hash) {
        final long slot = hash == 0 ? -1 : table.find(hash);
        if (slot < 0 || table.purchases(slot) == 0) {
            clearOutcome();
            return;
        }
        purchases = table.purchases(slot);
        stage = table.stage(slot);
        priorStage = stage;
    }

    /**
     * Judges the silence of up to {@code maxSlots} slots from where the last sweep stopped, at
     * {@code nowMillis}: a consumer quiet past their lapse limit becomes LAPSING, past the churn
     * limit CHURNED (LAPSING first if they were not yet). Journals each event; returns how many.
     */
    public int sweep(final long nowMillis, final long maxSlots, final Journal journal) {
        int emitted = 0;
        final long n = Math.min(maxSlots, table.slotCount());
        for (long k = 0; k < n; k++) {
            final long slot = sweepCursor;
            sweepCursor = sweepCursor + 1 == table.slotCount() ? 0 : sweepCursor + 1;
            final long hash = table.key(slot);
            if (hash == 0 || table.purchases(slot) == 0) {
                continue;
            }
            final Stage now = table.stage(slot);
            final Stage due = rules.silenceStage(table.purchases(slot), table.firstMillis(slot), table.lastMillis(slot), nowMillis);
            if (due == null || now == Stage.CHURNED || due == now) {
                continue;
            }
            if (now != Stage.LAPSING) {
                emitted += silence(slot, hash, Stage.LAPSING, nowMillis, journal);
            }
            if (due == Stage.CHURNED) {
                emitted += silence(slot, hash, Stage.CHURNED, nowMillis, journal);
            }
        }
        return emitted;
    }

    private int silence(final long slot, final long hash, final Stage to, final long nowMillis, final Journal journal) {
        move(slot, table.stage(slot), to);
        purchases = table.purchases(slot);
        stage = to;
        event(LifecycleEvent.Type.becoming(to), slot, hash, nowMillis, journal);
        return 1;
    }

    private void event(final LifecycleEvent.Type type, final long slot, final long hash, final long atMillis, final Journal journal) {
        final String id = table.id(slot);
        final LifecycleEvent e = new LifecycleEvent(events.nextId(), type, id, hash, atMillis, table.purchases(slot), table.stage(slot));
        final byte[] bytes = id == null ? NO_BYTES : id.getBytes(StandardCharsets.UTF_8);
        journal.appendKeyed(JournalRecord.TYPE_LIFECYCLE, hash, atMillis, e.info(), bytes, bytes.length);
        events.append(e, journal.endPosition());
    }

    // ------------------------------------------------------------------ replay

    /** Replays a CONSUMER record: the profile (no purchase yet) of {@code hash} with {@code id}. */
    public void replayConsumer(final long hash, final byte[] id) {
        if (table.find(hash) < 0) {
            table.insert(hash, id, id.length);
        }
    }

    /** Replays a purchase (a CODE_STATE record of a genuine first scan with a consumer); events come from their own records. */
    public void replayPurchase(final long hash, final long atMillis, final int batch) {
        final long slot = table.find(hash);
        if (slot >= 0) {
            apply(slot, atMillis, batch);
        }
    }

    /** Replays a LIFECYCLE record: LAPSING and CHURNED set the stage (a purchase's events change nothing a purchase did not). */
    public void replayEvent(final long hash, final long info) {
        final Stage to = LifecycleEvent.stage(info);
        final LifecycleEvent.Type type = LifecycleEvent.type(info);
        final long slot = table.find(hash);
        if (slot >= 0 && to != null && (type == LifecycleEvent.Type.LAPSING || type == LifecycleEvent.Type.CHURNED)) {
            move(slot, table.stage(slot), to);
        }
    }

    /** Replays a LIFECYCLE record into the log, whose record ends at {@code position}. */
    public void replayLog(final long hash, final long atMillis, final long info, final byte[] id, final long position) {
        events.append(new LifecycleEvent(events.nextId(), LifecycleEvent.type(info), new String(id, StandardCharsets.UTF_8), hash, atMillis,
                LifecycleEvent.purchases(info), LifecycleEvent.stage(info)), position);
    }

    // ------------------------------------------------------------------ the rule, live and replayed alike

    private void apply(final long slot, final long atMillis, final int batch) {
        final Stage before = table.stage(slot);
        final int count = table.purchases(slot) + 1;
        final long first = count == 1 ? atMillis : table.firstMillis(slot);
        final Stage after = Stage.byPurchases(count);
        table.purchased(slot, count, first, Math.max(atMillis, table.lastMillis(slot)), batch, after);
        move(slot, before, after);
        if (count == 2) {
            figure(REPEATERS, 1);
        }
        purchases = count;
        stage = after;
        priorStage = before;
    }

    private void move(final long slot, final Stage from, final Stage to) {
        if (from == to) {
            return;
        }
        if (from != null) {
            figure(from.code(), -1);
        }
        figure(to.code(), 1);
        table.stage(slot, to);
    }

    private void figure(final int k, final long delta) {
        table.addCounter(k, delta);
        figures.lazySet(k, figures.get(k) + delta);
    }

    private void observeInterval(final long millis) {
        int b = 0;
        while (b < INTERVAL_DAYS.length && millis > INTERVAL_DAYS[b] * LifecycleRules.DAY_MILLIS) {
            b++;
        }
        intervals.lazySet(b, intervals.get(b) + 1);
    }

    private void clearOutcome() {
        purchases = 0;
        stage = null;
        priorStage = null;
    }

    // ------------------------------------------------------------------ outcome and figures

    /** Purchases of the consumer of the last purchase or lookup (0: none, or no profile). */
    public int purchases() {
        return purchases;
    }

    /** Stage after the last purchase or lookup, null without a profile. */
    public Stage stage() {
        return stage;
    }

    /** Stage before the last purchase (null for a first one). */
    public Stage priorStage() {
        return priorStage;
    }

    /** Consumers now in {@code stage} (any thread). */
    public long consumers(final Stage s) {
        return figures.get(s.code());
    }

    /** Consumers with at least one purchase (any thread). */
    public long buyers() {
        long n = 0;
        for (final Stage s : Stage.values()) {
            n += figures.get(s.code());
        }
        return n;
    }

    /** Consumers with two purchases or more (any thread). */
    public long repeatBuyers() {
        return figures.get(REPEATERS);
    }

    /** Repurchase intervals seen since start, by {@link #INTERVAL_DAYS} bucket (the last: longer), not cumulative (any thread). */
    public long[] intervals() {
        final long[] out = new long[intervals.length()];
        for (int i = 0; i < out.length; i++) {
            out[i] = intervals.get(i);
        }
        return out;
    }

    @Override
    public void close() {
        table.close();
    }
}
