package io.scangate.loadtest.gen;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * The immutable, validated settings of one load run. Every value is checked when the config is
 * built, with a message that names the option and its allowed range; the target must be on the
 * loopback interface ({@code 127.0.0.1} or {@code localhost}, always connected to as
 * {@code 127.0.0.1}), anything else is refused.
 *
 * <p>Concurrency: immutable; read by every event loop of the run.
 */
public final class LoadConfig {
    public static final String DEFAULT_URL = "http://127.0.0.1:8080";
    public static final String DEFAULT_PATH = "/v1/scans";
    public static final Duration DEFAULT_DURATION = Duration.ofSeconds(10);
    public static final Duration DEFAULT_WARMUP = Duration.ofSeconds(2);
    public static final Duration DEFAULT_DRAIN = Duration.ofSeconds(5);
    public static final int DEFAULT_CONNECTIONS = 64;
    public static final int DEFAULT_THREADS = 1;
    public static final int DEFAULT_PIPELINE = 1;
    public static final int DEFAULT_DEVICE_COUNT = 1000;
    public static final long DEFAULT_SEED = 0x5ca9_6a7eL;
    /** Bound on the request count in {@link Mode#MAX} when no rate is given, in requests per second. */
    public static final double DEFAULT_MAX_MODE_CEILING = 1_000_000;

    static final double MAX_RATE = 10_000_000;
    static final Duration MIN_DURATION = Duration.ofMillis(100);
    static final Duration MAX_DURATION = Duration.ofHours(1);
    static final Duration MAX_WARMUP = Duration.ofMinutes(10);
    static final Duration MAX_DRAIN = Duration.ofMinutes(1);
    static final int MAX_CONNECTIONS = 10_000;
    static final int MAX_THREADS = 64;
    static final int MAX_PIPELINE = 1024;
    static final int MAX_DEVICE_COUNT = 1_000_000;
    static final int MAX_PATH_LENGTH = 1024;
    static final String CODE_PLACEHOLDER = "{code}";
    private static final String CODE_STAND_IN = "__scangate_code__";

    private final int port;
    private final String path;
    private final Mode mode;
    private final double rate;
    private final Duration duration;
    private final Duration warmup;
    private final Duration drain;
    private final int connections;
    private final int threads;
    private final int pipeline;
    private final Path codesFile;
    private final double repeatRatio;
    private final double forgedRatio;
    private final int deviceCount;
    private final boolean withConsumer;
    private final long seed;

    private LoadConfig(final Builder b) {
        // {code} is not legal in a URI: parse the URL with a stand-in, and put it back in the path.
        final URI uri = loopbackUri(b.url == null ? null : b.url.replace(CODE_PLACEHOLDER, CODE_STAND_IN));
        this.port = uri.getPort() == -1 ? 80 : uri.getPort();
        final String urlPath = uri.getRawPath() == null ? "" : uri.getRawPath().replace(CODE_STAND_IN, CODE_PLACEHOLDER);
        this.path = checkedPath(b.path != null ? b.path : urlPath.isEmpty() || "/".equals(urlPath) ? DEFAULT_PATH : urlPath);
        this.mode = b.mode;
        if (b.mode == null) {
            throw new IllegalArgumentException("--mode must be open or max");
        }
        if (b.rate == null) {
            if (b.mode == Mode.OPEN) {
                throw new IllegalArgumentException("--rate is required in open mode (requests per second, 1.." + (long) MAX_RATE + ")");
            }
            this.rate = DEFAULT_MAX_MODE_CEILING;
        } else {
            this.rate = inRange("--rate", b.rate, 1, MAX_RATE);
        }
        this.duration = inRange("--duration", b.duration, MIN_DURATION, MAX_DURATION);
        this.warmup = inRange("--warmup", b.warmup, Duration.ZERO, MAX_WARMUP);
        this.drain = inRange("--drain", b.drain, Duration.ZERO, MAX_DRAIN);
        this.connections = (int) inRange("--connections", b.connections, 1, MAX_CONNECTIONS);
        this.threads = (int) inRange("--threads", b.threads, 1, Math.min(MAX_THREADS, connections));
        this.pipeline = (int) inRange("--pipeline", b.pipeline, 1, MAX_PIPELINE);
        this.codesFile = b.codesFile;
        this.repeatRatio = inRange("--repeat-ratio", b.repeatRatio, 0, 1);
        this.forgedRatio = inRange("--forged-ratio", b.forgedRatio, 0, 1);
        this.deviceCount = (int) inRange("--device-count", b.deviceCount, 1, MAX_DEVICE_COUNT);
        this.withConsumer = b.withConsumer;
        if (withConsumer && path.contains(CODE_PLACEHOLDER)) {
            throw new IllegalArgumentException("--with-consumer needs a POST path (a GET scan carries no consumer id)");
        }
        this.seed = b.seed;
        final double planned = rate * seconds(warmup.plus(duration));
        if (mode == Mode.OPEN && planned < connections) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "--rate x (--warmup + --duration) = %.0f requests is fewer than --connections %d; lower --connections", planned, connections));
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Parses {@code url} and refuses anything but {@code http://127.0.0.1[:port]} or
     * {@code http://localhost[:port]} with an optional path.
     */
    static URI loopbackUri(final String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("--url is required, e.g. " + DEFAULT_URL);
        }
        final URI uri;
        try {
            uri = new URI(url.trim());
        } catch (final URISyntaxException e) {
            throw new IllegalArgumentException("--url is not a valid URL: " + url + " (" + e.getReason() + ")");
        }
        if (!"http".equalsIgnoreCase(uri.getScheme())) {
            throw new IllegalArgumentException("--url must be http://127.0.0.1:PORT or http://localhost:PORT; refusing " + url);
        }
        final String host = uri.getHost();
        if (host == null || !("127.0.0.1".equals(host) || "localhost".equalsIgnoreCase(host))) {
            throw new IllegalArgumentException("--url must target 127.0.0.1 or localhost only (loopback); refusing host "
                    + (host == null ? "in " + url : host));
        }
        if (uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("--url takes no user, query or fragment: " + url);
        }
        if (uri.getPort() == 0 || uri.getPort() > 65_535) {
            throw new IllegalArgumentException("--url port must be in 1..65535: " + url);
        }
        return uri;
    }

    private static String checkedPath(final String path) {
        if (path.isEmpty() || path.charAt(0) != '/' || path.length() > MAX_PATH_LENGTH) {
            throw new IllegalArgumentException("--path must start with '/' and have at most " + MAX_PATH_LENGTH + " characters: " + path);
        }
        for (int i = 0; i < path.length(); i++) {
            final char c = path.charAt(i);
            if (c <= ' ' || c >= 0x7f) {
                throw new IllegalArgumentException("--path must be printable ASCII without spaces (percent-encode the rest): " + path);
            }
        }
        final int at = path.indexOf(CODE_PLACEHOLDER);
        if (at >= 0 && path.indexOf(CODE_PLACEHOLDER, at + 1) >= 0) {
            throw new IllegalArgumentException("--path may contain " + CODE_PLACEHOLDER + " once: " + path);
        }
        return path;
    }

    private static double inRange(final String name, final double value, final double min, final double max) {
        if (!(value >= min && value <= max)) {
            throw new IllegalArgumentException(name + " must be in " + plain(min) + ".." + plain(max) + " (got " + plain(value) + ")");
        }
        return value;
    }

    private static Duration inRange(final String name, final Duration value, final Duration min, final Duration max) {
        if (value == null || value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw new IllegalArgumentException(name + " must be in " + min + ".." + max + " (got " + value + ")");
        }
        return value;
    }

    private static String plain(final double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    static double seconds(final Duration d) {
        return d.toNanos() / 1e9;
    }

    /** The address every connection goes to: always the IPv4 loopback address. */
    public String host() {
        return "127.0.0.1";
    }

    public int port() {
        return port;
    }

    /** Request path; a GET with the code in the path if it contains {@code {code}}, else a POST of a JSON scan. */
    public String path() {
        return path;
    }

    public boolean get() {
        return path.contains(CODE_PLACEHOLDER);
    }

    public Mode mode() {
        return mode;
    }

    /** Target rate in requests per second (open model), or the bound on the request count (max mode). */
    public double rate() {
        return rate;
    }

    public Duration duration() {
        return duration;
    }

    public Duration warmup() {
        return warmup;
    }

    /** How long after the end of the send window unanswered requests are still waited for. */
    public Duration drain() {
        return drain;
    }

    public int connections() {
        return connections;
    }

    public int threads() {
        return threads;
    }

    /** Requests a connection may have in flight at once (1: no pipelining). */
    public int pipeline() {
        return pipeline;
    }

    /** File of codes, one a line, or {@code null} for synthetic well-formed codes. */
    public Path codesFile() {
        return codesFile;
    }

    public double repeatRatio() {
        return repeatRatio;
    }

    public double forgedRatio() {
        return forgedRatio;
    }

    public int deviceCount() {
        return deviceCount;
    }

    /** Whether every scan carries a consumer id (the device's name): each device is one consumer. */
    public boolean withConsumer() {
        return withConsumer;
    }

    public long seed() {
        return seed;
    }

    /** Upper bound on the requests of the run: 1.1 x rate x (warm-up + duration), plus one per connection. */
    public long maxRequests() {
        return (long) Math.ceil(rate * seconds(warmup.plus(duration)) * 11 / 10) + connections;
    }

    /** Requests the open model intends to send in warm-up plus measurement. */
    long plannedRequests() {
        return Math.round(rate * seconds(warmup.plus(duration)));
    }

    /** Requests the open model intends to send during warm-up. */
    long plannedWarmupRequests() {
        return Math.round(rate * seconds(warmup));
    }

    /** The target as a URL, for reports. */
    public String url() {
        return "http://" + host() + ":" + port + path;
    }

    /** Mutable collector of settings; {@link #build()} validates them. */
    public static final class Builder {
        private String url = DEFAULT_URL;
        private String path;
        private Mode mode = Mode.OPEN;
        private Double rate;
        private Duration duration = DEFAULT_DURATION;
        private Duration warmup = DEFAULT_WARMUP;
        private Duration drain = DEFAULT_DRAIN;
        private int connections = DEFAULT_CONNECTIONS;
        private int threads = DEFAULT_THREADS;
        private int pipeline = DEFAULT_PIPELINE;
        private Path codesFile;
        private double repeatRatio;
        private double forgedRatio;
        private int deviceCount = DEFAULT_DEVICE_COUNT;
        private boolean withConsumer;
        private long seed = DEFAULT_SEED;

        private Builder() {
        }

        public Builder url(final String v) {
            url = v;
            return this;
        }

        /** {@code null}: the URL's path, else {@value LoadConfig#DEFAULT_PATH}. */
        public Builder path(final String v) {
            path = v;
            return this;
        }

        public Builder mode(final Mode v) {
            mode = v;
            return this;
        }

        /** {@code null}: none (allowed only in max mode). */
        public Builder rate(final Double v) {
            rate = v;
            return this;
        }

        public Builder duration(final Duration v) {
            duration = v;
            return this;
        }

        public Builder warmup(final Duration v) {
            warmup = v;
            return this;
        }

        public Builder drain(final Duration v) {
            drain = v;
            return this;
        }

        public Builder connections(final int v) {
            connections = v;
            return this;
        }

        public Builder pipeline(final int v) {
            pipeline = v;
            return this;
        }

        public Builder threads(final int v) {
            threads = v;
            return this;
        }

        public Builder codesFile(final Path v) {
            codesFile = v;
            return this;
        }

        public Builder repeatRatio(final double v) {
            repeatRatio = v;
            return this;
        }

        public Builder forgedRatio(final double v) {
            forgedRatio = v;
            return this;
        }

        public Builder deviceCount(final int v) {
            deviceCount = v;
            return this;
        }

        public Builder withConsumer(final boolean v) {
            withConsumer = v;
            return this;
        }

        public Builder seed(final long v) {
            seed = v;
            return this;
        }

        public LoadConfig build() {
            return new LoadConfig(this);
        }
    }
}
