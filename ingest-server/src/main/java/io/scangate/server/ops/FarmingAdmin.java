package io.scangate.server.ops;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.scangate.verifier.verdict.FarmingRule;
import io.scangate.verifier.verdict.FarmingRules;
import io.scangate.verifier.verdict.Verifier;

/**
 * {@code GET /admin/farming/top?limit=N}: the anti-farming rule's heaviest devices and consumers
 * of the current hour (docs/API.md#farming). The tables belong to the verifier thread, so the read
 * runs there, as an admin command through the ring.
 *
 * <p>Concurrency: stateless, shared by every ops connection; handlers run on their event loops.
 */
final class FarmingAdmin {
    static final int DEFAULT_LIMIT = 20;

    /** {@code GET /admin/farming/top}. */
    void top(final AdminExchange x) {
        final int limit = (int) CampaignAdmin.number(x.query(), "limit", DEFAULT_LIMIT, 1, FarmingRule.MAX_TOP);
        x.viaRing(HttpResponseStatus.OK, v -> topJson(v, limit));
    }

    /** Verifier thread. */
    private static Map<String, Object> topJson(final Verifier v, final int limit) {
        final FarmingRule rule = v.farming();
        final FarmingRule.Top top = v.farmingTop(limit);
        final FarmingRules settings = rule == null ? FarmingRules.OFF : rule.settings();
        final Map<String, Object> m = new LinkedHashMap<>();
        m.put("windowStart", top == null ? null : Instant.ofEpochMilli(top.windowStart()).toString());
        m.put("deviceCodesPerHour", settings.deviceCodesPerHour());
        m.put("consumerDevicesPerHour", settings.consumerDevicesPerHour());
        m.put("devices", top == null ? List.of() : offenders(top.devices(), "device", "codes"));
        m.put("consumers", top == null ? List.of() : offenders(top.consumers(), "consumer", "devices"));
        return m;
    }

    private static List<Map<String, Object>> offenders(final List<FarmingRule.Offender> list, final String who, final String what) {
        final List<Map<String, Object>> out = new ArrayList<>(list.size());
        for (final FarmingRule.Offender o : list) {
            final Map<String, Object> m = new LinkedHashMap<>();
            m.put(who, String.format("%016x", o.hash()));
            m.put(what, o.count());
            m.put("windowStart", Instant.ofEpochMilli(o.windowStart()).toString());
            m.put("over", o.over());
            out.add(m);
        }
        return out;
    }
}
