package io.scangate.loadtest.gen;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code scangate loadtest}: an HTTP/1.1 load generator on Netty for scangate and its baselines.
 *
 * <p>Open model by default: a fixed target rate spread over keep-alive connections, each request
 * with an intended send time and its latency measured from that time (coordinated-omission
 * corrected), so a slow or stalled server cannot slow the generator down and hide its own delays.
 * A connection has at most one request in flight: a request due while the previous answer is still
 * outstanding waits and goes out when that answer arrives (queued, not pipelined), its wait
 * counted in its latency. {@code --mode max} is the closed model for maximum throughput.
 *
 * <p>Targets 127.0.0.1 only; the run is bounded by its duration plus a drain, and by
 * 1.1 x rate x (warm-up + duration) requests.
 */
@Command(name = "scangate loadtest", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {
            "Open-model HTTP load generator: a fixed request rate over keep-alive connections, latency measured from each request's "
                + "intended send time (coordinated-omission corrected) into HdrHistogram. At most one request per connection is in "
                + "flight; one that falls due while its connection waits for an answer is sent when the answer arrives, its wait "
                + "counted. --mode max is the closed model (next request as soon as the answer arrives) for maximum throughput.",
            "Targets 127.0.0.1 only. Prints a summary; --out PREFIX also writes PREFIX.json (rate, counts by status, errors, "
                + "percentiles in microseconds), PREFIX.hgrm (latency percentile distribution in milliseconds) and PREFIX.hlog "
                + "(HdrHistogram log of the latency, service-time and send-lag histograms in nanoseconds)."})
public final class LoadGenerator implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--url", paramLabel = "URL", defaultValue = LoadConfig.DEFAULT_URL,
            description = "Server to load: http://127.0.0.1:PORT or http://localhost:PORT (always connected to as 127.0.0.1); "
                + "anything else is refused. Default: ${DEFAULT-VALUE}.")
    String url;

    @Option(names = "--path", paramLabel = "PATH",
            description = "Request path. Default: the URL's path, else " + LoadConfig.DEFAULT_PATH + ", a POST of a JSON scan "
                + "{\"code\",\"device\",\"region\"}. A path containing {code} (e.g. /c/{code}) is a GET with the code in the path "
                + "and the device in X-Device-Id.")
    String path;

    @Option(names = "--mode", paramLabel = "open|max", defaultValue = "open",
            description = "open: fixed --rate (default); max: closed model, each connection sends its next request as soon as "
                + "the answer arrives.")
    Mode mode;

    @Option(names = "--rate", paramLabel = "REQ/S",
            description = "Target rate in requests per second (required in open mode). In max mode only a bound on the request "
                + "count (default " + (long) LoadConfig.DEFAULT_MAX_MODE_CEILING + ").")
    Double rate;

    @Option(names = "--duration", paramLabel = "TIME", defaultValue = "10s", converter = DurationConverter.class,
            description = "Measured time after the warm-up, e.g. 30s, 500ms, 2m. Default: ${DEFAULT-VALUE}.")
    Duration duration;

    @Option(names = "--warmup", paramLabel = "TIME", defaultValue = "2s", converter = DurationConverter.class,
            description = "Load sent before measuring (same rate, not recorded). Default: ${DEFAULT-VALUE}.")
    Duration warmup;

    @Option(names = "--drain", paramLabel = "TIME", defaultValue = "5s", converter = DurationConverter.class,
            description = "How long after the send window outstanding requests are still waited for; what is left then counts "
                + "as unanswered. Default: ${DEFAULT-VALUE}.")
    Duration drain;

    @Option(names = "--connections", paramLabel = "N", defaultValue = "64",
            description = "Keep-alive connections. In open mode they must sustain the rate with one request in flight each "
                + "(connections / latency >= rate). Default: ${DEFAULT-VALUE}.")
    int connections;

    @Option(names = "--pipeline", paramLabel = "N", defaultValue = "1",
            description = "Requests a connection may have in flight at once (HTTP/1.1 pipelining, answers in order), 1.."
                + LoadConfig.MAX_PIPELINE + ". With more than 1, an open-model request that falls due is sent at once unless N "
                + "are in flight: how an impatient or hostile client piles load on a server. Default: ${DEFAULT-VALUE}.")
    int pipeline;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "1",
            description = "Event loop threads of the generator (epoll if available). Default: ${DEFAULT-VALUE}.")
    int threads;

    @Option(names = "--codes", paramLabel = "FILE",
            description = "Codes, one a line, as `scangate codes issue` writes them. Without it: synthetic well-formed codes "
                + "(a scangate server answers them FORGED).")
    Path codes;

    @Option(names = "--repeat-ratio", paramLabel = "0..1", defaultValue = "0",
            description = "Share of requests that reuse a code already sent (uniformly); the rest take fresh codes from the file "
                + "in order. Default: ${DEFAULT-VALUE}.")
    double repeatRatio;

    @Option(names = "--forged-ratio", paramLabel = "0..1", defaultValue = "0",
            description = "Share of requests whose code has one character changed (answered FORGED). Default: ${DEFAULT-VALUE}.")
    double forgedRatio;

    @Option(names = "--device-count", paramLabel = "N", defaultValue = "1000",
            description = "Devices the scans come from (lg-000 ...), drawn uniformly. Default: ${DEFAULT-VALUE}.")
    int deviceCount;

    @Option(names = "--with-consumer", description = "Every scan carries a consumer id, its device's name (POST only): "
            + "each device is one consumer, each first scan of a code a purchase.")
    boolean withConsumer;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "" + LoadConfig.DEFAULT_SEED,
            description = "Seed of the repeat/forged/device draws. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--udp-port", paramLabel = "PORT",
            description = "UDP mode: send scan datagrams (docs/UDP.md) to 127.0.0.1:PORT instead of HTTP; --rate is scans/s, "
                + "--connections is the number of UDP sockets, no retries (unanswered datagrams count as lost).")
    Integer udpPort;

    @Option(names = "--udp-batch", paramLabel = "N", defaultValue = "1",
            description = "UDP mode: scans per datagram, 1 to 32. Default: ${DEFAULT-VALUE}.")
    int udpBatch;

    @Option(names = "--out", paramLabel = "PREFIX",
            description = "Also write PREFIX.json, PREFIX.hgrm and PREFIX.hlog.")
    String out;

    public static void main(final String[] args) {
        final PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        final PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        System.exit(run(out, err, args));
    }

    /** Runs the command line {@code args}; returns the exit code (0 done, 1 run failed, 2 bad options). */
    static int run(final PrintWriter out, final PrintWriter err, final String... args) {
        return new CommandLine(new LoadGenerator())
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setOut(out)
                .setErr(err)
                .execute(args);
    }

    @Override
    public Integer call() {
        final PrintWriter stdout = spec.commandLine().getOut();
        final PrintWriter stderr = spec.commandLine().getErr();
        final LoadConfig config;
        try {
            config = LoadConfig.builder()
                    .url(url).path(path).mode(mode).rate(rate)
                    .duration(duration).warmup(warmup).drain(drain)
                    .connections(connections).threads(threads).pipeline(pipeline)
                    .codesFile(codes).repeatRatio(repeatRatio).forgedRatio(forgedRatio)
                    .deviceCount(deviceCount).withConsumer(withConsumer).seed(seed)
                    .build();
        } catch (final IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        if (udpPort != null) {
            try {
                return UdpLoad.run(config, udpPort, udpBatch, stdout);
            } catch (final IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage(), e);
            } catch (final IOException e) {
                stderr.println("loadtest: " + e.getMessage());
                return 1;
            }
        }
        stdout.println(ResultWriter.describe(config, Transport.best()));
        stdout.flush();
        final LoadResult result;
        try {
            result = LoadRun.execute(config);
        } catch (final IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        } catch (final IOException e) {
            stderr.println("loadtest: " + e.getMessage());
            return 1;
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            stderr.println("loadtest: interrupted");
            return 1;
        }
        ResultWriter.summary(result, stdout);
        if (out != null) {
            try {
                final List<Path> written = ResultWriter.write(result, out);
                stdout.println("wrote " + String.join(", ", written.stream().map(Path::toString).toList()));
            } catch (final IOException e) {
                stderr.println("loadtest: could not write " + out + ".*: " + e.getMessage());
                return 1;
            }
        }
        stdout.flush();
        return 0;
    }

    /** Durations as {@code 500ms}, {@code 10s}, {@code 1.5s}, {@code 2m}, or a plain number of seconds. */
    static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        private static final Pattern FORMAT = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)?");

        @Override
        public Duration convert(final String value) {
            final Matcher m = FORMAT.matcher(value.trim().toLowerCase(Locale.ROOT));
            if (!m.matches()) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not a duration like 500ms, 10s, 2m");
            }
            final double amount = Double.parseDouble(m.group(1));
            final String unit = m.group(2) == null ? "s" : m.group(2);
            final double nanosPerUnit = switch (unit) {
                case "ms" -> 1e6;
                case "m" -> 60e9;
                case "h" -> 3600e9;
                default -> 1e9;
            };
            final double nanos = amount * nanosPerUnit;
            if (nanos > Long.MAX_VALUE / 2.0) {
                throw new CommandLine.TypeConversionException("'" + value + "' is too long");
            }
            return Duration.ofNanos(Math.round(nanos));
        }
    }
}
