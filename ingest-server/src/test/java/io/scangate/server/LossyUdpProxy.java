package io.scangate.server;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Test support: a UDP proxy on 127.0.0.1 between one client and the server that drops,
 * duplicates and reorders datagrams in both directions, from a seeded random source.
 */
final class LossyUdpProxy implements AutoCloseable {
    private final DatagramSocket front;
    private final DatagramSocket back;
    private final InetSocketAddress server;
    private final double drop;
    private final double duplicate;
    private final double reorder;
    private final Thread up;
    private final Thread down;
    private volatile SocketAddress client;
    final AtomicLong dropped = new AtomicLong();
    final AtomicLong duplicated = new AtomicLong();
    final AtomicLong reordered = new AtomicLong();

    LossyUdpProxy(final int serverPort, final double drop, final double duplicate, final double reorder, final long seed)
            throws IOException {
        this.front = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        this.back = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        this.server = new InetSocketAddress(InetAddress.getLoopbackAddress(), serverPort);
        this.drop = drop;
        this.duplicate = duplicate;
        this.reorder = reorder;
        this.up = new Thread(() -> pump(front, back, true, new Random(seed)), "lossy-up");
        this.down = new Thread(() -> pump(back, front, false, new Random(seed + 1)), "lossy-down");
        up.setDaemon(true);
        down.setDaemon(true);
        up.start();
        down.start();
    }

    int port() {
        return front.getLocalPort();
    }

    private void pump(final DatagramSocket from, final DatagramSocket to, final boolean toServer, final Random random) {
        final byte[] buf = new byte[4096];
        byte[] held = null;
        try {
            while (true) {
                final DatagramPacket in = new DatagramPacket(buf, buf.length);
                from.receive(in);
                if (toServer) {
                    client = in.getSocketAddress();
                }
                final SocketAddress target = toServer ? server : client;
                final byte[] data = java.util.Arrays.copyOf(buf, in.getLength());
                if (random.nextDouble() < drop) {
                    dropped.incrementAndGet();
                    continue;
                }
                if (held == null && random.nextDouble() < reorder) {
                    held = data; // goes out after the next datagram
                    reordered.incrementAndGet();
                    continue;
                }
                to.send(new DatagramPacket(data, data.length, target));
                if (random.nextDouble() < duplicate) {
                    duplicated.incrementAndGet();
                    to.send(new DatagramPacket(data, data.length, target));
                }
                if (held != null) {
                    to.send(new DatagramPacket(held, held.length, target));
                    held = null;
                }
            }
        } catch (final IOException closed) {
            // the proxy was closed
        }
    }

    @Override
    public void close() {
        front.close();
        back.close();
        try {
            up.join(5000);
            down.join(5000);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
