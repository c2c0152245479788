package io.scangate.client;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.agrona.concurrent.UnsafeBuffer;

import io.scangate.client.protocol.ResponseDecoder;
import io.scangate.client.protocol.ScanRequestEncoder;
import io.scangate.client.protocol.UdpProtocol;

/**
 * A blocking client of the UDP scan protocol for one device (a scanner or gateway). Scans are
 * batched into as few datagrams as fit ({@link UdpProtocol#MAX_SCANS} scans and
 * {@link UdpProtocol#MAX_DATAGRAM} bytes each), up to {@code maxInFlight} datagrams are sent at
 * once, and a datagram that gets no answer within {@code timeout} is sent again, byte for byte
 * with the same {@code requestId}, up to {@code retries} times: the server answers a retry with
 * the original answer and counts nothing twice, so lost datagrams and lost answers are both safe.
 *
 * <pre>
 * try (UdpScanClient client = UdpScanClient.builder(new InetSocketAddress("10.0.0.5", 8081))
 *         .device("line-3-scanner").region("CN-31").build()) {
 *     List&lt;ScanResult&gt; answers = client.scan(List.of(Scan.of(code1), Scan.of(code2)));
 * }
 * </pre>
 *
 * <p>Concurrency: not thread-safe; use one client per thread (each has its own socket).
 */
public final class UdpScanClient implements AutoCloseable {
    private final DatagramSocket socket;
    private final byte[] device;
    private final byte[] region;
    private final int timeoutMillis;
    private final int retries;
    private final int maxInFlight;
    private final int maxScansPerDatagram;
    private final UnsafeBuffer sendBuffer = new UnsafeBuffer(new byte[UdpProtocol.MAX_DATAGRAM]);
    private final ScanRequestEncoder encoder = new ScanRequestEncoder();
    private final byte[] receiveBytes = new byte[UdpProtocol.MAX_DATAGRAM + 1];
    private final UnsafeBuffer receiveBuffer = new UnsafeBuffer(receiveBytes);
    private final ResponseDecoder decoder = new ResponseDecoder();
    private long nextRequestId;

    private UdpScanClient(final Builder b) throws IOException {
        this.device = b.device.getBytes(StandardCharsets.UTF_8);
        this.region = b.region == null ? new byte[0] : b.region.getBytes(StandardCharsets.US_ASCII);
        if (device.length < 1 || device.length > UdpProtocol.MAX_DEVICE_BYTES) {
            throw new IllegalArgumentException("device must be 1 to " + UdpProtocol.MAX_DEVICE_BYTES + " bytes of UTF-8");
        }
        if (region.length > UdpProtocol.MAX_REGION_BYTES) {
            throw new IllegalArgumentException("region must be ISO 3166-1 alpha-2 or ISO 3166-2, such as CN or CN-31");
        }
        this.timeoutMillis = (int) Math.max(1, b.timeout.toMillis());
        this.retries = b.retries;
        this.maxInFlight = b.maxInFlight;
        this.maxScansPerDatagram = b.maxScansPerDatagram;
        this.nextRequestId = b.firstRequestId != null ? b.firstRequestId : new SecureRandom().nextLong();
        this.socket = new DatagramSocket();
        socket.connect(b.server);
    }

    public static Builder builder(final InetSocketAddress server) {
        return new Builder(server);
    }

    /** Scans one code. */
    public ScanResult scan(final String code) throws IOException {
        return scan(List.of(Scan.of(code))).get(0);
    }

    /**
     * Sends {@code scans} in as few datagrams as fit and returns one answer per scan, in order.
     * Throws {@link UdpScanException} if the server refuses a datagram or a datagram stays
     * unanswered after all retries (scans of that datagram may or may not have been counted; a
     * later retry with the same request id would tell, which this call does not do).
     */
    public List<ScanResult> scan(final List<Scan> scans) throws IOException {
        final List<Pending> all = new ArrayList<>();
        int i = 0;
        while (i < scans.size()) {
            final int first = i;
            encoder.wrap(sendBuffer, 0).header(nextRequestId++, device, region);
            while (i < scans.size() && encoder.scanCount() < maxScansPerDatagram) {
                final byte[] code = scans.get(i).code().getBytes(StandardCharsets.UTF_8);
                final String c = scans.get(i).consumer();
                final byte[] consumer = c == null ? new byte[0] : c.getBytes(StandardCharsets.UTF_8);
                if (encoder.length() + ScanRequestEncoder.scanLength(code, consumer) > UdpProtocol.MAX_DATAGRAM) {
                    break;
                }
                encoder.addScan(code, consumer);
                i++;
            }
            if (encoder.scanCount() == 0) {
                throw new IllegalArgumentException("scan " + i + " does not fit a datagram");
            }
            final byte[] datagram = new byte[encoder.length()];
            sendBuffer.getBytes(0, datagram);
            all.add(new Pending(sendBuffer.getLong(UdpProtocol.REQUEST_ID_OFFSET, java.nio.ByteOrder.LITTLE_ENDIAN), datagram,
                    scans, first, i - first));
        }
        final ScanResult[] results = new ScanResult[scans.size()];
        for (int from = 0; from < all.size(); from += maxInFlight) {
            exchange(all.subList(from, Math.min(all.size(), from + maxInFlight)), results);
        }
        return List.of(results);
    }

    /** Sends a window of datagrams and resends the unanswered until all are answered or retries run out. */
    private void exchange(final List<Pending> window, final ScanResult[] results) throws IOException {
        final Map<Long, Pending> open = new LinkedHashMap<>(); // sent in scan order
        for (final Pending p : window) {
            open.put(p.requestId, p);
        }
        for (int attempt = 0; attempt <= retries && !open.isEmpty(); attempt++) {
            for (final Pending p : open.values()) {
                socket.send(new DatagramPacket(p.datagram, p.datagram.length));
            }
            // back off a little more on every retry (a lossy or busy path)
            final long deadline = System.nanoTime() + (long) timeoutMillis * (1 + attempt) * 1_000_000L;
            while (!open.isEmpty()) {
                final long left = (deadline - System.nanoTime()) / 1_000_000L;
                if (left <= 0) {
                    break;
                }
                final DatagramPacket in = new DatagramPacket(receiveBytes, receiveBytes.length);
                socket.setSoTimeout((int) Math.max(1, left));
                try {
                    socket.receive(in);
                } catch (final SocketTimeoutException e) {
                    break;
                } catch (final PortUnreachableException e) {
                    // nothing listens there (yet): a server restarting; wait out this attempt, then resend
                    pause(left);
                    break;
                }
                decoder.wrap(receiveBuffer, 0, in.getLength());
                final int type = decoder.decode();
                if (type < 0) {
                    continue; // not a server datagram: ignore
                }
                final Pending p = open.get(decoder.requestId());
                if (p == null) {
                    continue; // a late or duplicated answer to something already settled
                }
                if (type == UdpProtocol.TYPE_ERROR) {
                    if (decoder.errorCode() == UdpProtocol.ERROR_OVERLOADED) {
                        continue; // resent on the next attempt
                    }
                    throw new UdpScanException(decoder.errorCode(), "server refused request " + Long.toUnsignedString(p.requestId)
                            + ": " + UdpProtocol.errorName(decoder.errorCode()) + ": " + decoder.detail());
                }
                if (decoder.scanCount() != p.count) {
                    continue;
                }
                for (int i = 0; i < p.count; i++) {
                    results[p.first + i] = new ScanResult(p.scans.get(p.first + i).code(), decoder.status(i),
                            UdpProtocol.verdictName(decoder.verdict(i)), decoder.firstScan(i), decoder.scanCountOf(i),
                            decoder.alerts(i), decoder.rewardId(i), decoder.rewardAmount(i));
                }
                open.remove(p.requestId);
            }
        }
        if (!open.isEmpty()) {
            throw new UdpScanException(0, open.size() + " datagram(s) unanswered after " + (retries + 1) + " attempts of "
                    + timeoutMillis + " ms or more each");
        }
    }

    private static void pause(final long millis) throws IOException {
        try {
            Thread.sleep(millis);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while waiting to resend");
        }
    }

    @Override
    public void close() {
        socket.close();
    }

    /** One datagram of a call: its bytes (resent unchanged) and which scans it carries. */
    private record Pending(long requestId, byte[] datagram, List<Scan> scans, int first, int count) {
    }

    /** Settings of a client; validated by {@link #build}. */
    public static final class Builder {
        private final InetSocketAddress server;
        private String device = "scangate-client";
        private String region;
        private Duration timeout = Duration.ofMillis(250);
        private int retries = 4;
        private int maxInFlight = 16;
        private int maxScansPerDatagram = UdpProtocol.MAX_SCANS;
        private Long firstRequestId;

        private Builder(final InetSocketAddress server) {
            this.server = server;
        }

        /** The device id (1 to 64 bytes of UTF-8), as HTTP's {@code device}. */
        public Builder device(final String device) {
            this.device = device;
            return this;
        }

        /** ISO 3166 region of the scans, or null. */
        public Builder region(final String region) {
            this.region = region;
            return this;
        }

        /** How long to wait for an answer before the first resend (doubled, tripled... on later ones). */
        public Builder timeout(final Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        /** Resends of an unanswered datagram (0 = send once). */
        public Builder retries(final int retries) {
            this.retries = retries;
            return this;
        }

        /** Datagrams sent before waiting for answers. */
        public Builder maxInFlight(final int maxInFlight) {
            this.maxInFlight = maxInFlight;
            return this;
        }

        /** Scans per datagram, 1 to {@link UdpProtocol#MAX_SCANS}. */
        public Builder maxScansPerDatagram(final int n) {
            this.maxScansPerDatagram = n;
            return this;
        }

        /** The first request id (then +1 per datagram); default random, so restarts do not reuse ids. */
        public Builder firstRequestId(final long id) {
            this.firstRequestId = id;
            return this;
        }

        public UdpScanClient build() throws IOException {
            if (device == null) {
                throw new IllegalArgumentException("device is required");
            }
            if (timeout == null || timeout.isNegative() || timeout.isZero() || timeout.toMillis() > 60_000) {
                throw new IllegalArgumentException("timeout must be 1 ms to 60 s");
            }
            if (retries < 0 || retries > 100) {
                throw new IllegalArgumentException("retries must be 0 to 100");
            }
            if (maxInFlight < 1 || maxInFlight > 1024) {
                throw new IllegalArgumentException("maxInFlight must be 1 to 1024");
            }
            if (maxScansPerDatagram < 1 || maxScansPerDatagram > UdpProtocol.MAX_SCANS) {
                throw new IllegalArgumentException("maxScansPerDatagram must be 1 to " + UdpProtocol.MAX_SCANS);
            }
            return new UdpScanClient(this);
        }
    }
}
