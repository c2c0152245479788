package io.scangate.loadtest.tools;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A slowloris attack on a scangate scan port, for the hardening measurements and tests: opens
 * {@code connections} connections from a chosen loopback source address, starts a request on each
 * ({@code GET /c/}) and then trickles one more byte of it on every connection each
 * {@code trickle} interval, never finishing the head, until the server closes the connection or the
 * attack's time is up. Reports how many the server refused at once (closed before the trickle
 * began, e.g. an over-cap {@code 503}), how many it cut later and after how long, and how many
 * were still open at the end.
 *
 * <pre>
 * java -cp loadtest/target/benchmarks.jar io.scangate.loadtest.tools.Slowloris --port PORT \
 *     [--connections 2000] [--source 127.0.0.2] [--trickle-ms 500] [--max-seconds 30]
 * </pre>
 *
 * <p>The target is always 127.0.0.1; the source is a loopback address (127.0.0.0/8), so that the
 * attack can be told apart from honest clients on 127.0.0.1 by the per-address limits.
 *
 * <p>Concurrency: one thread; non-blocking channels polled in a loop bounded by {@code maxMillis}.
 */
public final class Slowloris {
    private static final byte[] HEAD = "GET /c/".getBytes(StandardCharsets.US_ASCII);
    private static final String USAGE = "usage: Slowloris --port PORT [--connections N] [--source 127.x.y.z] [--trickle-ms N] [--max-seconds N]";

    /** What one attack saw; times in milliseconds from each connection's first byte sent. */
    public record Result(int opened, int refusedAtConnect, int refusedEarly, int cut, int stillOpen, long[] cutAfterMillis) {
        /** The {@code q} quantile (0..1) of the cut times, or -1 if none was cut. */
        public long cutQuantileMillis(final double q) {
            if (cutAfterMillis.length == 0) {
                return -1;
            }
            final long[] sorted = cutAfterMillis.clone();
            Arrays.sort(sorted);
            return sorted[Math.min(sorted.length - 1, (int) Math.floor(q * sorted.length))];
        }

        /** One line of {@code key=value} pairs, for scripts. */
        public String line() {
            return String.format(Locale.ROOT, "opened=%d refused_at_connect=%d refused_early=%d cut=%d still_open=%d"
                            + " cut_p50_ms=%d cut_max_ms=%d", opened, refusedAtConnect, refusedEarly, cut, stillOpen,
                    cutQuantileMillis(0.5), cutQuantileMillis(1.0));
        }
    }

    private final long trickleMillis;
    private final List<SocketChannel> open;
    private final long[] startedNanos;
    private final int[] sent;
    private final long[] cutAfter;
    private final ByteBuffer sink = ByteBuffer.allocate(4096);
    private final ByteBuffer one = ByteBuffer.allocate(1);
    private int refusedAtConnect;
    private int refusedEarly;
    private int cut;
    private int alive;

    private Slowloris(final int connections, final long trickleMillis) {
        this.trickleMillis = trickleMillis;
        this.open = new ArrayList<>(connections);
        this.startedNanos = new long[connections];
        this.sent = new int[connections];
        this.cutAfter = new long[connections];
    }

    /**
     * Runs the attack against 127.0.0.1:{@code port}; returns when every connection is closed or
     * {@code maxMillis} have passed (then the rest are closed by the attacker and counted open).
     * A connection closed by the server within {@code trickleMillis} of its first byte counts as
     * refused early, later as cut.
     */
    public static Result attack(final int port, final int connections, final InetAddress source, final long trickleMillis,
                                final long maxMillis) throws IOException, InterruptedException {
        if (!source.isLoopbackAddress()) {
            throw new IllegalArgumentException("--source must be a loopback address (127.0.0.0/8), was " + source.getHostAddress());
        }
        final Slowloris s = new Slowloris(connections, trickleMillis);
        final long deadline = System.nanoTime() + maxMillis * 1_000_000L;
        try {
            s.openAll(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), connections, source, deadline);
            while (s.alive > 0 && System.nanoTime() < deadline) {
                Thread.sleep(Math.max(1, Math.min(trickleMillis, 100)));
                s.trickleRound();
            }
            return new Result(s.open.size(), s.refusedAtConnect, s.refusedEarly, s.cut, s.alive, Arrays.copyOf(s.cutAfter, s.cut));
        } finally {
            for (final SocketChannel ch : s.open) {
                if (ch != null) {
                    ch.close();
                }
            }
        }
    }

    private void openAll(final InetSocketAddress target, final int connections, final InetAddress source, final long deadline) throws IOException {
        for (int i = 0; i < connections && System.nanoTime() < deadline; i++) {
            final SocketChannel ch = SocketChannel.open();
            try {
                ch.setOption(StandardSocketOptions.SO_LINGER, 0);
                ch.bind(new InetSocketAddress(source, 0));
                ch.connect(target);
                ch.configureBlocking(false);
                ch.write(ByteBuffer.wrap(HEAD));
            } catch (final IOException e) {
                ch.close();
                refusedAtConnect++;
                continue;
            }
            startedNanos[open.size()] = System.nanoTime();
            sent[open.size()] = HEAD.length;
            open.add(ch);
            alive++;
        }
    }

    /** Reads what the server said on every open connection and sends each its next byte when it is due. */
    private void trickleRound() throws IOException {
        final long now = System.nanoTime();
        for (int i = 0; i < open.size(); i++) {
            final SocketChannel ch = open.get(i);
            if (ch == null) {
                continue;
            }
            final long ageMillis = (now - startedNanos[i]) / 1_000_000L;
            boolean closed = readClosed(ch, sink);
            if (!closed && ageMillis >= (long) (sent[i] - HEAD.length + 1) * trickleMillis) {
                one.clear();
                one.put(0, (byte) 'A');
                try {
                    ch.write(one);
                    sent[i]++;
                } catch (final IOException e) {
                    closed = true;
                }
            }
            if (closed) {
                if (ageMillis < trickleMillis) {
                    refusedEarly++;
                } else {
                    cutAfter[cut++] = ageMillis;
                }
                ch.close();
                open.set(i, null);
                alive--;
            }
        }
    }

    /** True if the server closed or reset {@code ch}; whatever it answered is read and dropped. */
    private static boolean readClosed(final SocketChannel ch, final ByteBuffer sink) {
        try {
            int n;
            do {
                sink.clear();
                n = ch.read(sink);
            } while (n > 0);
            return n < 0;
        } catch (final IOException e) {
            return true;
        }
    }

    public static void main(final String[] args) throws Exception {
        final PrintStream out = System.out;
        int port = -1;
        int connections = 2000;
        InetAddress source = InetAddress.getByName("127.0.0.2");
        long trickleMillis = 500;
        long maxSeconds = 30;
        try {
            for (int i = 0; i < args.length; i += 2) {
                final String value = i + 1 < args.length ? args[i + 1] : null;
                if (value == null) {
                    throw new IllegalArgumentException(args[i] + " needs a value");
                }
                switch (args[i]) {
                    case "--port" -> port = Integer.parseInt(value);
                    case "--connections" -> connections = Integer.parseInt(value);
                    case "--source" -> source = InetAddress.getByName(value);
                    case "--trickle-ms" -> trickleMillis = Long.parseLong(value);
                    case "--max-seconds" -> maxSeconds = Long.parseLong(value);
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            if (port < 1 || port > 65535 || connections < 1 || connections > 20_000 || trickleMillis < 1 || maxSeconds < 1 || maxSeconds > 3600) {
                throw new IllegalArgumentException("out of range: --port 1..65535, --connections 1..20000, --trickle-ms >= 1, --max-seconds 1..3600");
            }
        } catch (final IllegalArgumentException e) {
            System.err.println("Slowloris: " + e.getMessage() + "\n" + USAGE);
            System.exit(2);
            return;
        }
        final Result r = attack(port, connections, source, trickleMillis, maxSeconds * 1000);
        out.println("RESULT " + r.line());
    }
}
