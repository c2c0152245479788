package io.scangate.server.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import io.scangate.server.Causes;

/**
 * Where the CLI finds its server when no flag says so: the environment ({@code SCANGATE_ADMIN_URL},
 * {@code SCANGATE_ADMIN_TOKEN}), else a small properties file with the keys {@code admin.url} and
 * {@code admin.token} ({@code $SCANGATE_CLIENT_CONFIG}, else
 * {@code $XDG_CONFIG_HOME/scangate/client.properties}, else {@code ~/.config/scangate/client.properties}).
 * A flag wins over all of them; {@link #DEFAULT_URL} is the last resort for the URL.
 */
final class ClientConfig {
    static final String URL_ENV = "SCANGATE_ADMIN_URL";
    static final String TOKEN_ENV = "SCANGATE_ADMIN_TOKEN";
    static final String FILE_ENV = "SCANGATE_CLIENT_CONFIG";
    static final String URL_KEY = "admin.url";
    static final String TOKEN_KEY = "admin.token";
    static final String DEFAULT_URL = "http://127.0.0.1:9090";
    private static final Set<String> KEYS = Set.of(URL_KEY, TOKEN_KEY);

    /** A value and where it came from, for messages ("--admin-url", "$SCANGATE_ADMIN_URL", "admin.url in FILE"). */
    record Setting(String value, String source) {
    }

    private final Map<String, String> env;
    private final Path file;
    private final Properties values;

    private ClientConfig(final Map<String, String> env, final Path file, final Properties values) {
        this.env = env;
        this.file = file;
        this.values = values;
    }

    /** The process's own environment and home ({@code $HOME}, as shells and other tools take it; else Java's {@code user.home}). */
    static ClientConfig fromEnvironment() {
        final Map<String, String> env = System.getenv();
        final String home = blankToNull(env.get("HOME"));
        return load(env, Path.of(home != null ? home : System.getProperty("user.home")));
    }

    /**
     * Reads the client config file named by {@code env} or found under {@code home}; a file named by
     * {@code $SCANGATE_CLIENT_CONFIG} must exist, the default one may be absent.
     *
     * @throws IllegalArgumentException naming the file and the cause when it cannot be read, or holds an unknown key
     */
    static ClientConfig load(final Map<String, String> env, final Path home) {
        final String named = blankToNull(env.get(FILE_ENV));
        final Path file = named != null ? Path.of(named) : defaultFile(env, home);
        final Properties values = new Properties();
        if (named == null && !Files.exists(file)) {
            return new ClientConfig(env, null, values);
        }
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            values.load(r);
        } catch (final IOException e) {
            throw new IllegalArgumentException("cannot read the client config " + file + (named != null ? " (from $" + FILE_ENV + ")" : "")
                    + ": " + Causes.describe(e, file));
        }
        for (final String key : values.stringPropertyNames()) {
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException("the client config " + file + " has an unknown key '" + key + "' (known: "
                        + URL_KEY + ", " + TOKEN_KEY + ")");
            }
        }
        return new ClientConfig(env, file, values);
    }

    private static Path defaultFile(final Map<String, String> env, final Path home) {
        final String xdg = blankToNull(env.get("XDG_CONFIG_HOME"));
        return (xdg != null ? Path.of(xdg) : home.resolve(".config")).resolve("scangate").resolve("client.properties");
    }

    /** The admin URL: {@code flag}, else the environment, else the file, else {@link #DEFAULT_URL}. */
    Setting url(final String flag, final String flagName) {
        final Setting s = pick(flag, flagName, URL_ENV, URL_KEY);
        return s != null ? s : new Setting(DEFAULT_URL, "the default");
    }

    /** The admin token: {@code flag}, else the environment, else the file; null when none of them has one. */
    Setting token(final String flag) {
        return pick(flag, "--token", TOKEN_ENV, TOKEN_KEY);
    }

    private Setting pick(final String flag, final String flagName, final String envName, final String key) {
        if (flag != null) {
            return new Setting(flag, flagName);
        }
        final String fromEnv = blankToNull(env.get(envName));
        if (fromEnv != null) {
            return new Setting(fromEnv.strip(), "$" + envName);
        }
        final String fromFile = blankToNull(values.getProperty(key));
        return fromFile == null ? null : new Setting(fromFile.strip(), key + " in " + file);
    }

    private static String blankToNull(final String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
