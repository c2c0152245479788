package io.scangate.server.http;

import java.nio.charset.StandardCharsets;

/** Path and query of a request URI, percent-decoded; {@code null} for what is absent or undecodable. */
final class Uris {
    private Uris() {
    }

    /** The URI without its query. */
    static String path(final String uri) {
        final int q = uri.indexOf('?');
        return q < 0 ? uri : uri.substring(0, q);
    }

    /** The first value of query parameter {@code name}, decoded; null if absent or malformed. */
    static String param(final String uri, final String name) {
        final int q = uri.indexOf('?');
        if (q < 0) {
            return null;
        }
        for (final String pair : uri.substring(q + 1).split("&")) {
            final int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals(name)) {
                return decode(pair.substring(eq + 1));
            }
        }
        return null;
    }

    /** Percent-decodes {@code s} (and {@code +} as space); null if it is malformed. */
    static String decode(final String s) {
        if (s.indexOf('%') < 0 && s.indexOf('+') < 0) {
            return s;
        }
        try {
            return java.net.URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (final IllegalArgumentException e) {
            return null;
        }
    }
}
