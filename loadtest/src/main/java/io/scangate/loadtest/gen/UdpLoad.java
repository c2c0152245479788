package io.scangate.loadtest.gen;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.locks.LockSupport;

import org.HdrHistogram.Histogram;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.concurrent.UnsafeBuffer;

import io.scangate.client.protocol.ResponseDecoder;
import io.scangate.client.protocol.ScanRequestEncoder;
import io.scangate.client.protocol.UdpProtocol;

/**
 * The load generator's UDP mode ({@code --udp-port}): scan datagrams of {@code batch} scans each
 * from {@code connections} sockets on one thread. Open model: datagram k is due at
 * {@code start + k / (rate / batch)} and its latency is measured from that intended time
 * (coordinated-omission corrected); {@code --mode max} keeps {@code connections} datagrams in
 * flight. No retries: a datagram unanswered at the end of the drain counts as lost.
 *
 * <p>Concurrency: one thread.
 */
final class UdpLoad {
    private static final int MAX_CODES = 2_000_000;

    private final LoadConfig config;
    private final int port;
    private final int batch;
    private final List<byte[]> codes;
    private final byte[][] devices;
    private final SplittableRandom random;
    private final byte[] region = "CN-31".getBytes(StandardCharsets.US_ASCII);
    private final UnsafeBuffer sendBuffer = new UnsafeBuffer(ByteBuffer.allocateDirect(UdpProtocol.MAX_DATAGRAM));
    private final UnsafeBuffer receiveBuffer = new UnsafeBuffer(ByteBuffer.allocateDirect(UdpProtocol.MAX_DATAGRAM + 1));
    private final ScanRequestEncoder encoder = new ScanRequestEncoder();
    private final ResponseDecoder decoder = new ResponseDecoder();
    private final Long2LongHashMap outstanding = new Long2LongHashMap(-1L);
    private final Histogram latency = new Histogram(1_000L, 3_600_000_000_000L, 3);
    private final long[] statuses = new long[8];
    private final long[] verdicts = new long[8];
    private long errorResponses;
    private long nextCode;
    private long requestId = System.nanoTime() * 0x9E3779B97F4A7C15L;
    private long sent;
    private long answered;
    private long measuredAnswered;
    private long measureStart;

    private UdpLoad(final LoadConfig config, final int port, final int batch, final List<byte[]> codes) {
        this.config = config;
        this.port = port;
        this.batch = batch;
        this.codes = codes;
        this.random = new SplittableRandom(config.seed());
        this.devices = new byte[config.deviceCount()][];
        for (int i = 0; i < devices.length; i++) {
            devices[i] = String.format(Locale.ROOT, "lg-%03d", i).getBytes(StandardCharsets.US_ASCII);
        }
    }

    /** Runs the UDP load described by {@code config} against 127.0.0.1:{@code port} and prints a summary. */
    static int run(final LoadConfig config, final int port, final int batch, final PrintWriter out) throws IOException {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("--udp-port must be 1 to 65535");
        }
        if (batch < 1 || batch > UdpProtocol.MAX_SCANS) {
            throw new IllegalArgumentException("--udp-batch must be 1 to " + UdpProtocol.MAX_SCANS);
        }
        final List<byte[]> codes = new ArrayList<>();
        if (config.codesFile() != null) {
            try (BufferedReader r = Files.newBufferedReader(config.codesFile(), StandardCharsets.US_ASCII)) {
                String line;
                while (codes.size() < MAX_CODES && (line = r.readLine()) != null) {
                    if (!line.isBlank()) {
                        codes.add(line.trim().getBytes(StandardCharsets.US_ASCII));
                    }
                }
            }
        }
        if (codes.isEmpty()) {
            codes.add("00000000000000000000".getBytes(StandardCharsets.US_ASCII)); // answered FORGED
        }
        return new UdpLoad(config, port, batch, codes).execute(out);
    }

    private int execute(final PrintWriter out) throws IOException {
        final InetSocketAddress server = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        final List<DatagramChannel> sockets = new ArrayList<>();
        try (Selector selector = Selector.open()) {
            for (int i = 0; i < config.connections(); i++) {
                final DatagramChannel ch = DatagramChannel.open();
                sockets.add(ch);
                ch.configureBlocking(false);
                ch.connect(server);
                ch.register(selector, SelectionKey.OP_READ);
            }
            run(selector, sockets);
        } finally {
            for (final DatagramChannel ch : sockets) {
                ch.close();
            }
        }
        summary(out);
        return 0;
    }

    /** Sends on schedule (open model) or on each answer (closed model) until the run and its drain end. */
    private void run(final Selector selector, final List<DatagramChannel> sockets) throws IOException {
        final boolean open = config.mode() == Mode.OPEN;
        final long intervalNanos = open ? Math.max(1, (long) (1e9 / (config.rate() / batch))) : 0;
        final long start = System.nanoTime() + 100_000_000L;
        measureStart = start + config.warmup().toNanos();
        final long sendEnd = measureStart + config.duration().toNanos();
        final long drainEnd = sendEnd + config.drain().toNanos();
        final long maxDatagrams = (long) Math.ceil(config.maxRequests() / (double) batch);
        long due = start;
        int next = 0;
        if (!open) {
            LockSupport.parkNanos(start - System.nanoTime());
            for (int i = 0; i < sockets.size() && sent < maxDatagrams; i++) {
                send(sockets.get(i), System.nanoTime());
            }
        }
        while (true) {
            final long now = System.nanoTime();
            if (now >= drainEnd || now >= sendEnd && outstanding.isEmpty()) {
                break;
            }
            if (open) {
                while (due <= now && due < sendEnd && sent < maxDatagrams) {
                    send(sockets.get(next), due);
                    next = next + 1 == sockets.size() ? 0 : next + 1;
                    due += intervalNanos;
                }
            }
            final int answeredBefore = (int) answered;
            if (selector.selectNow() > 0) {
                for (final SelectionKey key : selector.selectedKeys()) {
                    receiveAll((DatagramChannel) key.channel(), !open && System.nanoTime() < sendEnd && sent < maxDatagrams);
                }
                selector.selectedKeys().clear();
            }
            if (answered == answeredBefore) {
                final long wait = open ? Math.min(due - System.nanoTime(), 50_000L) : 20_000L;
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
            }
        }
    }

    private void send(final DatagramChannel ch, final long intendedNanos) throws IOException {
        final long id = requestId++;
        encoder.wrap(sendBuffer, 0).header(id, devices[random.nextInt(devices.length)], region);
        for (int i = 0; i < batch; i++) {
            final double r = random.nextDouble();
            final int index;
            if (r < config.repeatRatio() && nextCode > 0) {
                index = (int) (random.nextLong(nextCode) % codes.size());
            } else {
                index = (int) (nextCode++ % codes.size());
            }
            encoder.addScan(codes.get(index), EMPTY);
        }
        final ByteBuffer bb = sendBuffer.byteBuffer().duplicate();
        bb.limit(encoder.length()).position(0);
        ch.write(bb);
        outstanding.put(id, intendedNanos);
        sent++;
    }

    private static final byte[] EMPTY = new byte[0];

    private void receiveAll(final DatagramChannel ch, final boolean sendNext) throws IOException {
        final ByteBuffer bb = receiveBuffer.byteBuffer().duplicate();
        while (true) {
            bb.clear();
            final int n = ch.read(bb);
            if (n <= 0) {
                return;
            }
            final long now = System.nanoTime();
            decoder.wrap(receiveBuffer, 0, n);
            final int type = decoder.decode();
            if (type < 0) {
                continue;
            }
            final long intended = outstanding.remove(decoder.requestId());
            if (intended < 0) {
                continue;
            }
            answered++;
            if (type == UdpProtocol.TYPE_ERROR) {
                errorResponses++;
            } else {
                for (int i = 0; i < decoder.scanCount(); i++) {
                    statuses[Math.min(decoder.status(i), 7)]++;
                    verdicts[Math.min(decoder.verdict(i), 7)]++;
                }
            }
            if (intended >= measureStart) {
                measuredAnswered++;
                latency.recordValue(Math.max(1_000L, Math.min(now - intended, 3_600_000_000_000L)));
            }
            if (sendNext) {
                send(ch, now);
            }
        }
    }

    private void summary(final PrintWriter out) {
        final double seconds = config.duration().toNanos() / 1e9;
        out.printf(Locale.ROOT, "udp: %d datagrams of %d scan(s) sent, %d answered, %d unanswered (lost), %d error responses%n",
                sent, batch, answered, outstanding.size(), errorResponses);
        out.printf(Locale.ROOT, "udp: measured %d datagrams = %.0f scans/s (%.0f datagrams/s) over %.1f s%n",
                measuredAnswered, measuredAnswered * batch / seconds, measuredAnswered / seconds, seconds);
        final StringBuilder v = new StringBuilder("udp: verdicts");
        for (int i = 1; i < verdicts.length; i++) {
            if (verdicts[i] > 0) {
                v.append(' ').append(UdpProtocol.verdictName(i)).append('=').append(verdicts[i]);
            }
        }
        for (int i = 1; i < statuses.length; i++) {
            if (statuses[i] > 0) {
                v.append(' ').append(UdpProtocol.statusName(i)).append('=').append(statuses[i]);
            }
        }
        out.println(v);
        out.printf(Locale.ROOT, "udp: latency per datagram (from intended send, ms): p50 %.3f  p90 %.3f  p99 %.3f  p99.9 %.3f  max %.3f%n",
                latency.getValueAtPercentile(50) / 1e6, latency.getValueAtPercentile(90) / 1e6, latency.getValueAtPercentile(99) / 1e6,
                latency.getValueAtPercentile(99.9) / 1e6, latency.getMaxValue() / 1e6);
        out.flush();
    }
}
