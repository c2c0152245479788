package io.scangate.server.ops;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.scangate.verifier.channel.Actor;
import io.scangate.verifier.channel.ActorStats;
import io.scangate.verifier.channel.Diversion;
import io.scangate.verifier.channel.Role;
import io.scangate.verifier.channel.UnitPosition;
import io.scangate.verifier.code.CodeAuthenticator;
import io.scangate.verifier.code.CodeFormat;

/**
 * The channel's figures as the admin API shows them: an actor's counts with its B-end rewards,
 * the totals by role, a diversion log entry, and where a code stands. Actors appear by id, times
 * as ISO 8601 (UTC). Stateless.
 */
final class ChannelFigures {
    private static final String[] COUNTS = {"received", "shipped", "opened", "sold", "installed", "diverted", "rewarded", "rewardedAmount"};

    private ChannelFigures() {
    }

    /** One actor's counts as the verifier thread copied them. */
    record Row(Actor actor, ActorStats stats) {
    }

    /** {@code GET /admin/actors/{id}/stats}: one actor's counts, in units, and its rewards. */
    static Map<String, Object> statsJson(final Row row, final RewardTally.Count rewards) {
        final ActorStats s = row.stats();
        final Map<String, Object> m = new LinkedHashMap<>();
        m.put("actor", row.actor().id());
        m.put("role", row.actor().role().name());
        final long[] values = {s.received(), s.shipped(), s.opened(), s.sold(), s.installed(), s.diverted(), rewards.rewards(), rewards.amount()};
        for (int i = 0; i < COUNTS.length; i++) {
            m.put(COUNTS[i], values[i]);
        }
        return m;
    }

    /** {@code GET /admin/channel/stats}: every actor's counts, and per role the sums and how many actors it has. */
    static Map<String, Object> channelJson(final List<Row> rows, final Map<String, RewardTally.Count> rewards) {
        final List<Object> actors = new ArrayList<>(rows.size());
        final Map<String, Map<String, Object>> byRole = new LinkedHashMap<>();
        for (final Role r : Role.values()) {
            final Map<String, Object> totals = new LinkedHashMap<>();
            totals.put("actors", 0L);
            for (final String c : COUNTS) {
                totals.put(c, 0L);
            }
            byRole.put(r.name(), totals);
        }
        for (final Row row : rows) {
            final Map<String, Object> one = statsJson(row, rewards.getOrDefault(row.actor().id(), RewardTally.Count.NONE));
            actors.add(one);
            final Map<String, Object> totals = byRole.get(row.actor().role().name());
            totals.merge("actors", 1L, ChannelFigures::sum);
            for (final String c : COUNTS) {
                totals.merge(c, one.get(c), ChannelFigures::sum);
            }
        }
        final Map<String, Object> m = new LinkedHashMap<>();
        m.put("actors", actors);
        m.put("byRole", byRole);
        return m;
    }

    private static Object sum(final Object a, final Object b) {
        return (Long) a + (Long) b;
    }

    /** A diversion log entry (one JSON line in {@code diversions tail}); {@code case} is the case code's text, or null. */
    static Map<String, Object> diversionJson(final Diversion d, final CodeAuthenticator authenticator) {
        final Map<String, Object> m = new LinkedHashMap<>();
        m.put("diversionId", d.diversionId());
        m.put("code", d.code());
        m.put("case", d.caseCodeId() == 0 ? null
                : authenticator.issue(CodeFormat.keyIdOf(d.caseCodeId()), CodeFormat.serialOf(d.caseCodeId())));
        m.put("actor", d.actor());
        m.put("role", d.role() == null ? null : d.role().name());
        m.put("territory", d.territory());
        m.put("plannedRegion", d.plannedRegion());
        m.put("scannedRegion", d.scannedRegion());
        m.put("scannedAt", iso(d.scannedAt()));
        m.put("placedAt", iso(d.placedAt()));
        m.put("device", d.device());
        return m;
    }

    /**
     * Where a code stands, from its own position and its case's ({@code kase}, null for a code
     * outside any case): the newer by role-scan order wins, as in a scan answer; the install is
     * always the unit's own. Null when no role scan placed either.
     */
    static Map<String, Object> positionJson(final UnitPosition unit, final UnitPosition kase) {
        if (unit == null && kase == null) {
            return null;
        }
        final boolean unitNewer = kase == null || unit != null && unit.seq() > kase.seq();
        final UnitPosition first = unitNewer ? unit : kase;
        final UnitPosition second = unitNewer ? kase : unit;
        final Map<String, Object> m = new LinkedHashMap<>();
        m.put("holder", id(first.holder() != null || second == null ? first.holder() : second.holder()));
        m.put("distributor", id(first.distributor() != null || second == null ? first.distributor() : second.distributor()));
        m.put("store", id(first.store() != null || second == null ? first.store() : second.store()));
        m.put("installedBy", unit == null ? null : id(unit.installer()));
        m.put("installStore", unit == null ? null : id(unit.installStore()));
        m.put("order", unit == null ? null : unit.order());
        m.put("last", first.last() == null ? null : first.last().name());
        m.put("at", iso(first.at()));
        return m;
    }

    private static String id(final Actor a) {
        return a == null ? null : a.id();
    }

    private static String iso(final long millis) {
        return millis == 0 ? null : Instant.ofEpochMilli(millis).toString();
    }
}
