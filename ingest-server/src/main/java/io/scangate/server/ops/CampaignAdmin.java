package io.scangate.server.ops;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.scangate.verifier.campaign.Campaign;
import io.scangate.verifier.campaign.CampaignBook;
import io.scangate.verifier.campaign.CampaignRuntime;
import io.scangate.verifier.campaign.Reward;
import io.scangate.verifier.verdict.Verifier;

/**
 * The campaign and reward-log part of the admin API:
 * {@code GET|POST /admin/campaigns}, {@code GET /admin/campaigns/{id}},
 * {@code POST /admin/campaigns/{id}/stop} and {@code GET /admin/rewards?after=&limit=&wait=}.
 * Campaign changes and consistent reads go through the ring; the reward log is read directly
 * (it shows only durable rewards).
 *
 * <p>Concurrency: stateless, shared by every ops connection; handlers and long polls run on
 * their event loops.
 */
final class CampaignAdmin {
    static final int MAX_LIMIT = 10_000;
    static final long MAX_WAIT_MILLIS = 60_000;

    private final CampaignBook book;
    private final LogPoll<Reward> rewards;

    /** A member of a cluster: campaigns travel through the cluster's log. */
    private boolean clustered;

    CampaignAdmin clustered(final boolean yes) {
        this.clustered = yes;
        return this;
    }

    CampaignAdmin(final CampaignBook book) {
        this.book = book;
        this.rewards = new LogPoll<>(book.rewards(), "rewards", Reward::rewardId, CampaignAdmin::rewardJson);
    }

    /** {@code GET /admin/campaigns}. */
    void list(final AdminExchange x) {
        final List<Object> list = new ArrayList<>();
        for (final CampaignRuntime r : book.runtimes()) {
            list.add(summary(r));
        }
        x.json(HttpResponseStatus.OK, Map.of("campaigns", list));
    }

    /** {@code POST /admin/campaigns}: creates or updates from the campaign file; 400 naming every problem. */
    void apply(final AdminExchange x) {
        final byte[] body = x.bodyBytes();
        if (!clustered) {
            x.viaRing(HttpResponseStatus.OK, v -> summary(v, v.applyCampaign(body).id()));
            return;
        }
        // every member must draw alike: a campaign without a seed gets one here, before it enters the log
        final com.fasterxml.jackson.databind.node.ObjectNode campaign = (com.fasterxml.jackson.databind.node.ObjectNode) x.jsonBody();
        if (!campaign.hasNonNull("seed")) {
            final byte[] seed = new byte[24];
            new java.security.SecureRandom().nextBytes(seed);
            campaign.put("seed", java.util.HexFormat.of().formatHex(seed));
        }
        x.viaLog(HttpResponseStatus.OK, io.scangate.verifier.cluster.ClusterCodec.OP_APPLY_CAMPAIGN, OpsResponses.bytes(campaign),
                v -> v.applyCampaign(OpsResponses.bytes(campaign)).id(), answer -> Map.of("id", answer.replace("\"", ""), "applied", true));
    }

    /** {@code GET /admin/campaigns/{id}}. */
    void show(final AdminExchange x) {
        final String id = x.capture("id");
        x.viaRing(HttpResponseStatus.OK, v -> summary(v, id));
    }

    /** {@code POST /admin/campaigns/{id}/stop}: stopping is final. */
    void stop(final AdminExchange x) {
        final String id = x.capture("id");
        x.viaRing(HttpResponseStatus.OK, v -> {
            if (v.stopCampaign(id) == null) {
                throw AdminException.notFound("no campaign " + id);
            }
            return summary(v, id);
        });
    }

    private static Map<String, Object> summary(final Verifier v, final String id) {
        final CampaignRuntime r = v.campaigns().find(id);
        if (r == null) {
            throw AdminException.notFound("no campaign " + id);
        }
        return summary(r);
    }

    /** A campaign as the admin API shows it: everything but the seed, with what it spent. */
    static Map<String, Object> summary(final CampaignRuntime r) {
        final Campaign c = r.campaign();
        final Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", c.id());
        m.put("name", c.name());
        m.put("version", c.version());
        m.put("state", c.state().name());
        m.put("running", c.runningAt(System.currentTimeMillis()));
        m.put("start", Instant.ofEpochMilli(c.startMillis()).toString());
        m.put("end", Instant.ofEpochMilli(c.endMillis()).toString());
        m.put("skus", c.skus());
        m.put("batches", c.batches());
        m.put("regions", c.regions());
        m.put("winProbability", c.winProbability());
        m.put("channel", c.target() == null ? null : Map.of("role", c.target().role().name(), "action", c.target().action().name()));
        m.put("consumers", c.audience() == null ? null : audienceJson(c.audience()));
        m.put("currency", c.currency());
        final List<Object> prizes = new ArrayList<>();
        for (int i = 0; i < c.prizes().size(); i++) {
            final Campaign.Prize p = c.prizes().get(i);
            final Map<String, Object> pm = new LinkedHashMap<>();
            pm.put("id", p.id());
            pm.put("amount", p.amount());
            pm.put("weight", p.weight());
            pm.put("limit", p.limit() == 0 ? null : p.limit());
            pm.put("winners", r.granted(i));
            prizes.add(pm);
        }
        m.put("prizes", prizes);
        m.put("budget", Map.of("count", c.budgetCount(), "amount", c.budgetAmount()));
        m.put("spent", Map.of("count", r.spentCount(), "amount", r.spentAmount()));
        m.put("remaining", Map.of("count", r.remainingCount(), "amount", r.remainingAmount()));
        final Map<String, Object> caps = new LinkedHashMap<>();
        caps.put("perDevice", zeroIsNull(c.caps().perDevice()));
        caps.put("perConsumer", zeroIsNull(c.caps().perConsumer()));
        caps.put("perDevicePerDay", zeroIsNull(c.caps().perDevicePerDay()));
        caps.put("perConsumerPerDay", zeroIsNull(c.caps().perConsumerPerDay()));
        m.put("caps", caps);
        m.put("onLimit", c.onLimit() == Campaign.Fallback.LOWER_TIER ? "lowerTier" : "none");
        m.put("updatedAt", Instant.ofEpochMilli(c.updatedAtMillis()).toString());
        return m;
    }

    private static Long zeroIsNull(final long v) {
        return v == 0 ? null : v;
    }

    /** {@code GET /admin/rewards}: a page of the reward log after {@code after}, waiting up to {@code wait} for one. */
    void rewards(final AdminExchange x) {
        rewards.answer(x);
    }

    /** A reward log entry as readers get it (one JSON line in {@code rewards tail}). */
    static Map<String, Object> rewardJson(final Reward w) {
        final Map<String, Object> m = new LinkedHashMap<>();
        m.put("rewardId", w.rewardId());
        m.put("campaign", w.campaign());
        m.put("prize", w.prize());
        m.put("amount", w.amount());
        m.put("currency", w.currency());
        m.put("code", w.code());
        m.put("device", w.device());
        m.put("consumer", w.consumer());
        if (w.actor() != null) {
            m.put("actor", w.actor()); // a B-end reward: the channel actor it goes to
        }
        m.put("region", w.region());
        m.put("at", Instant.ofEpochMilli(w.atMillis()).toString());
        return m;
    }

    /** A query parameter as a whole number in [min, max], or {@code dflt} when absent: 400 naming it otherwise. */
    static long number(final Map<String, List<String>> q, final String name, final long dflt, final long min, final long max) {
        final List<String> v = q.get(name);
        if (v == null || v.isEmpty()) {
            return dflt;
        }
        try {
            final long n = Long.parseLong(v.get(0));
            if (n < min || n > max) {
                throw new NumberFormatException();
            }
            return n;
        } catch (final NumberFormatException e) {
            throw AdminException.badRequest("'" + name + "' must be a whole number from " + min + " to " + max);
        }
    }

    /** {@code wait}: seconds ("5", "2.5") or with a unit ("500ms", "5s"); at most 60 s. */
    static long waitMillis(final Map<String, List<String>> q) {
        final List<String> v = q.get("wait");
        if (v == null || v.isEmpty() || v.get(0).isEmpty()) {
            return 0;
        }
        final String text = v.get(0).trim();
        try {
            final double millis = text.endsWith("ms") ? Double.parseDouble(text.substring(0, text.length() - 2))
                    : text.endsWith("s") ? Double.parseDouble(text.substring(0, text.length() - 1)) * 1000 : Double.parseDouble(text) * 1000;
            if (!(millis >= 0) || millis > MAX_WAIT_MILLIS) {
                throw new NumberFormatException();
            }
            return (long) millis;
        } catch (final NumberFormatException e) {
            throw AdminException.badRequest("'wait' must be a duration from 0 to 60s, such as 5, 5s or 500ms");
        }
    }

    private static Map<String, Object> audienceJson(final Campaign.Audience a) {
        final Map<String, Object> m = new LinkedHashMap<>();
        if (!a.stages().isEmpty()) {
            m.put("stages", a.stages().stream().sorted().map(Enum::name).toList());
        }
        if (a.purchase() != 0) {
            m.put("purchase", a.purchase());
        }
        return m;
    }
}
