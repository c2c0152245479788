package io.scangate.server.ops;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.scangate.server.intake.ScanFieldRules;
import io.scangate.verifier.batch.Batch;
import io.scangate.verifier.batch.BatchRegistry;
import io.scangate.verifier.consumer.ConsumerBook;
import io.scangate.verifier.consumer.ConsumerTable;
import io.scangate.verifier.consumer.LifecycleEvent;
import io.scangate.verifier.consumer.LifecycleLog;
import io.scangate.verifier.consumer.LifecycleRules;
import io.scangate.verifier.consumer.Stage;
import io.scangate.verifier.ledger.Hashing;

/**
 * The consumers in the admin API (docs/CONSUMERS.md): {@code GET /admin/events?after=&limit=&wait=}
 * (the lifecycle event log, read on the event loop: it shows only durable events),
 * {@code GET /admin/consumers/{id}} (one profile) and {@code GET /admin/consumers} (the figures).
 * Profiles and figures are the verifier's state, copied on its thread through the ring.
 *
 * <p>Concurrency: shared by every ops connection; handlers and long polls run on their event loops.
 */
final class ConsumerAdmin {
    private final LogPoll<LifecycleEvent> events;
    private final BatchRegistry batches;

    ConsumerAdmin(final LifecycleLog log, final BatchRegistry batches) {
        this.events = new LogPoll<>(log, "events", LifecycleEvent::eventId, ConsumerAdmin::eventJson);
        this.batches = batches;
    }

    /** {@code GET /admin/events}: a page of the lifecycle event log after {@code after}, waiting up to {@code wait} for one. */
    void events(final AdminExchange x) {
        events.answer(x);
    }

    /** A lifecycle event as readers get it (one JSON line in {@code events tail}). */
    static Map<String, Object> eventJson(final LifecycleEvent e) {
        final Map<String, Object> m = new LinkedHashMap<>();
        m.put("eventId", e.eventId());
        m.put("type", e.type() == null ? null : e.type().name());
        m.put("consumer", e.consumer());
        m.put("at", Instant.ofEpochMilli(e.atMillis()).toString());
        m.put("purchases", e.purchases());
        m.put("stage", e.stage() == null ? null : e.stage().name());
        return m;
    }

    /** {@code GET /admin/consumers/{id}}: the profile of consumer {@code id}; 400 for what cannot be an id, 404 without purchases. */
    void show(final AdminExchange x) {
        final String id = x.capture("id");
        if (!ScanFieldRules.id(id)) {
            throw AdminException.badRequest("consumer id must be 1 to " + ScanFieldRules.MAX_ID_CHARACTERS
                    + " characters without control characters");
        }
        final byte[] bytes = id.getBytes(StandardCharsets.UTF_8);
        final long hash = Hashing.hash(bytes, 0, bytes.length);
        x.viaRing(HttpResponseStatus.OK, v -> profile(v.consumers().table(), hash, id), this::profileJson);
    }

    /** What the verifier thread copies of one profile. */
    private record Profile(String consumer, int purchases, Stage stage, long firstMillis, long lastMillis, int lastBatch) {
    }

    private static Profile profile(final ConsumerTable table, final long hash, final String id) {
        final long slot = hash == 0 ? -1 : table.find(hash);
        if (slot < 0 || table.purchases(slot) == 0) {
            throw AdminException.notFound("no purchases by consumer '" + id + "'");
        }
        final String stored = table.id(slot);
        return new Profile(stored == null ? id : stored, table.purchases(slot), table.stage(slot), table.firstMillis(slot),
                table.lastMillis(slot), table.lastBatch(slot));
    }

    private Object profileJson(final Profile p) {
        final Map<String, Object> m = new LinkedHashMap<>();
        m.put("consumer", p.consumer());
        m.put("purchases", p.purchases());
        m.put("stage", p.stage() == null ? null : p.stage().name());
        m.put("firstPurchase", Instant.ofEpochMilli(p.firstMillis()).toString());
        m.put("lastPurchase", Instant.ofEpochMilli(p.lastMillis()).toString());
        m.put("meanIntervalDays", p.purchases() < 2 ? null
                : Math.round((double) (p.lastMillis() - p.firstMillis()) / (p.purchases() - 1) / LifecycleRules.DAY_MILLIS * 1000) / 1000.0);
        m.put("lastBatch", p.lastBatch());
        final Batch batch = batches.index().byId(p.lastBatch());
        m.put("lastSku", batch == null ? null : batch.sku());
        return m;
    }

    /** {@code GET /admin/consumers}: consumers by stage, buyers, repeat buyers, repurchase rate, the interval histogram, the table's fill. */
    void stats(final AdminExchange x) {
        x.viaRing(HttpResponseStatus.OK, v -> statsJson(v.consumers()));
    }

    static Map<String, Object> statsJson(final ConsumerBook book) {
        final Map<String, Object> m = new LinkedHashMap<>();
        final Map<String, Object> byStage = new LinkedHashMap<>();
        for (final Stage s : Stage.values()) {
            byStage.put(s.name(), book.consumers(s));
        }
        m.put("byStage", byStage);
        final long buyers = book.buyers();
        final long repeat = book.repeatBuyers();
        m.put("buyers", buyers);
        m.put("repeatBuyers", repeat);
        m.put("repurchaseRate", repurchaseRate(buyers, repeat));
        final long[] counts = book.intervals();
        final List<Object> intervals = new ArrayList<>(counts.length);
        for (int i = 0; i < counts.length; i++) {
            final Map<String, Object> b = new LinkedHashMap<>();
            b.put("upToDays", i < ConsumerBook.INTERVAL_DAYS.length ? ConsumerBook.INTERVAL_DAYS[i] : null);
            b.put("count", counts[i]);
            intervals.add(b);
        }
        m.put("intervalDays", intervals);
        m.put("size", book.table().size());
        m.put("capacity", book.table().capacity());
        m.put("events", book.events().lastVisibleId());
        return m;
    }

    /** Repeat buyers / buyers, 0 without buyers. */
    static double repurchaseRate(final long buyers, final long repeatBuyers) {
        return buyers == 0 ? 0 : (double) repeatBuyers / buyers;
    }
}
