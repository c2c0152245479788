package io.scangate.loadtest.gen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicLong;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import io.scangate.client.protocol.ScanRequestDecoder;
import io.scangate.client.protocol.ScanResponseEncoder;
import io.scangate.client.protocol.UdpProtocol;

/** The UDP mode against a stub server that answers every scan GENUINE and drops every 10th datagram. */
class UdpLoadTest {
    @Test
    void shouldSendScanDatagramsAtTheRateAndCountLostOnes() throws Exception {
        final AtomicLong received = new AtomicLong();
        try (DatagramSocket server = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            final Thread stub = new Thread(() -> {
                final byte[] in = new byte[2048];
                final byte[] out = new byte[UdpProtocol.MAX_DATAGRAM];
                final ScanRequestDecoder decoder = new ScanRequestDecoder();
                final ScanResponseEncoder encoder = new ScanResponseEncoder();
                try {
                    while (true) {
                        final DatagramPacket p = new DatagramPacket(in, in.length);
                        server.receive(p);
                        if (received.incrementAndGet() % 10 == 0) {
                            continue;
                        }
                        decoder.wrap(new UnsafeBuffer(in), 0, p.getLength());
                        assertEquals(0, decoder.decode(), decoder.detail());
                        final int n = encoder.wrap(new UnsafeBuffer(out), 0).scanResponse(decoder.requestId(), decoder.scanCount());
                        for (int i = 0; i < decoder.scanCount(); i++) {
                            encoder.entry(i, UdpProtocol.STATUS_OK, UdpProtocol.VERDICT_GENUINE, false, 2, 0, 0, 0);
                        }
                        server.send(new DatagramPacket(out, n, p.getSocketAddress()));
                    }
                } catch (final java.io.IOException closed) {
                    // the test is over
                }
            }, "udp-stub");
            stub.setDaemon(true);
            stub.start();
            final StringWriter text = new StringWriter();
            final int exit = LoadGenerator.run(new PrintWriter(text), new PrintWriter(text), "--udp-port",
                    Integer.toString(server.getLocalPort()), "--udp-batch", "4", "--rate", "400", "--duration", "1s", "--warmup", "0s",
                    "--drain", "1s", "--connections", "4");
            assertEquals(0, exit, text.toString());
            final String out = text.toString();
            assertTrue(out.contains("datagrams of 4 scan(s) sent"), out);
            assertTrue(out.contains("GENUINE="), out);
            assertTrue(out.matches("(?s).*, [1-9]\\d* unanswered \\(lost\\).*"), "every 10th datagram is lost: " + out);
            assertTrue(received.get() > 0 && received.get() <= 110, "100 datagrams/s for 1 s, bounded: " + received.get());
        }
    }
}
