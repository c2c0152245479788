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

import io.scangate.server.net.PortGuards;
import io.scangate.verifier.consumer.LifecycleRules;
import io.scangate.verifier.journal.DurabilityMode;
import io.scangate.verifier.journal.RecoveryContext;
import io.scangate.verifier.ring.VerifierRing;
import io.scangate.verifier.verdict.CloneRules;
import io.scangate.verifier.verdict.FarmingRules;
import io.scangate.verifier.verdict.ManyDevicesRule;
import io.scangate.verifier.verdict.TravelByCountryRule;
import io.scangate.verifier.verdict.TravelByPositionRule;
import io.scangate.verifier.verdict.VerdictRules;
import io.scangate.verifier.verdict.Verifier;
import io.scangate.verifier.verdict.VerifierContext;

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
    private static final long DAY_MILLIS = 86_400_000L;

    // ---------------------------------------------------------------- the keys, in the order the file documents them
    static final ConfigKey<String> BIND_ADDRESS = ConfigKey.text("bind.address", "0.0.0.0");
    /** The ops port (metrics, health, admin) listens on loopback unless exposing it is asked for. */
    static final ConfigKey<String> OPS_BIND_ADDRESS = ConfigKey.text("ops.bind.address", "127.0.0.1");
    static final ConfigKey<Integer> HTTP_PORT = ConfigKey.integer("http.port", 8080, 0, 65535);
    static final ConfigKey<Integer> OPS_PORT = ConfigKey.integer("ops.port", 9090, 0, 65535);
    static final ConfigKey<Integer> UDP_PORT = ConfigKey.integer("udp.port", 8081, 0, 65535);
    static final ConfigKey<Path> DATA_DIR = ConfigKey.path("data.dir", "./data");
    static final ConfigKey<Path> TLS_CERT_FILE = ConfigKey.optionalPath("tls.cert.file");
    static final ConfigKey<Path> TLS_KEY_FILE = ConfigKey.optionalPath("tls.key.file");
    static final ConfigKey<Integer> IO_THREADS = ConfigKey.integer("io.threads", 2, 1, 64);
    static final ConfigKey<Integer> RING_SIZE = ConfigKey.powerOfTwo("ring.size", VerifierRing.Context.SIZE_DEFAULT,
            VerifierRing.Context.SIZE_MIN, VerifierRing.Context.SIZE_MAX);
    static final ConfigKey<Long> LEDGER_ENTRIES = ConfigKey.longInteger("ledger.entries", RecoveryContext.LEDGER_ENTRIES_DEFAULT,
            RecoveryContext.LEDGER_ENTRIES_MIN, RecoveryContext.LEDGER_ENTRIES_MAX);
    static final ConfigKey<Integer> MAX_BODY_BYTES = ConfigKey.integer("http.max.body.bytes", 4096, 256, 65536);
    static final ConfigKey<Integer> HTTP_MAX_CONNECTIONS = ConfigKey.integer("http.max.connections", 10_000, 1, 1_000_000);
    /** Generous: many phones reach the scan port through one carrier NAT address. */
    static final ConfigKey<Integer> HTTP_MAX_CONNECTIONS_PER_ADDRESS = ConfigKey.integer("http.max.connections.per.address",
            2_000, 1, 1_000_000);
    static final ConfigKey<Integer> HTTP_IDLE_TIMEOUT_SECONDS = ConfigKey.integer("http.idle.timeout.seconds", 60, 1, 3600);
    static final ConfigKey<Integer> HTTP_REQUEST_TIMEOUT_SECONDS = ConfigKey.integer("http.request.timeout.seconds", 10, 1, 600);
    static final ConfigKey<Integer> OPS_MAX_CONNECTIONS = ConfigKey.integer("ops.max.connections", 64, 1, 10_000);
    static final ConfigKey<Integer> RATE_PER_ADDRESS = ConfigKey.offOrInteger("rate.per.address", 2_000, 1, 1_000_000);
    static final ConfigKey<Integer> RATE_PER_ADDRESS_BURST = ConfigKey.integer("rate.per.address.burst", 4_000, 1, 2_000_000);
    static final ConfigKey<Integer> RATE_PER_DEVICE = ConfigKey.offOrInteger("rate.per.device", 20, 1, 1_000_000);
    static final ConfigKey<Integer> RATE_PER_DEVICE_BURST = ConfigKey.integer("rate.per.device.burst", 60, 1, 2_000_000);
    static final ConfigKey<Integer> SHUTDOWN_DRAIN_SECONDS = ConfigKey.integer("shutdown.drain.seconds", 10, 1, 600);
    static final ConfigKey<Integer> LEDGER_READY_MAX_FILL_PERCENT = ConfigKey.integer("ledger.ready.max.fill.percent", 98, 1, 100);
    static final ConfigKey<Integer> IDEMPOTENCY_WINDOW = ConfigKey.integer("idempotency.window", 1_000_000, 1,
            RecoveryContext.REQUEST_WINDOW_MAX);
    static final ConfigKey<DurabilityMode> DURABILITY = ConfigKey.oneOf("durability", DurabilityMode.SYNC, DurabilityMode.values());
    static final ConfigKey<Integer> RING_SHED_ABOVE = ConfigKey.integer("ring.shed.above", VerifierRing.Context.SHED_ABOVE_DEFAULT, 1,
            VerifierRing.Context.SIZE_MAX);
    static final ConfigKey<Integer> RING_SHED_LAG_MS = ConfigKey.integer("ring.shed.lag.ms", VerifierRing.Context.SHED_LAG_MILLIS_DEFAULT, 0,
            VerifierRing.Context.SHED_LAG_MILLIS_MAX);
    static final ConfigKey<VerifierRing.Wait> RING_WAIT = ConfigKey.oneOf("ring.wait", VerifierRing.Context.WAIT_DEFAULT,
            VerifierRing.Wait.values());
    static final ConfigKey<Integer> CLONE_MAX_DEVICES = ConfigKey.integer("clone.max.devices", CloneRules.DEFAULT.maxDevices(),
            0, ManyDevicesRule.MAX_DEVICES);
    static final ConfigKey<Integer> CLONE_TRAVEL_WINDOW_MINUTES = ConfigKey.integer("clone.travel.window.minutes",
            (int) (CloneRules.DEFAULT.travelWindowMillis() / MINUTE_MILLIS), 0, (int) (TravelByCountryRule.MAX_WINDOW_MILLIS / MINUTE_MILLIS));
    static final ConfigKey<Integer> CLONE_MAX_SPEED_KMH = ConfigKey.offOrInteger("clone.max.speed.kmh", CloneRules.DEFAULT.maxSpeedKmh(),
            TravelByPositionRule.MIN_SPEED_KMH, TravelByPositionRule.MAX_SPEED_KMH);
    static final ConfigKey<Integer> FARMING_DEVICE_CODES_PER_HOUR = ConfigKey.offOrInteger("farming.device.codes.per.hour",
            FarmingRules.DEFAULT.deviceCodesPerHour(), 1, FarmingRules.MAX_DEVICE_CODES);
    static final ConfigKey<Integer> FARMING_CONSUMER_DEVICES_PER_HOUR = ConfigKey.offOrInteger("farming.consumer.devices.per.hour",
            FarmingRules.DEFAULT.consumerDevicesPerHour(), 1, FarmingRules.MAX_CONSUMER_DEVICES);
    static final ConfigKey<Integer> FARMING_TABLE_SLOTS = ConfigKey.powerOfTwo("farming.table.slots", FarmingRules.SLOTS_DEFAULT,
            FarmingRules.MIN_SLOTS, FarmingRules.MAX_SLOTS);
    static final ConfigKey<Integer> ASYNC_INTERVAL_MILLIS = ConfigKey.integer("durability.async.interval.ms", 10, 1, 1000);
    static final ConfigKey<Integer> JOURNAL_SEGMENT_BYTES = ConfigKey.integer("journal.segment.bytes",
            RecoveryContext.SEGMENT_BYTES_DEFAULT, RecoveryContext.SEGMENT_BYTES_MIN, RecoveryContext.SEGMENT_BYTES_MAX);
    static final ConfigKey<Long> CONSUMERS_CAPACITY = ConfigKey.longInteger("consumers.capacity", RecoveryContext.CONSUMERS_DEFAULT,
            RecoveryContext.CONSUMERS_MIN, RecoveryContext.CONSUMERS_MAX);
    static final ConfigKey<Double> CONSUMERS_LAPSE_FACTOR = ConfigKey.decimal("consumers.lapse.factor", LifecycleRules.DEFAULT_LAPSE_FACTOR, 1, 100);
    static final ConfigKey<Long> CONSUMERS_LAPSE_FIRST = ConfigKey.duration("consumers.lapse.first", "60d", 1000, 3650 * DAY_MILLIS);
    static final ConfigKey<Long> CONSUMERS_LAPSE_MIN = ConfigKey.duration("consumers.lapse.min", "14d", 1000, 3650 * DAY_MILLIS);
    static final ConfigKey<Long> CONSUMERS_CHURN_AFTER = ConfigKey.duration("consumers.churn.after", "180d", 2000, 3650 * DAY_MILLIS);
    static final ConfigKey<Long> CONSUMERS_SWEEP_INTERVAL = ConfigKey.duration("consumers.sweep.interval", "1s", 100, 3_600_000);
    static final ConfigKey<Integer> CONSUMERS_SWEEP_SLOTS = ConfigKey.integer("consumers.sweep.slots", 65_536, 1, 1 << 26);
    static final ConfigKey<Long> SNAPSHOT_INTERVAL = ConfigKey.duration("snapshot.interval", "1h", 1000, 7 * DAY_MILLIS);
    static final ConfigKey<Long> SNAPSHOT_JOURNAL_BYTES = ConfigKey.longInteger("snapshot.journal.bytes", 256L << 20, 4096, 1L << 40);
    static final ConfigKey<Integer> SNAPSHOT_KEEP = ConfigKey.integer("snapshot.keep", 2, 1, 100);
    static final ConfigKey<Path> SNAPSHOT_ARCHIVE_DIR = ConfigKey.optionalPath("snapshot.archive.dir");

    static final List<ConfigKey<?>> KEYS = List.of(BIND_ADDRESS, OPS_BIND_ADDRESS, HTTP_PORT, OPS_PORT, UDP_PORT, DATA_DIR, TLS_CERT_FILE, TLS_KEY_FILE, IO_THREADS, RING_SIZE,
            LEDGER_ENTRIES, MAX_BODY_BYTES, HTTP_MAX_CONNECTIONS, HTTP_MAX_CONNECTIONS_PER_ADDRESS,
            HTTP_IDLE_TIMEOUT_SECONDS, HTTP_REQUEST_TIMEOUT_SECONDS, OPS_MAX_CONNECTIONS, RATE_PER_ADDRESS, RATE_PER_ADDRESS_BURST,
            RATE_PER_DEVICE, RATE_PER_DEVICE_BURST, SHUTDOWN_DRAIN_SECONDS, LEDGER_READY_MAX_FILL_PERCENT, IDEMPOTENCY_WINDOW, DURABILITY,
            RING_WAIT, RING_SHED_ABOVE, RING_SHED_LAG_MS, CLONE_MAX_DEVICES, CLONE_TRAVEL_WINDOW_MINUTES, CLONE_MAX_SPEED_KMH,
            FARMING_DEVICE_CODES_PER_HOUR, FARMING_CONSUMER_DEVICES_PER_HOUR, FARMING_TABLE_SLOTS, ASYNC_INTERVAL_MILLIS, JOURNAL_SEGMENT_BYTES,
            CONSUMERS_CAPACITY, CONSUMERS_LAPSE_FACTOR, CONSUMERS_LAPSE_FIRST, CONSUMERS_LAPSE_MIN, CONSUMERS_CHURN_AFTER,
            CONSUMERS_SWEEP_INTERVAL, CONSUMERS_SWEEP_SLOTS, SNAPSHOT_INTERVAL, SNAPSHOT_JOURNAL_BYTES, SNAPSHOT_KEEP, SNAPSHOT_ARCHIVE_DIR);

    /** Keys and their defaults, in the order the file documents them. */
    public static final Map<String, String> DEFAULTS = defaults();

    /** TLS needs both files, readable; the files' content is checked when the port starts. */
    private void tlsProblems(final List<String> problems) {
        if ((tlsCertFile == null) != (tlsKeyFile == null)) {
            problems.add("'tls.cert.file' and 'tls.key.file' go together: give both for HTTPS on the scan port, or neither");
        }
        for (final Path f : new Path[] {tlsCertFile, tlsKeyFile}) {
            if (f != null && !java.nio.file.Files.isReadable(f)) {
                problems.add("TLS file " + f + " cannot be read");
            }
        }
    }

    public final String bindAddress;
    /** Where the ops port listens: loopback by default (ops.bind.address). */
    public final String opsBindAddress;
    public final int httpPort;
    public final int opsPort;
    public final int udpPort;
    public final Path dataDir;
    public final int ioThreads;
    public final int ringSize;
    public final long ledgerEntries;
    public final int maxBodyBytes;
    /** The scan port's connection limits and timeouts. */
    public final PortGuards.Limits httpLimits;
    /** The ops port's: few connections, the scan port's timeouts. */
    public final PortGuards.Limits opsLimits;
    /** HTTP scans per second (and burst) per client address and per device; 0 = no limit. */
    public final int ratePerAddress;
    public final int ratePerAddressBurst;
    public final int ratePerDevice;
    public final int ratePerDeviceBurst;
    public final int shutdownDrainSeconds;
    public final DurabilityMode durability;
    public final VerifierRing.Wait ringWait;
    /** Scans waiting in the ring beyond which new ones are shed with 503 (ring.shed.above). */
    public final int ringShedAbove;
    public final int ringShedLagMillis;
    /** HTTPS on the scan port: the certificate chain and the private key (PEM, PKCS#8), or both null for plain HTTP. */
    public final Path tlsCertFile;
    public final Path tlsKeyFile;
    public final int asyncIntervalMillis;
    public final int journalSegmentBytes;
    public final int ledgerReadyMaxFillPercent;
    public final int idempotencyWindow;
    /** When a genuine code answers SUSPECT (docs/API.md#suspect). */
    public final CloneRules cloneRules;
    /** When a device or consumer is a farm: its scans draw no reward (docs/API.md#farming). */
    public final FarmingRules farmingRules;
    /** Consumer profiles held, when silence makes a consumer LAPSING and CHURNED, and the sweep that judges it. */
    public final long consumersCapacity;
    public final LifecycleRules lifecycleRules;
    public final long sweepIntervalMillis;
    public final int sweepSlots;
    /** Snapshots (docs/SNAPSHOTS.md). */
    public final Snapshots snapshots;

    /**
     * Snapshot settings: one is taken when {@code intervalMillis} passed since the last and the
     * journal moved, or {@code journalBytes} were written since it; {@code keep} kept; journal
     * segments before the oldest kept go to {@code archiveDir}, or are deleted if it is null.
     */
    public record Snapshots(long intervalMillis, long journalBytes, int keep, Path archiveDir) {
    }
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
        this.opsBindAddress = OPS_BIND_ADDRESS.read(values, problems);
        this.httpPort = HTTP_PORT.read(values, problems);
        this.opsPort = OPS_PORT.read(values, problems);
        this.udpPort = UDP_PORT.read(values, problems);
        this.dataDir = DATA_DIR.read(values, problems);
        this.ioThreads = IO_THREADS.read(values, problems);
        this.ringSize = RING_SIZE.read(values, problems);
        this.ledgerEntries = LEDGER_ENTRIES.read(values, problems);
        this.maxBodyBytes = MAX_BODY_BYTES.read(values, problems);
        this.httpLimits = new PortGuards.Limits(HTTP_MAX_CONNECTIONS.read(values, problems),
                HTTP_MAX_CONNECTIONS_PER_ADDRESS.read(values, problems), HTTP_IDLE_TIMEOUT_SECONDS.read(values, problems),
                HTTP_REQUEST_TIMEOUT_SECONDS.read(values, problems));
        final int opsMax = OPS_MAX_CONNECTIONS.read(values, problems);
        this.ratePerAddress = RATE_PER_ADDRESS.read(values, problems);
        this.ratePerAddressBurst = RATE_PER_ADDRESS_BURST.read(values, problems);
        this.ratePerDevice = RATE_PER_DEVICE.read(values, problems);
        this.ratePerDeviceBurst = RATE_PER_DEVICE_BURST.read(values, problems);
        this.opsLimits = new PortGuards.Limits(opsMax, opsMax, httpLimits.idleSeconds(), httpLimits.requestSeconds());
        this.shutdownDrainSeconds = SHUTDOWN_DRAIN_SECONDS.read(values, problems);
        this.ledgerReadyMaxFillPercent = LEDGER_READY_MAX_FILL_PERCENT.read(values, problems);
        this.idempotencyWindow = IDEMPOTENCY_WINDOW.read(values, problems);
        this.durability = DURABILITY.read(values, problems);
        this.ringWait = RING_WAIT.read(values, problems);
        this.ringShedAbove = RING_SHED_ABOVE.read(values, problems);
        this.ringShedLagMillis = RING_SHED_LAG_MS.read(values, problems);
        // each key stands at its default when bad, so the rules can always be made
        this.cloneRules = new CloneRules(CLONE_MAX_DEVICES.read(values, problems),
                CLONE_TRAVEL_WINDOW_MINUTES.read(values, problems) * MINUTE_MILLIS, CLONE_MAX_SPEED_KMH.read(values, problems));
        this.farmingRules = new FarmingRules(FARMING_DEVICE_CODES_PER_HOUR.read(values, problems),
                FARMING_CONSUMER_DEVICES_PER_HOUR.read(values, problems), FARMING_TABLE_SLOTS.read(values, problems));
        this.asyncIntervalMillis = ASYNC_INTERVAL_MILLIS.read(values, problems);
        this.journalSegmentBytes = JOURNAL_SEGMENT_BYTES.read(values, problems);
        this.tlsCertFile = TLS_CERT_FILE.read(values, problems);
        this.tlsKeyFile = TLS_KEY_FILE.read(values, problems);
        tlsProblems(problems);
        this.consumersCapacity = CONSUMERS_CAPACITY.read(values, problems);
        this.lifecycleRules = lifecycleRules(values, problems);
        this.sweepIntervalMillis = CONSUMERS_SWEEP_INTERVAL.read(values, problems);
        this.sweepSlots = CONSUMERS_SWEEP_SLOTS.read(values, problems);
        this.snapshots = new Snapshots(SNAPSHOT_INTERVAL.read(values, problems), SNAPSHOT_JOURNAL_BYTES.read(values, problems),
                SNAPSHOT_KEEP.read(values, problems), SNAPSHOT_ARCHIVE_DIR.read(values, problems));
        this.adminToken = adminToken;
        conclude(problems);
    }

    /** Adds the problems between keys to those of each key, and refuses the configuration if there are any. */
    private void conclude(final List<String> problems) {
        if (httpPort != 0 && httpPort == opsPort) {
            problems.add("'http.port' and 'ops.port' must differ, both are " + httpPort);
        }
        if (adminToken != null && adminToken.length() < 16) {
            problems.add("SCANGATE_ADMIN_TOKEN must be at least 16 characters");
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid configuration: " + String.join("; ", problems));
        }
    }

    /** The lifecycle rules, or the defaults with the problem named when the keys do not fit together. */
    private static LifecycleRules lifecycleRules(final Map<String, String> values, final List<String> problems) {
        try {
            return new LifecycleRules(CONSUMERS_LAPSE_FACTOR.read(values, problems), CONSUMERS_LAPSE_FIRST.read(values, problems),
                    CONSUMERS_LAPSE_MIN.read(values, problems), CONSUMERS_CHURN_AFTER.read(values, problems));
        } catch (final IllegalArgumentException e) {
            problems.add(e.getMessage());
            return LifecycleRules.DEFAULTS;
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
                throw new UncheckedIOException("cannot read config file " + file + ": " + Causes.describe(e, file), e);
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

    /**
     * A verifier's settings from this configuration: its verdict rules (fresh ones: the anti-farming
     * rule's tables belong to one verifier); the caller adds the state it works on.
     */
    public VerifierContext verifierContext() {
        return new VerifierContext().rules(VerdictRules.standard(cloneRules, farmingRules));
    }

    /** Buckets of each rate limiter: 512 KiB each, whatever the number of clients. */
    private static final int RATE_SLOTS = 1 << 16;

    /** A new limiter of HTTP scans per client address, or null when rate.per.address is 0. */
    public io.scangate.server.net.RateLimiter perAddressLimiter() {
        return limiter(ratePerAddress, ratePerAddressBurst);
    }

    /** A new limiter of HTTP scans per device, or null when rate.per.device is 0. */
    public io.scangate.server.net.RateLimiter perDeviceLimiter() {
        return limiter(ratePerDevice, ratePerDeviceBurst);
    }

    private static io.scangate.server.net.RateLimiter limiter(final int perSecond, final int burst) {
        return perSecond == 0 ? null : new io.scangate.server.net.RateLimiter(perSecond, burst, RATE_SLOTS, System.currentTimeMillis());
    }

    /** What recovery opens, from this configuration: data dir, ledger size, journal segment size, request window. */
    public RecoveryContext recoveryContext() {
        return new RecoveryContext().dataDir(dataDir).ledgerEntries(ledgerEntries).segmentBytes(journalSegmentBytes)
                .requestWindow(idempotencyWindow).consumers(consumersCapacity).lifecycle(lifecycleRules);
    }

    /** A ring's settings from this configuration: size and wait strategy; the caller adds the verifier and router. */
    public VerifierRing.Context ringContext() {
        return new VerifierRing.Context().size(ringSize).waitStrategy(ringWait).shedAbove(ringShedAbove).shedLagMillis(ringShedLagMillis);
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
