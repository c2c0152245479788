package io.scangate.server.ops;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.scangate.verifier.channel.Action;
import io.scangate.verifier.channel.Actor;
import io.scangate.verifier.channel.ActorSpec;
import io.scangate.verifier.channel.ChannelBook;

/**
 * The channel-actor part of the admin API: {@code GET|POST /admin/actors},
 * {@code GET /admin/actors/{id}} and {@code POST /admin/actors/{id}/disable}. The channel book is
 * the verifier's own state, so every route, reads included, runs on the verifier thread through
 * the ring. An actor's key appears in the creation answer only; no answer carries its hash.
 *
 * <p>Concurrency: stateless, shared by every ops connection; handlers run on their event loops.
 */
final class ActorAdmin {
    private static final Set<String> FIELDS = Set.of("id", "role", "name", "region", "parent");

    /** {@code GET /admin/actors}: every actor, in creation order. */
    void list(final AdminExchange x) {
        x.viaRing(HttpResponseStatus.OK, v -> {
            final List<Object> list = new ArrayList<>();
            for (final Actor a : v.channel().actors()) {
                list.add(actorJson(a));
            }
            return Map.of("actors", list);
        });
    }

    /** {@code POST /admin/actors}: 201 with the actor and its key (shown this once); 400 naming every bad field; 409 id taken. */
    void create(final AdminExchange x) {
        final ActorSpec spec = spec(x.jsonBody());
        x.viaRing(HttpResponseStatus.CREATED, v -> {
            if (v.channel().actor(spec.id()) != null) {
                throw AdminException.conflict("actor '" + spec.id() + "' already exists");
            }
            final ChannelBook.Created created = v.createActor(spec); // an unknown parent: IllegalArgumentException, 400
            final Map<String, Object> m = new LinkedHashMap<>();
            m.put("actor", actorJson(created.actor()));
            m.put("key", created.key());
            return m;
        });
    }

    /** {@code GET /admin/actors/{id}}. */
    void show(final AdminExchange x) {
        final String id = x.capture("id");
        x.viaRing(HttpResponseStatus.OK, v -> actorJson(found(v.channel().actor(id), id)));
    }

    /** {@code POST /admin/actors/{id}/disable}: final and idempotent; its key stops working at once. */
    void disable(final AdminExchange x) {
        final String id = x.capture("id");
        x.viaRing(HttpResponseStatus.OK, v -> actorJson(found(v.disableActor(id), id)));
    }

    private static Actor found(final Actor a, final String id) {
        if (a == null) {
            throw AdminException.notFound("no actor '" + id + "'");
        }
        return a;
    }

    /** The validated spec of a creation body; 400 naming every unknown, mistyped or invalid field at once. */
    static ActorSpec spec(final JsonNode body) {
        final List<String> problems = new ArrayList<>();
        final Iterator<String> names = body.fieldNames();
        while (names.hasNext()) {
            final String name = names.next();
            if (!FIELDS.contains(name)) {
                problems.add("'" + name + "' is not a field of an actor (fields: id, role, region, parent, name)");
            }
        }
        final Map<String, String> text = new LinkedHashMap<>();
        for (final String field : List.of("id", "role", "name", "region", "parent")) {
            final JsonNode n = body.get(field);
            if (n != null && !n.isNull() && !n.isTextual()) {
                problems.add("'" + field + "' must be a string");
            } else {
                text.put(field, n == null || n.isNull() ? null : n.asText());
            }
        }
        try {
            final ActorSpec spec = ActorSpec.of(text.get("id"), text.get("role"), text.get("name"), text.get("region"), text.get("parent"));
            if (problems.isEmpty()) {
                return spec;
            }
        } catch (final IllegalArgumentException e) {
            for (final String p : e.getMessage().split("; ")) {
                if (!mistyped(problems, p)) {
                    problems.add(p);
                }
            }
        }
        throw AdminException.badRequest("actor refused, nothing changed: " + String.join("; ", problems));
    }

    /** Whether {@code problem} is about a field already refused as not a string (so said once). */
    private static boolean mistyped(final List<String> problems, final String problem) {
        final int end = problem.indexOf('\'', 1);
        final String field = problem.startsWith("'") && end > 0 ? problem.substring(0, end + 1) : null;
        return field != null && problems.contains(field + " must be a string");
    }

    /** An actor as the admin API shows it: never its key nor the key's hash. */
    static Map<String, Object> actorJson(final Actor a) {
        final Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", a.id());
        m.put("role", a.role().name());
        m.put("name", a.name());
        m.put("region", a.region());
        m.put("parent", a.parent());
        m.put("disabled", a.disabled());
        final List<String> actions = new ArrayList<>();
        for (final Action action : Action.values()) {
            if (a.role().may(action)) {
                actions.add(action.name());
            }
        }
        m.put("actions", actions);
        m.put("createdAt", Instant.ofEpochMilli(a.createdAt()).toString());
        return m;
    }
}
