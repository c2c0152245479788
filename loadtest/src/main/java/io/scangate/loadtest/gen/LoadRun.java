package io.scangate.loadtest.gen;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;

/**
 * One load run: opens the connections, starts them on a common schedule, waits for the send
 * window and the drain, closes everything and merges the per-thread statistics into a
 * {@link LoadResult}. Every wait is bounded: connecting by {@link #CONNECT_TIMEOUT_MILLIS}, the run
 * by warm-up + duration + drain, the close by a few seconds; the request count by
 * {@link LoadConfig#maxRequests()}.
 *
 * <p>Concurrency: built and run by the calling thread; the event loops share the immutable parts,
 * the atomic request budget and fresh-code cursor, the finish latch and the volatile
 * {@link #stopping} flag. Each event loop thread writes only its own {@link LoopStats}.
 */
public final class LoadRun {
    static final int CONNECT_TIMEOUT_MILLIS = 5_000;
    private static final long START_DELAY_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    private static final long CLOSE_TIMEOUT_SECONDS = 5;
    /** Synthetic codes (no {@code --codes}) are cycled from a pool of at most this many. */
    private static final int SYNTHETIC_CODES = 1 << 16;

    private final LoadConfig config;
    private final AsciiTable codes;
    private final AsciiTable devices;
    private final RequestMix mix;
    private final RequestTemplate template;
    private final int requestCapacity;
    private final long maxRequests;
    final AtomicLong budget = new AtomicLong();
    private final CountDownLatch finishedConnections;
    private final Map<Thread, LoopStats> statsByThread = new ConcurrentHashMap<>();
    /** Set by the run's thread before it closes the connections: a close after this is not an error. */
    volatile boolean stopping;

    private LoadRun(final LoadConfig config, final AsciiTable codes) {
        this.config = config;
        this.codes = codes;
        this.devices = AsciiTable.deviceNames(config.deviceCount());
        this.mix = new RequestMix(codes, config.repeatRatio(), config.forgedRatio(), config.deviceCount(), config.seed());
        this.template = RequestTemplate.of(config.host(), config.port(), config.path(), config.withConsumer());
        this.requestCapacity = template.maxLength(codes.maxLength(), devices.maxLength());
        this.maxRequests = config.maxRequests();
        this.finishedConnections = new CountDownLatch(config.connections());
    }

    /**
     * Runs {@code config} to the end and returns what it measured.
     *
     * @throws IOException if the codes file cannot be read or a connection cannot be opened
     * @throws IllegalArgumentException if the codes file holds something that is not a code
     */
    public static LoadResult execute(final LoadConfig config) throws IOException, InterruptedException {
        final int codeLimit = (int) Math.min(config.maxRequests(), AsciiTable.MAX_CODES);
        final AsciiTable codes = config.codesFile() != null
                ? AsciiTable.readCodes(config.codesFile(), codeLimit)
                : AsciiTable.syntheticCodes(Math.min(codeLimit, SYNTHETIC_CODES), config.seed());
        return new LoadRun(config, codes).run(Transport.best());
    }

    private LoadResult run(final Transport transport) throws IOException, InterruptedException {
        final EventLoopGroup group = transport.group(config.threads(), "loadgen");
        final List<Channel> channels = new ArrayList<>(config.connections());
        final Schedule schedule;
        final long startMillis;
        try {
            connect(transport, group, channels);
            startMillis = System.currentTimeMillis();
            schedule = Schedule.of(config, System.nanoTime() + START_DELAY_NANOS);
            for (final Channel ch : channels) {
                final LoadConnection connection = ch.pipeline().get(LoadConnection.class);
                ch.eventLoop().execute(() -> connection.start(schedule));
            }
            final long waitNanos = schedule.sendEnd() - System.nanoTime() + config.drain().toNanos();
            finishedConnections.await(Math.max(0, waitNanos), TimeUnit.NANOSECONDS);
        } finally {
            stopping = true;
            for (final Channel ch : channels) {
                ch.close();
            }
            for (final Channel ch : channels) {
                ch.closeFuture().await(CLOSE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            }
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(CLOSE_TIMEOUT_SECONDS * 2, TimeUnit.SECONDS);
        }
        return LoadResult.merge(config, transport, schedule, startMillis, statsByThread.values());
    }

    private void connect(final Transport transport, final EventLoopGroup group, final List<Channel> channels)
            throws IOException, InterruptedException {
        final InetSocketAddress address = new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), config.port());
        final Bootstrap bootstrap = new Bootstrap()
                .group(group)
                .channel(transport.clientChannel())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, CONNECT_TIMEOUT_MILLIS);
        final ChannelFuture[] futures = new ChannelFuture[config.connections()];
        for (int c = 0; c < futures.length; c++) {
            final int index = c;
            futures[c] = bootstrap.clone().handler(new ChannelInitializer<SocketChannel>() {
                @Override
                protected void initChannel(final SocketChannel ch) {
                    // Runs on the channel's event loop: the stats object is that thread's own.
                    final LoopStats stats = statsByThread.computeIfAbsent(Thread.currentThread(), t -> new LoopStats());
                    final LoadConnection connection = new LoadConnection(LoadRun.this, stats, index);
                    ch.pipeline().addLast("framer", new ResponseFramer(connection));
                    ch.pipeline().addLast("load", connection);
                }
            }).connect(address);
        }
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CONNECT_TIMEOUT_MILLIS + 1_000L);
        Throwable failure = null;
        int failed = 0;
        for (final ChannelFuture f : futures) {
            final long left = Math.max(0, deadline - System.nanoTime());
            if (f.await(left, TimeUnit.NANOSECONDS) && f.isSuccess()) {
                channels.add(f.channel());
            } else {
                failed++;
                failure = failure != null ? failure : f.cause();
                f.channel().close();
            }
        }
        if (failed > 0) {
            throw new IOException("could not open " + failed + " of " + futures.length + " connections to 127.0.0.1:" + config.port()
                    + (failure != null ? ": " + failure.getMessage() : " (timed out)"), failure);
        }
    }

    void connectionFinished() {
        finishedConnections.countDown();
    }

    LoadConfig config() {
        return config;
    }

    AsciiTable codes() {
        return codes;
    }

    AsciiTable devices() {
        return devices;
    }

    RequestMix mix() {
        return mix;
    }

    RequestTemplate template() {
        return template;
    }

    int requestCapacity() {
        return requestCapacity;
    }

    long maxRequests() {
        return maxRequests;
    }

    /**
     * The run's clock, in {@link System#nanoTime()} terms: request {@code j} of the open model is
     * intended at {@code t0 + j * nanosPerRequest}; measurement starts at the first request after
     * warm-up (open) or at {@code t0 + warm-up} (max); the send window ends at {@code sendEnd}.
     */
    record Schedule(long t0, double nanosPerRequest, long measureStart, long sendEnd) {
        static Schedule of(final LoadConfig config, final long t0) {
            final double perRequest = 1e9 / config.rate();
            if (config.mode() == Mode.OPEN) {
                return new Schedule(t0, perRequest, t0 + (long) (config.plannedWarmupRequests() * perRequest),
                        t0 + (long) (config.plannedRequests() * perRequest));
            }
            final long measureStart = t0 + config.warmup().toNanos();
            return new Schedule(t0, perRequest, measureStart, measureStart + config.duration().toNanos());
        }

        long intended(final long j) {
            return t0 + (long) (j * nanosPerRequest);
        }
    }
}
