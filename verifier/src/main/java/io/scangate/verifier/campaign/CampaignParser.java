package io.scangate.verifier.campaign;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.scangate.verifier.channel.Action;
import io.scangate.verifier.channel.Role;

import io.scangate.verifier.ledger.Regions;

/**
 * Reads a campaign file (JSON) and checks every field, collecting every problem with its JSON
 * path before refusing: an operator fixes a file in one round. The result has no number and no
 * version yet; {@link CampaignBook#plan} gives them.
 *
 * <p>Concurrency: stateless, any thread.
 */
public final class CampaignParser {
    public static final int MAX_PRIZES = 32;
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern REGION = Pattern.compile("[A-Z]{2}(-[A-Z0-9]{1,3})?");
    private static final Set<String> FIELDS = Set.of("id", "name", "start", "end", "skus", "batches", "regions", "winProbability",
            "currency", "prizes", "budget", "caps", "onLimit", "seed", "channel", "consumers");
    private static final Set<String> PRIZE_FIELDS = Set.of("id", "amount", "weight", "limit");
    private static final Set<String> BUDGET_FIELDS = Set.of("count", "amount");
    private static final Set<String> CAP_FIELDS = Set.of("perDevice", "perConsumer", "perDevicePerDay", "perConsumerPerDay");

    private CampaignParser() {
    }

    /** Parses and validates {@code json}; throws {@link CampaignRejectedException} naming every problem. */
    public static Campaign parse(final byte[] json) {
        final JsonNode root = readObject(json);
        final List<CampaignProblem> problems = new ArrayList<>();
        final Checker c = new Checker(problems);
        c.unknownFields(root, "", FIELDS);
        final String id = c.requiredId(root, "id");
        final String name = root.has("name") ? c.string(root, "name", 1, 200) : id;
        final Long start = c.instant(root, "start");
        final Long end = c.instant(root, "end");
        if (start != null && end != null && end <= start) {
            problems.add(new CampaignProblem("end", "must be after start"));
        }
        final Set<String> skus = skus(root, c, problems);
        final Set<Long> batches = batches(root, c, problems);
        final List<String> regions = regions(root, c, problems);
        final double p = winProbability(root, problems);
        final String currency = currency(root, problems);
        final JsonNode budget = root.get("budget");
        final long[] budgets = budget(budget, c, problems);
        final Campaign.Caps caps = caps(root.get("caps"), c, problems);
        final boolean amountKnown = budget != null && budget.isObject() && budget.has("amount") && budgets[1] >= 0;
        final List<Campaign.Prize> prizes = prizes(root.get("prizes"), amountKnown ? budgets[1] : Long.MAX_VALUE, c, problems);
        final Campaign.Fallback onLimit = onLimit(root.get("onLimit"), problems);
        final long[] seed = seed(root.get("seed"), problems);
        final Campaign.Target target = target(root.get("channel"), problems);
        final Campaign.Audience audience = AudienceParser.audience(root.get("consumers"), problems);
        if (audience != null && root.get("channel") != null && !root.get("channel").isNull()) {
            problems.add(new CampaignProblem("consumers", "a B-end campaign (channel) rewards actors, not consumers: give one of the two"));
        }
        if (!problems.isEmpty()) {
            throw new CampaignRejectedException(problems);
        }
        return new Campaign(id, name, start, end, Set.copyOf(skus), Set.copyOf(batches), List.copyOf(regions), p, currency,
                List.copyOf(prizes), budgets[0], budgets[1], caps, onLimit, 0, 0, seed[0], seed[1], seed != NO_SEED,
                Campaign.State.ACTIVE, 0, target, audience);
    }

    /** {@code "channel": {"role", "action"}}: a B-end campaign; absent or null: a consumer campaign. */
    private static Campaign.Target target(final JsonNode n, final List<CampaignProblem> problems) {
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isObject() || n.size() != 2 || !n.has("role") || !n.has("action")) {
            problems.add(new CampaignProblem("channel", "must be an object {\"role\", \"action\"} (a B-end campaign)"));
            return null;
        }
        final Role role = n.get("role").isTextual() ? Role.named(n.get("role").textValue()) : null;
        final Action action = n.get("action").isTextual() ? Action.named(n.get("action").textValue()) : null;
        if (role == null) {
            problems.add(new CampaignProblem("channel.role", "must be one of DISTRIBUTOR, STORE, INSTALLER, GUIDE"));
        }
        if (action == null) {
            problems.add(new CampaignProblem("channel.action", "must be one of RECEIVE, SHIP, OPEN_BOX, SELL, INSTALL"));
        }
        if (role != null && action != null && !role.may(action)) {
            problems.add(new CampaignProblem("channel", "a " + role + " never makes a " + action + " scan"));
        }
        return role == null || action == null ? null : new Campaign.Target(role, action);
    }

    private static final long[] NO_SEED = {0, 0};

    private static JsonNode readObject(final byte[] json) {
        final JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (final JsonProcessingException e) {
            throw new CampaignRejectedException(List.of(new CampaignProblem("$", "not valid JSON" + JsonSyntax.where(e) + ": " + e.getOriginalMessage())));
        } catch (final IOException e) {
            throw new CampaignRejectedException(List.of(new CampaignProblem("$", "unreadable: " + e.getMessage())));
        }
        if (root == null || !root.isObject()) {
            throw new CampaignRejectedException(List.of(new CampaignProblem("$", "must be a JSON object")));
        }
        return root;
    }

    private static Set<String> skus(final JsonNode root, final Checker c, final List<CampaignProblem> problems) {
        final Set<String> skus = new LinkedHashSet<>();
        c.array(root, "skus", (node, path) -> {
            if (!node.isTextual() || node.asText().isBlank() || node.asText().length() > 64) {
                problems.add(new CampaignProblem(path, "must be a non-blank string of at most 64 characters"));
            } else {
                skus.add(node.asText());
            }
        });
        return skus;
    }

    private static Set<Long> batches(final JsonNode root, final Checker c, final List<CampaignProblem> problems) {
        final Set<Long> batches = new LinkedHashSet<>();
        c.array(root, "batches", (node, path) -> {
            if (!node.canConvertToExactIntegral() || !node.canConvertToLong() || node.asLong() < 1) {
                problems.add(new CampaignProblem(path, "must be a batch id (a positive integer)"));
            } else {
                batches.add(node.asLong());
            }
        });
        return batches;
    }

    private static List<String> regions(final JsonNode root, final Checker c, final List<CampaignProblem> problems) {
        final List<String> regions = new ArrayList<>();
        c.array(root, "regions", (node, path) -> {
            if (!node.isTextual() || !REGION.matcher(node.asText()).matches() || node.asText().length() > Regions.MAX_LENGTH) {
                problems.add(new CampaignProblem(path, "must be an ISO 3166 code or prefix such as CN or CN-31"));
            } else if (!regions.contains(node.asText())) {
                regions.add(node.asText());
            }
        });
        return regions;
    }

    private static double winProbability(final JsonNode root, final List<CampaignProblem> problems) {
        final JsonNode prob = root.get("winProbability");
        if (prob == null || prob.isNull()) {
            problems.add(new CampaignProblem("winProbability", "is required"));
        } else if (!prob.isNumber() || prob.asDouble() < 0 || prob.asDouble() > 1 || Double.isNaN(prob.asDouble())) {
            problems.add(new CampaignProblem("winProbability", "must be a number from 0 to 1"));
        } else {
            return prob.asDouble();
        }
        return 0;
    }

    private static String currency(final JsonNode root, final List<CampaignProblem> problems) {
        final JsonNode cur = root.get("currency");
        if (cur == null || cur.isNull()) {
            problems.add(new CampaignProblem("currency", "is required"));
        } else if (!cur.isTextual() || CurrencyCode.problem(cur.asText()) != null) {
            problems.add(new CampaignProblem("currency", cur.isTextual() ? CurrencyCode.problem(cur.asText())
                    : "must be an ISO 4217 code of 3 capital letters, such as CNY"));
        } else {
            return cur.asText();
        }
        return null;
    }

    /**
     * {count, amount} of {@code budget}; zeros where missing, and an amount of -1 where invalid
     * (with the problem recorded), so that the prizes are not also measured against a made-up 0.
     */
    private static long[] budget(final JsonNode budget, final Checker c, final List<CampaignProblem> problems) {
        if (budget == null || budget.isNull()) {
            problems.add(new CampaignProblem("budget", "is required: {\"count\": N, \"amount\": M}"));
        } else if (!budget.isObject()) {
            problems.add(new CampaignProblem("budget", "must be an object {\"count\": N, \"amount\": M}"));
        } else {
            c.unknownFields(budget, "budget.", BUDGET_FIELDS);
            final long count = c.requiredLong(budget, "budget.", "count", 1);
            final int before = problems.size();
            final long amount = c.requiredLong(budget, "budget.", "amount", 0);
            return new long[] {count, problems.size() == before ? amount : -1};
        }
        return new long[] {0, 0};
    }

    private static Campaign.Caps caps(final JsonNode capsNode, final Checker c, final List<CampaignProblem> problems) {
        if (capsNode == null || capsNode.isNull()) {
            return Campaign.Caps.NONE;
        }
        if (!capsNode.isObject()) {
            problems.add(new CampaignProblem("caps", "must be an object"));
            return Campaign.Caps.NONE;
        }
        c.unknownFields(capsNode, "caps.", CAP_FIELDS);
        return new Campaign.Caps(c.optionalLong(capsNode, "caps.", "perDevice", 1), c.optionalLong(capsNode, "caps.", "perConsumer", 1),
                c.optionalLong(capsNode, "caps.", "perDevicePerDay", 1), c.optionalLong(capsNode, "caps.", "perConsumerPerDay", 1));
    }

    /** The prize tiers; {@code budgetAmount} is Long.MAX_VALUE when the budget's amount is unknown (not checked against). */
    private static List<Campaign.Prize> prizes(final JsonNode prizesNode, final long budgetAmount, final Checker c,
                                               final List<CampaignProblem> problems) {
        final List<Campaign.Prize> prizes = new ArrayList<>();
        if (prizesNode == null || prizesNode.isNull()) {
            problems.add(new CampaignProblem("prizes", "is required: at least one {\"id\", \"amount\", \"weight\"}"));
            return prizes;
        }
        if (!prizesNode.isArray() || prizesNode.isEmpty() || prizesNode.size() > MAX_PRIZES) {
            problems.add(new CampaignProblem("prizes", "must be an array of 1 to " + MAX_PRIZES + " prize tiers"));
            return prizes;
        }
        final Set<String> ids = new java.util.HashSet<>();
        for (int i = 0; i < prizesNode.size(); i++) {
            final JsonNode prize = prizesNode.get(i);
            final String path = "prizes[" + i + "].";
            if (!prize.isObject()) {
                problems.add(new CampaignProblem("prizes[" + i + "]", "must be an object {\"id\", \"amount\", \"weight\", \"limit\"?}"));
                continue;
            }
            c.unknownFields(prize, path, PRIZE_FIELDS);
            final String prizeId = c.requiredId(prize, path + "id", "id");
            if (prizeId != null && !ids.add(prizeId)) {
                problems.add(new CampaignProblem(path + "id", "duplicates another prize's id"));
            }
            final long amount = c.requiredLong(prize, path, "amount", 0);
            final long weight = c.requiredLong(prize, path, "weight", 1);
            final long limit = c.optionalLong(prize, path, "limit", 1);
            if (amount > budgetAmount) {
                problems.add(new CampaignProblem(path + "amount", "exceeds budget.amount (" + budgetAmount + "): it could never be paid"));
            }
            if (weight > 1_000_000_000L) {
                problems.add(new CampaignProblem(path + "weight", "must be at most 1000000000"));
            }
            prizes.add(new Campaign.Prize(prizeId, amount, weight, limit));
        }
        return prizes;
    }

    private static Campaign.Fallback onLimit(final JsonNode fallback, final List<CampaignProblem> problems) {
        if (fallback == null || fallback.isNull() || "none".equals(fallback.asText()) && fallback.isTextual()) {
            return Campaign.Fallback.NONE;
        }
        if ("lowerTier".equals(fallback.asText()) && fallback.isTextual()) {
            return Campaign.Fallback.LOWER_TIER;
        }
        problems.add(new CampaignProblem("onLimit", "must be \"none\" or \"lowerTier\""));
        return Campaign.Fallback.NONE;
    }

    /** The draw key of a given seed, or {@link #NO_SEED} (one is generated when the campaign is planned). */
    private static long[] seed(final JsonNode seed, final List<CampaignProblem> problems) {
        if (seed == null || seed.isNull()) {
            return NO_SEED;
        }
        if (!seed.isTextual() || seed.asText().length() < 16 || seed.asText().length() > 256) {
            problems.add(new CampaignProblem("seed", "must be a secret string of 16 to 256 characters (or absent: one is generated)"));
            return NO_SEED;
        }
        return seedKey(seed.asText());
    }

    /** The 128-bit draw key of a seed string: the first 16 bytes of its SHA-256. */
    static long[] seedKey(final String seed) {
        try {
            final byte[] d = MessageDigest.getInstance("SHA-256").digest(seed.getBytes(StandardCharsets.UTF_8));
            final java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(d);
            return new long[] {b.getLong(), b.getLong()};
        } catch (final NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    }

    private interface ElementCheck {
        void check(JsonNode node, String path);
    }

    /** Field checks that record problems instead of throwing. */
    private static final class Checker {
        private final List<CampaignProblem> problems;

        Checker(final List<CampaignProblem> problems) {
            this.problems = problems;
        }

        void unknownFields(final JsonNode node, final String prefix, final Set<String> known) {
            for (final Map.Entry<String, JsonNode> field : node.properties()) {
                if (!known.contains(field.getKey())) {
                    problems.add(new CampaignProblem(prefix + field.getKey(), "unknown field"));
                }
            }
        }

        String requiredId(final JsonNode node, final String field) {
            return requiredId(node, field, field);
        }

        String requiredId(final JsonNode node, final String path, final String field) {
            final JsonNode v = node.get(field);
            if (v == null || v.isNull()) {
                problems.add(new CampaignProblem(path, "is required"));
                return null;
            }
            if (!v.isTextual() || !ID.matcher(v.asText()).matches()) {
                problems.add(new CampaignProblem(path, "must be 1 to 64 characters of A-Z a-z 0-9 . _ - (starting with a letter or digit)"));
                return null;
            }
            return v.asText();
        }

        String string(final JsonNode node, final String field, final int min, final int max) {
            final JsonNode v = node.get(field);
            if (v == null || !v.isTextual() || v.asText().length() < min || v.asText().length() > max) {
                problems.add(new CampaignProblem(field, "must be a string of " + min + " to " + max + " characters"));
                return null;
            }
            return v.asText();
        }

        Long instant(final JsonNode node, final String field) {
            final JsonNode v = node.get(field);
            if (v == null || v.isNull()) {
                problems.add(new CampaignProblem(field, "is required (UTC, e.g. 2026-06-01T00:00:00Z)"));
                return null;
            }
            if (!v.isTextual()) {
                problems.add(new CampaignProblem(field, "must be an ISO-8601 UTC instant such as 2026-06-01T00:00:00Z"));
                return null;
            }
            try {
                return Instant.parse(v.asText()).toEpochMilli();
            } catch (final DateTimeParseException | ArithmeticException e) {
                problems.add(new CampaignProblem(field, "must be an ISO-8601 UTC instant such as 2026-06-01T00:00:00Z"));
                return null;
            }
        }

        void array(final JsonNode node, final String field, final ElementCheck check) {
            final JsonNode v = node.get(field);
            if (v == null || v.isNull()) {
                return;
            }
            if (!v.isArray()) {
                problems.add(new CampaignProblem(field, "must be an array"));
                return;
            }
            if (v.size() > 10_000) {
                problems.add(new CampaignProblem(field, "must hold at most 10000 entries"));
                return;
            }
            for (int i = 0; i < v.size(); i++) {
                check.check(v.get(i), field + "[" + i + "]");
            }
        }

        long requiredLong(final JsonNode node, final String prefix, final String field, final long min) {
            final JsonNode v = node.get(field);
            if (v == null || v.isNull()) {
                problems.add(new CampaignProblem(prefix + field, "is required"));
                return 0;
            }
            return checkedLong(v, prefix + field, min);
        }

        long optionalLong(final JsonNode node, final String prefix, final String field, final long min) {
            final JsonNode v = node.get(field);
            return v == null || v.isNull() ? 0 : checkedLong(v, prefix + field, min);
        }

        private long checkedLong(final JsonNode v, final String path, final long min) {
            if (!v.isIntegralNumber() || !v.canConvertToLong() || v.asLong() < min || v.asLong() > Long.MAX_VALUE / 4) {
                problems.add(new CampaignProblem(path, "must be a whole number of at least " + min));
                return 0;
            }
            return v.asLong();
        }
    }
}
