package io.scangate.server.udp;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.util.concurrent.EventExecutor;
import io.scangate.server.Transport;
import io.scangate.server.intake.ScanReplies;
import io.scangate.server.ops.ScanMetrics;
import io.scangate.verifier.code.CodeAuthenticator;
import io.scangate.verifier.ring.VerifierRing;

/**
 * The UDP scan port. On Linux (epoll) one datagram channel per event loop, all bound to the
 * same port with {@code SO_REUSEPORT} so the kernel spreads senders over the loops; elsewhere
 * (NIO) a single channel on one loop. Netty reads each datagram into 2048 bytes (the datagram
 * channels' default), more than {@code MAX_DATAGRAM}, so an oversized datagram arrives cut but
 * still oversized and is refused as such.
 *
 * <p>Concurrency: started and stopped by the lifecycle thread; channels live on their event loops.
 */
public final class UdpScanServer implements AutoCloseable {
    /** Socket buffers sized for bursts of datagrams (the kernel may cap them at rmem_max/wmem_max). */
    private static final int SOCKET_BUFFER_BYTES = 4 << 20;
    /**
     * Answers queued in a channel beyond what the socket took; past it answers are dropped and
     * counted (the client's retry gets the same answer). Netty's 64 KiB default is ~1,500 answers,
     * less than one group commit can release at once.
     */
    private static final int WRITE_QUEUE_BYTES = 4 << 20;

    private final List<Channel> channels;
    private final UdpMetrics metrics;

    private UdpScanServer(final List<Channel> channels, final UdpMetrics metrics) {
        this.channels = channels;
        this.metrics = metrics;
    }

    /**
     * Fails if another socket holds {@code address} already. {@code SO_REUSEPORT} would otherwise
     * let a second scangate of the same user join the port silently and take half the datagrams
     * into another data dir; a probe bound without the option is refused instead. Call before
     * anything is started. Port 0 (any free port) needs no probe.
     */
    public static void ensurePortFree(final InetSocketAddress address) {
        if (address.getPort() == 0) {
            return;
        }
        try (java.net.DatagramSocket probe = new java.net.DatagramSocket(null)) {
            probe.setReuseAddress(false);
            probe.bind(address);
        } catch (final java.net.SocketException e) {
            throw new IllegalStateException("udp.port " + address.getPort() + " on " + address.getAddress().getHostAddress()
                    + " is already in use (another scangate?): " + e.getMessage(), e);
        }
    }

    /** Binds the UDP port on {@code workers}' loops; {@code router} must be built on {@code workers}. */
    public static UdpScanServer bind(final Transport transport, final EventLoopGroup workers, final ScanReplies router,
                                     final CodeAuthenticator authenticator, final VerifierRing ring, final ScanMetrics metrics,
                                     final InetSocketAddress address) throws InterruptedException {
        final UdpMetrics udpMetrics = new UdpMetrics(metrics.registry());
        metrics.transport(ScanMetrics.UDP); // the udp series exist, at 0, from the moment the port is bound
        final UdpContext shared = new UdpContext(authenticator, ring, router, metrics, udpMetrics);
        final List<EventLoop> loops = new ArrayList<>();
        if (transport.reusePort()) {
            for (final EventExecutor e : workers) {
                loops.add((EventLoop) e);
            }
        } else {
            loops.add(workers.next());
        }
        final List<Channel> channels = new ArrayList<>();
        InetSocketAddress bindTo = address;
        try {
            for (final EventLoop loop : loops) {
                final Bootstrap b = new Bootstrap()
                        .group(loop)
                        .channel(transport.datagramChannel())
                        .option(ChannelOption.SO_RCVBUF, SOCKET_BUFFER_BYTES)
                        .option(ChannelOption.SO_SNDBUF, SOCKET_BUFFER_BYTES)
                        .option(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(WRITE_QUEUE_BYTES / 2, WRITE_QUEUE_BYTES))
                        .handler(new UdpScanHandler(shared, router.forLoop(loop)));
                if (transport.reusePort()) {
                    b.option(EpollChannelOption.SO_REUSEPORT, true);
                }
                final Channel ch = b.bind(bindTo).sync().channel();
                channels.add(ch);
                // an ephemeral port (0) is chosen by the first bind; the other channels join it
                bindTo = new InetSocketAddress(address.getAddress(), ((InetSocketAddress) ch.localAddress()).getPort());
            }
        } catch (final InterruptedException | RuntimeException e) {
            for (final Channel ch : channels) {
                ch.close().syncUninterruptibly();
            }
            throw e;
        }
        return new UdpScanServer(List.copyOf(channels), udpMetrics);
    }

    public int port() {
        return ((InetSocketAddress) channels.get(0).localAddress()).getPort();
    }

    /** Datagram channels bound (one per event loop with SO_REUSEPORT). */
    public int channelCount() {
        return channels.size();
    }

    public UdpMetrics metrics() {
        return metrics;
    }

    /** Stops receiving; answers still coming back from the verifier are dropped (clients retry). */
    @Override
    public void close() {
        for (final Channel ch : channels) {
            ch.close().syncUninterruptibly();
        }
    }
}
