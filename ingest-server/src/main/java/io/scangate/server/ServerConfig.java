package io.scangate.server;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import io.scangate.verifier.journal.DurabilityMode;
import io.scangate.verifier.journal.RecoveryContext;
import io.scangate.verifier.ring.VerifierRing;
import io.scangate.verifier.verdict.CloneRules;
import io.scangate.verifier.verdict.ManyDevicesRule;
import io.scangate.verifier.verdict.TravelByCountryRule;
import io.scangate.verifier.verdict.TravelByPositionRule;
import io.scangate.verifier.verdict.VerdictRules;
import io.scangate.verifier.verdict.Verifier;

/**
 * The server's validated, immutable configuration. Sources, later ones winning: built-in defaults,
 * the properties file ({@code config/scangate.properties}), environment variables
 * ({@code SCANGATE_} + key upper-cased with dots as underscores, e.g. {@code SCANGATE_HTTP_PORT}),
 * command-line flags. Each key's name, default and range are written once, in the key table
 * below (the clone limits and the ring's come from the classes they limit); every bad value is
 * reported at once, each with its key and the allowed range.
 */
public final class ServerConfig {
    private static final long MINUTE_MILLIS = 60_000;

    // ---------------------------------------------------------------- the keys, in the order the file documents them
    static final ConfigKey<String> BIND_ADDRESS = ConfigKey.text("bind.address", "0.0.0.0");
    static final ConfigKey<Integer> HTTP_PORT = ConfigKey.integer("http.port", 8080, 0, 65535);
    static final ConfigKey<Integer> OPS_PORT = ConfigKey.integer("ops.port", 9090, 0, 65535);
    static final ConfigKey<Integer> UDP_PORT = ConfigKey.integer("udp.port", 8081, 0, 65535);
    static final ConfigKey<Path> DATA_DIR = ConfigKey.path("data.dir", "./data");
    static final ConfigKey<Integer> IO_THREADS = ConfigKey.integer("io.threads", 2, 1, 64);
    static final ConfigKey<Integer> RING_SIZE = ConfigKey.powerOfTwo("ring.size", VerifierRing.Context.SIZE_DEFAULT,
            VerifierRing.Context.SIZE_MIN, VerifierRing.Context.SIZE_MAX);
    static final ConfigKey<Long> LEDGER_ENTRIES = ConfigKey.longInteger("ledger.entries", RecoveryContext.LEDGER_ENTRIES_DEFAULT,
            RecoveryContext.LEDGER_ENTRIES_MIN, RecoveryContext.LEDGER_ENTRIES_MAX);
    static final ConfigKey<Integer> MAX_BODY_BYTES = ConfigKey.integer("http.max.body.bytes", 4096, 256, 65536);
    static final ConfigKey<Integer> SHUTDOWN_DRAIN_SECONDS = ConfigKey.integer("shutdown.drain.seconds", 10, 1, 600);
    static final ConfigKey<Integer> LEDGER_READY_MAX_FILL_PERCENT = ConfigKey.integer("ledger.ready.max.fill.percent", 98, 1, 100);
    static final ConfigKey<Integer> IDEMPOTENCY_WINDOW = ConfigKey.integer("idempotency.window", 1_000_000, 1,
            RecoveryContext.REQUEST_WINDOW_MAX);
    static final ConfigKey<DurabilityMode> DURABILITY = ConfigKey.oneOf("durability", DurabilityMode.SYNC, DurabilityMode.values());
    static final ConfigKey<VerifierRing.Wait> RING_WAIT = ConfigKey.oneOf("ring.wait", VerifierRing.Context.WAIT_DEFAULT,
            VerifierRing.Wait.values());
    static final ConfigKey<Integer> CLONE_MAX_DEVICES = ConfigKey.integer("clone.max.devices", CloneRules.DEFAULT.maxDevices(),
            0, ManyDevicesRule.MAX_DEVICES);
    static final ConfigKey<Integer> CLONE_TRAVEL_WINDOW_MINUTES = ConfigKey.integer("clone.travel.window.minutes",
            (int) (CloneRules.DEFAULT.travelWindowMillis() / MINUTE_MILLIS), 0, (int) (TravelByCountryRule.MAX_WINDOW_MILLIS / MINUTE_MILLIS));
    static final ConfigKey<Integer> CLONE_MAX_SPEED_KMH = ConfigKey.offOrInteger("clone.max.speed.kmh", CloneRules.DEFAULT.maxSpeedKmh(),
            TravelByPositionRule.MIN_SPEED_KMH, TravelByPositionRule.MAX_SPEED_KMH);
    static final ConfigKey<Integer> ASYNC_INTERVAL_MILLIS = ConfigKey.integer("durability.async.interval.ms", 10, 1, 1000);
    static final ConfigKey<Integer> JOURNAL_SEGMENT_BYTES = ConfigKey.integer("journal.segment.bytes",
            RecoveryContext.SEGMENT_BYTES_DEFAULT, RecoveryContext.SEGMENT_BYTES_MIN, RecoveryContext.SEGMENT_BYTES_MAX);

    static final List<ConfigKey<?>> KEYS = List.of(BIND_ADDRESS, HTTP_PORT, OPS_PORT, UDP_PORT, DATA_DIR, IO_THREADS, RING_SIZE,
            LEDGER_ENTRIES, MAX_BODY_BYTES, SHUTDOWN_DRAIN_SECONDS, LEDGER_READY_MAX_FILL_PERCENT, IDEMPOTENCY_WINDOW, DURABILITY,
            RING_WAIT, CLONE_MAX_DEVICES, CLONE_TRAVEL_WINDOW_MINUTES, CLONE_MAX_SPEED_KMH, ASYNC_INTERVAL_MILLIS, JOURNAL_SEGMENT_BYTES);

    /** Keys and their defaults, in the order the file documents them. */
    public static final Map<String, String> DEFAULTS = defaults();

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
    public final DurabilityMode durability;
    public final VerifierRing.Wait ringWait;
    public final int asyncIntervalMillis;
    public final int journalSegmentBytes;
    public final int ledgerReadyMaxFillPercent;
    public final int idempotencyWindow;
    /** When a genuine code answers SUSPECT (docs/API.md#suspect). */
    public final CloneRules cloneRules;
    /** From {@code SCANGATE_ADMIN_TOKEN}; null means: generate one into the data dir. */
    public final String adminToken;
    /** Every key's text as read, in the documented order. */
    private final Map<String, String> values;

    private ServerConfig(final Map<String, String> values, final String adminToken) {
        final List<String> problems = new ArrayList<>();
        for (final String key : values.keySet()) {
            if (!DEFAULTS.containsKey(key)) {
                problems.add("unknown key '" + key + "' (known: " + String.join(", ", DEFAULTS.keySet()) + ")");
            }
        }
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        this.bindAddress = BIND_ADDRESS.read(values, problems);
        this.httpPort = HTTP_PORT.read(values, problems);
        this.opsPort = OPS_PORT.read(values, problems);
        this.udpPort = UDP_PORT.read(values, problems);
        this.dataDir = DATA_DIR.read(values, problems);
        this.ioThreads = IO_THREADS.read(values, problems);
        this.ringSize = RING_SIZE.read(values, problems);
        this.ledgerEntries = LEDGER_ENTRIES.read(values, problems);
        this.maxBodyBytes = MAX_BODY_BYTES.read(values, problems);
        this.shutdownDrainSeconds = SHUTDOWN_DRAIN_SECONDS.read(values, problems);
        this.ledgerReadyMaxFillPercent = LEDGER_READY_MAX_FILL_PERCENT.read(values, problems);
        this.idempotencyWindow = IDEMPOTENCY_WINDOW.read(values, problems);
        this.durability = DURABILITY.read(values, problems);
        this.ringWait = RING_WAIT.read(values, problems);
        // each key stands at its default when bad, so the rules can always be made
        this.cloneRules = new CloneRules(CLONE_MAX_DEVICES.read(values, problems),
                CLONE_TRAVEL_WINDOW_MINUTES.read(values, problems) * MINUTE_MILLIS, CLONE_MAX_SPEED_KMH.read(values, problems));
        this.asyncIntervalMillis = ASYNC_INTERVAL_MILLIS.read(values, problems);
        this.journalSegmentBytes = JOURNAL_SEGMENT_BYTES.read(values, problems);
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

    private static Map<String, String> defaults() {
        final Map<String, String> d = new LinkedHashMap<>();
        for (final ConfigKey<?> k : KEYS) {
            d.put(k.name(), k.defaultText());
        }
        return Collections.unmodifiableMap(d);
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
        for (final ConfigKey<?> key : KEYS) {
            final String fromEnv = env.get(key.envName());
            if (fromEnv != null) {
                values.put(key.name(), fromEnv);
            }
        }
        values.putAll(overrides);
        return new ServerConfig(values, env.get("SCANGATE_ADMIN_TOKEN"));
    }

    /** Defaults with overrides only (tests). */
    public static ServerConfig of(final Map<String, String> overrides) {
        return load(null, Map.of(), overrides);
    }

    /** A verifier's settings from this configuration: its verdict rules; the caller adds the state it works on. */
    public Verifier.Context verifierContext() {
        return new Verifier.Context().rules(VerdictRules.standard(cloneRules));
    }

    /** What recovery opens, from this configuration: data dir, ledger size, journal segment size, request window. */
    public RecoveryContext recoveryContext() {
        return new RecoveryContext().dataDir(dataDir).ledgerEntries(ledgerEntries).segmentBytes(journalSegmentBytes)
                .requestWindow(idempotencyWindow);
    }

    /** A ring's settings from this configuration: size and wait strategy; the caller adds the verifier and router. */
    public VerifierRing.Context ringContext() {
        return new VerifierRing.Context().size(ringSize).waitStrategy(ringWait);
    }

    /** Every key and its text as read, in the documented order (the admin token is no key: never shown). */
    @Override
    public String toString() {
        final StringBuilder b = new StringBuilder();
        for (final Map.Entry<String, String> e : values.entrySet()) {
            b.append(b.length() == 0 ? "" : " ").append(e.getKey()).append('=').append(e.getValue().trim());
        }
        return b.toString();
    }
}
