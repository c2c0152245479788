package io.scangate.server;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * The server's validated, immutable configuration. Sources, later ones winning: built-in defaults,
 * the properties file ({@code config/scangate.properties}), environment variables
 * ({@code SCANGATE_} + key upper-cased with dots as underscores, e.g. {@code SCANGATE_HTTP_PORT}),
 * command-line flags. Every bad value is reported with its key and the allowed range.
 */
public final class ServerConfig {
    /** Keys and their defaults, in the order the file documents them. */
    public static final Map<String, String> DEFAULTS;

    static {
        final Map<String, String> d = new LinkedHashMap<>();
        d.put("bind.address", "0.0.0.0");
        d.put("http.port", "8080");
        d.put("ops.port", "9090");
        d.put("udp.port", "8081");
        d.put("data.dir", "./data");
        d.put("io.threads", "2");
        d.put("ring.size", "65536");
        d.put("ledger.entries", "1000000");
        d.put("http.max.body.bytes", "4096");
        d.put("shutdown.drain.seconds", "10");
        d.put("ledger.ready.max.fill.percent", "98");
        d.put("idempotency.window", "1000000");
        d.put("durability", "sync");
        d.put("ring.wait", "blocking");
        d.put("clone.max.devices", "10");
        d.put("clone.travel.window.minutes", "0");
        d.put("clone.max.speed.kmh", "1000");
        d.put("durability.async.interval.ms", "10");
        d.put("journal.segment.bytes", "67108864");
        DEFAULTS = java.util.Collections.unmodifiableMap(d);
    }

    public final String bindAddress;
    public final int httpPort;
    public final int opsPort;
    public final int udpPort;
    public final Path dataDir;
    public final int ioThreads;
    public final int ringSize;
    public final long ledgerEntries;
    public final int maxBodyBytes;
    public final int shutdownDrainSeconds;
    public final io.scangate.verifier.journal.DurabilityMode durability;
    public final io.scangate.verifier.ring.VerifierRing.Wait ringWait;
    public final int asyncIntervalMillis;
    public final int journalSegmentBytes;
    public final int ledgerReadyMaxFillPercent;
    public final int idempotencyWindow;
    /** When a genuine code answers SUSPECT (docs/API.md#suspect). */
    public final io.scangate.verifier.verdict.CloneRules cloneRules;
    /** From {@code SCANGATE_ADMIN_TOKEN}; null means: generate one into the data dir. */
    public final String adminToken;

    private ServerConfig(final Map<String, String> values, final String adminToken) {
        final List<String> problems = new ArrayList<>();
        for (final String key : values.keySet()) {
            if (!DEFAULTS.containsKey(key)) {
                problems.add("unknown key '" + key + "' (known: " + String.join(", ", DEFAULTS.keySet()) + ")");
            }
        }
        this.bindAddress = values.get("bind.address").trim();
        if (bindAddress.isEmpty()) {
            problems.add("'bind.address' must not be empty");
        }
        this.httpPort = intIn(values, "http.port", 0, 65535, problems);
        this.opsPort = intIn(values, "ops.port", 0, 65535, problems);
        this.udpPort = intIn(values, "udp.port", 0, 65535, problems);
        this.dataDir = Path.of(values.get("data.dir").trim()).toAbsolutePath().normalize();
        this.ioThreads = intIn(values, "io.threads", 1, 64, problems);
        this.ringSize = intIn(values, "ring.size", 64, 1 << 22, problems);
        if (Integer.bitCount(ringSize) != 1) {
            problems.add("'ring.size' must be a power of two, was " + ringSize);
        }
        this.ledgerEntries = longIn(values, "ledger.entries", 1_000, 2_000_000_000L, problems);
        this.maxBodyBytes = intIn(values, "http.max.body.bytes", 256, 65536, problems);
        this.shutdownDrainSeconds = intIn(values, "shutdown.drain.seconds", 1, 600, problems);
        final String mode = values.get("durability").trim().toLowerCase(Locale.ROOT);
        if (!mode.equals("sync") && !mode.equals("async")) {
            problems.add("'durability' must be sync or async, was '" + values.get("durability") + "'");
        }
        this.durability = mode.equals("async") ? io.scangate.verifier.journal.DurabilityMode.ASYNC
                : io.scangate.verifier.journal.DurabilityMode.SYNC;
        final String wait = values.get("ring.wait").trim().toLowerCase(Locale.ROOT);
        if (!wait.equals("blocking") && !wait.equals("lite") && !wait.equals("phased")) {
            problems.add("'ring.wait' must be blocking, lite or phased, was '" + values.get("ring.wait") + "'");
        }
        this.ringWait = wait.equals("lite") ? io.scangate.verifier.ring.VerifierRing.Wait.LITE
                : wait.equals("phased") ? io.scangate.verifier.ring.VerifierRing.Wait.PHASED : io.scangate.verifier.ring.VerifierRing.Wait.BLOCKING;
        this.asyncIntervalMillis = intIn(values, "durability.async.interval.ms", 1, 1000, problems);
        this.journalSegmentBytes = intIn(values, "journal.segment.bytes", 1 << 16, 1 << 30, problems);
        this.ledgerReadyMaxFillPercent = intIn(values, "ledger.ready.max.fill.percent", 1, 100, problems);
        this.idempotencyWindow = intIn(values, "idempotency.window", 1, 50_000_000, problems);
        final int cloneDevices = intIn(values, "clone.max.devices", 0, io.scangate.verifier.verdict.CloneRules.MAX_DEVICES_LIMIT, problems);
        final int travelMinutes = intIn(values, "clone.travel.window.minutes", 0, 7 * 24 * 60, problems);
        final int maxSpeed = intIn(values, "clone.max.speed.kmh", 0, io.scangate.verifier.verdict.CloneRules.MAX_SPEED_KMH, problems);
        if (maxSpeed != 0 && maxSpeed < io.scangate.verifier.verdict.CloneRules.MIN_SPEED_KMH) {
            problems.add("'clone.max.speed.kmh' must be 0 (off) or between " + io.scangate.verifier.verdict.CloneRules.MIN_SPEED_KMH
                    + " and " + io.scangate.verifier.verdict.CloneRules.MAX_SPEED_KMH + ", was " + maxSpeed);
        }
        this.cloneRules = problems.isEmpty() ? new io.scangate.verifier.verdict.CloneRules(cloneDevices, travelMinutes * 60_000L, maxSpeed)
                : io.scangate.verifier.verdict.CloneRules.DEFAULT;
        if (httpPort != 0 && httpPort == opsPort) {
            problems.add("'http.port' and 'ops.port' must differ, both are " + httpPort);
        }
        if (adminToken != null && adminToken.length() < 16) {
            problems.add("SCANGATE_ADMIN_TOKEN must be at least 16 characters");
        }
        this.adminToken = adminToken;
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid configuration: " + String.join("; ", problems));
        }
    }

    /**
     * Builds the configuration from a properties file (may be null), the environment and
     * overrides (flags), in that order of precedence (overrides win).
     */
    public static ServerConfig load(final Path file, final Map<String, String> env, final Map<String, String> overrides) {
        final Map<String, String> values = new LinkedHashMap<>(DEFAULTS);
        if (file != null) {
            final Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                p.load(r);
            } catch (final IOException e) {
                throw new UncheckedIOException("cannot read config file " + file, e);
            }
            for (final String key : p.stringPropertyNames()) {
                values.put(key, p.getProperty(key));
            }
        }
        for (final String key : DEFAULTS.keySet()) {
            final String fromEnv = env.get("SCANGATE_" + key.toUpperCase(Locale.ROOT).replace('.', '_'));
            if (fromEnv != null) {
                values.put(key, fromEnv);
            }
        }
        values.putAll(overrides);
        return new ServerConfig(values, env.get("SCANGATE_ADMIN_TOKEN"));
    }

    /** Defaults with overrides only (tests). */
    public static ServerConfig of(final Map<String, String> overrides) {
        return load(null, Map.of(), overrides);
    }

    private static int intIn(final Map<String, String> v, final String key, final int min, final int max, final List<String> problems) {
        return (int) longIn(v, key, min, max, problems);
    }

    private static long longIn(final Map<String, String> v, final String key, final long min, final long max, final List<String> problems) {
        final String raw = v.get(key).trim().replace("_", "");
        try {
            final long value = Long.parseLong(raw);
            if (value < min || value > max) {
                problems.add("'" + key + "' must be between " + min + " and " + max + ", was " + value);
            }
            return value;
        } catch (final NumberFormatException e) {
            problems.add("'" + key + "' must be an integer between " + min + " and " + max + ", was '" + v.get(key) + "'");
            return min;
        }
    }

    @Override
    public String toString() {
        return "bind.address=" + bindAddress + " http.port=" + httpPort + " ops.port=" + opsPort + " udp.port=" + udpPort
                + " data.dir=" + dataDir + " io.threads=" + ioThreads + " ring.size=" + ringSize
                + " ledger.entries=" + ledgerEntries + " http.max.body.bytes=" + maxBodyBytes + " durability=" + durability + " ring.wait=" + ringWait
                + " clone.max.devices=" + cloneRules.maxDevices() + " clone.travel.window.minutes=" + cloneRules.travelWindowMillis() / 60_000
                + " clone.max.speed.kmh=" + cloneRules.maxSpeedKmh();
    }
}
