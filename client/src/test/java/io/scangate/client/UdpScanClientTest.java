package io.scangate.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import io.scangate.client.protocol.ScanRequestDecoder;
import io.scangate.client.protocol.ScanResponseEncoder;
import io.scangate.client.protocol.UdpProtocol;

/** The client against a stub server on 127.0.0.1 that loses the first copies of every datagram. */
class UdpScanClientTest {
    /** Answers every copy after the first {@code lose} of each request id; counts scans in the entry's scanCount. */
    private static final class Stub implements AutoCloseable {
        final DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        final List<byte[]> received = Collections.synchronizedList(new ArrayList<>());
        private final Thread thread;

        Stub(final int lose) throws IOException {
            thread = new Thread(() -> {
                final byte[] in = new byte[2048];
                final byte[] out = new byte[UdpProtocol.MAX_DATAGRAM];
                final java.util.Map<Long, Integer> copies = new java.util.HashMap<>();
                final ScanRequestDecoder d = new ScanRequestDecoder();
                try {
                    while (true) {
                        final DatagramPacket p = new DatagramPacket(in, in.length);
                        socket.receive(p);
                        received.add(Arrays.copyOf(in, p.getLength()));
                        d.wrap(new UnsafeBuffer(in), 0, p.getLength());
                        if (d.decode() != 0 || copies.merge(d.requestId(), 1, Integer::sum) <= lose) {
                            continue;
                        }
                        final ScanResponseEncoder e = new ScanResponseEncoder().wrap(new UnsafeBuffer(out), 0);
                        final int n = e.scanResponse(d.requestId(), d.scanCount());
                        for (int i = 0; i < d.scanCount(); i++) {
                            e.entry(i, UdpProtocol.STATUS_OK, UdpProtocol.VERDICT_GENUINE, true, d.codeLength(i), 0, 0, 0);
                        }
                        socket.send(new DatagramPacket(out, n, p.getSocketAddress()));
                    }
                } catch (final IOException closed) {
                    // the test is over
                }
            }, "stub-server");
            thread.setDaemon(true);
            thread.start();
        }

        UdpScanClient.Builder client() {
            return UdpScanClient.builder(new InetSocketAddress(InetAddress.getLoopbackAddress(), socket.getLocalPort()))
                    .device("gw").timeout(Duration.ofMillis(100)).retries(5);
        }

        @Override
        public void close() {
            socket.close();
        }
    }

    @Test
    void shouldResendTheSameBytesWithTheSameRequestIdUntilAnswered() throws Exception {
        try (Stub stub = new Stub(2); UdpScanClient c = stub.client().build()) {
            final ScanResult r = c.scan("CODE-7");
            assertTrue(r.ok());
            assertEquals("GENUINE", r.verdict());
            assertEquals(6, r.scanCount(), "the stub echoes the code's length");
            assertEquals(3, stub.received.size(), "two copies lost, the third answered");
            assertArrayEquals(stub.received.get(0), stub.received.get(2), "a resend is byte for byte the same datagram");
        }
    }

    @Test
    void shouldBatchScansIntoDatagramsOfAtMost32AndKeepTheirOrder() throws Exception {
        try (Stub stub = new Stub(0); UdpScanClient c = stub.client().build()) {
            final List<Scan> scans = new ArrayList<>();
            for (int i = 0; i < 70; i++) {
                scans.add(new Scan("C".repeat(1 + i % 40), i % 2 == 0 ? null : "consumer"));
            }
            final List<ScanResult> r = c.scan(scans);
            assertEquals(70, r.size());
            for (int i = 0; i < 70; i++) {
                assertEquals(1 + i % 40, r.get(i).scanCount(), "answer " + i + " belongs to scan " + i);
            }
            assertEquals(3, stub.received.size(), "32 + 32 + 6");
            for (final byte[] datagram : stub.received) {
                assertTrue(datagram.length <= UdpProtocol.MAX_DATAGRAM);
            }
        }
    }

    @Test
    void shouldGiveUpWithAnExceptionWhenNothingAnswers() throws Exception {
        final int port;
        try (DatagramSocket gone = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            port = gone.getLocalPort();
        }
        try (UdpScanClient c = UdpScanClient.builder(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))
                .device("gw").timeout(Duration.ofMillis(20)).retries(2).build()) {
            final UdpScanException e = assertThrows(UdpScanException.class, () -> c.scan("CODE"));
            assertEquals(0, e.errorCode());
            assertTrue(e.getMessage().contains("unanswered after 3 attempts"), e.getMessage());
        }
    }

    @Test
    void shouldRefuseBadSettings() {
        final InetSocketAddress any = new InetSocketAddress(InetAddress.getLoopbackAddress(), 9);
        assertThrows(IllegalArgumentException.class, () -> UdpScanClient.builder(any).device("").build());
        assertThrows(IllegalArgumentException.class, () -> UdpScanClient.builder(any).device("x".repeat(65)).build());
        assertThrows(IllegalArgumentException.class, () -> UdpScanClient.builder(any).region("CN-1234").build());
        assertThrows(IllegalArgumentException.class, () -> UdpScanClient.builder(any).retries(-1).build());
        assertThrows(IllegalArgumentException.class, () -> UdpScanClient.builder(any).maxScansPerDatagram(33).build());
        assertThrows(IllegalArgumentException.class, () -> UdpScanClient.builder(any).timeout(Duration.ZERO).build());
    }
}
