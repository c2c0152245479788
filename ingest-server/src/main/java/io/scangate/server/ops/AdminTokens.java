package io.scangate.server.ops;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;

/**
 * The admin bearer tokens and their names, which the audit log records as who made an action:
 * the server's token ({@code SCANGATE_ADMIN_TOKEN} or {@code <data dir>/admin-token}) is named
 * {@code admin}; {@code <data dir>/admin-tokens}, when present, adds one named token per line,
 * {@code NAME TOKEN} ({@code #} starts a comment), for the people and systems that operate the
 * server. Every token is compared in constant time.
 *
 * <p>Immutable.
 */
public final class AdminTokens {
    public static final String FILE_NAME = "admin-tokens";
    public static final String MAIN_NAME = "admin";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}");

    private final Map<String, byte[]> byName;

    private AdminTokens(final Map<String, byte[]> byName) {
        this.byName = byName;
    }

    /** Only the server's token. */
    public static AdminTokens single(final String token) {
        return new AdminTokens(Map.of(MAIN_NAME, token.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * The server's token and those of {@code file} if it exists; throws {@link IllegalArgumentException}
     * naming the line of a bad entry (a name that is not 1..64 of letters, digits and {@code ._@-}, a
     * token under 16 characters, a name or token used twice).
     */
    public static AdminTokens load(final String mainToken, final Path file) {
        final Map<String, byte[]> m = new LinkedHashMap<>();
        m.put(MAIN_NAME, mainToken.getBytes(StandardCharsets.UTF_8));
        if (file == null || !Files.exists(file)) {
            return new AdminTokens(Map.copyOf(m));
        }
        final List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        for (int i = 0; i < lines.size(); i++) {
            final String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            final String[] parts = line.split("\\s+");
            final String at = file + " line " + (i + 1) + ": ";
            if (parts.length != 2 || !NAME.matcher(parts[0]).matches()) {
                throw new IllegalArgumentException(at + "expected 'NAME TOKEN', NAME 1 to 64 of letters, digits and ._@-");
            }
            if (parts[1].length() < 16) {
                throw new IllegalArgumentException(at + "the token of " + parts[0] + " must be at least 16 characters");
            }
            final byte[] token = parts[1].getBytes(StandardCharsets.UTF_8);
            if (m.containsKey(parts[0]) || m.values().stream().anyMatch(t -> MessageDigest.isEqual(t, token))) {
                throw new IllegalArgumentException(at + "name or token of " + parts[0] + " used twice (the server's own token is named admin)");
            }
            m.put(parts[0], token);
        }
        return new AdminTokens(Map.copyOf(m));
    }

    /** The name of the token {@code headers} carry as {@code Authorization: Bearer ...}, or null if none matches. */
    public String nameOf(final HttpHeaders headers) {
        final String header = headers.get(HttpHeaderNames.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        final byte[] given = header.substring(7).trim().getBytes(StandardCharsets.UTF_8);
        String found = null;
        for (final Map.Entry<String, byte[]> e : byName.entrySet()) {
            if (MessageDigest.isEqual(given, e.getValue())) { // every token compared: the time says nothing of which matched
                found = e.getKey();
            }
        }
        return found;
    }

    /** Names of the tokens (never the tokens). */
    public List<String> names() {
        return List.copyOf(byName.keySet());
    }
}
