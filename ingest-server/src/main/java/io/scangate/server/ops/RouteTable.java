package io.scangate.server.ops;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

import io.netty.handler.codec.http.HttpMethod;

/**
 * Routes as a table, so each route is registered once: method, path pattern with {@code {name}}
 * captures ({@code /admin/batches/{id}/codes}), and the handler. A lookup names the handler and
 * its captures, or says the path is unknown (404), or which methods it has (405 with {@code Allow}).
 * The first matching route registered wins; a capture matches one non-empty path segment.
 *
 * <p>Concurrency: immutable once built; any thread may look up.
 *
 * @param <H> what answers a request
 */
final class RouteTable<H> {
    private final List<Route<H>> routes;

    private RouteTable(final List<Route<H>> routes) {
        this.routes = List.copyOf(routes);
    }

    static <H> Builder<H> builder() {
        return new Builder<>();
    }

    /**
     * The route for {@code method} and {@code path} (no query). Segments split as
     * {@link String#split} does, so a trailing slash is ignored ({@code /admin/batches/}).
     */
    Match<H> match(final HttpMethod method, final String path) {
        final String[] segments = path.split("/");
        Match<H> found = null;
        final StringJoiner allow = new StringJoiner(", ");
        final List<HttpMethod> seen = new ArrayList<>(2);
        for (final Route<H> route : routes) {
            final Map<String, String> captures = route.capture(segments);
            if (captures == null) {
                continue;
            }
            if (found == null && route.method.equals(method)) {
                found = new Match<>(route.handler, captures, null, route.pattern);
            }
            if (!seen.contains(route.method)) {
                seen.add(route.method);
                allow.add(route.method.name());
            }
        }
        if (found != null) {
            return found;
        }
        return new Match<>(null, Map.of(), seen.isEmpty() ? null : allow.toString(), null);
    }

    /**
     * What a lookup found: the {@code handler} with its {@code captures} (raw, still
     * percent-encoded); or, for a path whose routes take other methods, only {@code allow}
     * ({@code "GET, POST"}); or neither, for a path no route has. {@code pattern}: the route's
     * ({@code /admin/links/{gtin}}), the audit log's name for the action.
     */
    record Match<H>(H handler, Map<String, String> captures, String allow, String pattern) {
        boolean found() {
            return handler != null;
        }
    }

    /** Collects routes in order; refuses a malformed pattern or a route registered twice. */
    static final class Builder<H> {
        private final List<Route<H>> routes = new ArrayList<>();

        Builder<H> add(final HttpMethod method, final String pattern, final H handler) {
            if (!pattern.startsWith("/") || handler == null) {
                throw new IllegalArgumentException("route " + method + " " + pattern + ": pattern must start with '/' and have a handler");
            }
            for (final Route<H> r : routes) {
                if (r.method.equals(method) && r.pattern.equals(pattern)) {
                    throw new IllegalArgumentException("route " + method + " " + pattern + " is registered twice");
                }
            }
            routes.add(new Route<>(method, pattern, handler));
            return this;
        }

        RouteTable<H> build() {
            return new RouteTable<>(routes);
        }
    }

    /** One registered route: per pattern segment, the literal it must equal or the name it captures under. */
    private static final class Route<H> {
        final HttpMethod method;
        final String pattern;
        final H handler;
        private final String[] literals;
        private final String[] names;

        Route(final HttpMethod method, final String pattern, final H handler) {
            this.method = method;
            this.pattern = pattern;
            this.handler = handler;
            final String[] parts = pattern.split("/");
            this.literals = new String[parts.length];
            this.names = new String[parts.length];
            for (int i = 0; i < parts.length; i++) {
                final String p = parts[i];
                if (p.length() > 2 && p.startsWith("{") && p.endsWith("}")) {
                    names[i] = p.substring(1, p.length() - 1);
                } else if (p.indexOf('{') >= 0 || p.indexOf('}') >= 0) {
                    throw new IllegalArgumentException("route " + pattern + ": a capture is a whole segment, such as {id}");
                } else {
                    literals[i] = p;
                }
            }
        }

        /** The captures if {@code segments} match this pattern, else null. */
        Map<String, String> capture(final String[] segments) {
            if (segments.length != literals.length) {
                return null;
            }
            Map<String, String> captures = Map.of();
            for (int i = 0; i < segments.length; i++) {
                if (names[i] == null) {
                    if (!literals[i].equals(segments[i])) {
                        return null;
                    }
                } else if (segments[i].isEmpty()) {
                    return null;
                } else {
                    if (captures.isEmpty()) {
                        captures = new LinkedHashMap<>(4);
                    }
                    captures.put(names[i], segments[i]);
                }
            }
            return captures;
        }
    }
}
