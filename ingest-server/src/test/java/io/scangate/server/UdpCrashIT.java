package io.scangate.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.scangate.client.protocol.ResponseDecoder;
import io.scangate.client.protocol.ScanRequestEncoder;
import io.scangate.client.protocol.UdpProtocol;

/**
 * kill -9 of the server process while UDP clients scan (durability=sync): every scan whose
 * datagram was answered is still counted after the restart, none is counted twice, and a resent
 * datagram gets its original answer byte for byte, rebuilt from the journal.
 */
class UdpCrashIT {
    private static final Pattern UDP_PORT = Pattern.compile("udp://[^: ]+:(\\d+)");
    private static final int CLIENTS = 4;
    private static final int CODES_PER_CLIENT = 600;
    private static final int SCANS_PER_DATAGRAM = 8;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    /** Codes whose answered datagram said scanCount 1. */
    private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    /** Answered datagrams and their answers, to resend after the crash. */
    private final Map<byte[], byte[]> answered = new ConcurrentHashMap<>();
    private final java.util.Queue<Throwable> failures = new java.util.concurrent.ConcurrentLinkedQueue<>();

    @TempDir
    Path dir;

    @Test
    void shouldKeepEveryAnsweredUdpScanAcrossKillNine() throws Exception {
        final Path data = dir.resolve("data");
        final List<String> codes;
        try (ServerProcess server = ServerProcess.start(data)) {
            final int udpPort = udpPort(server.await("scangate listening", 60));
            codes = issue(server, CLIENTS * CODES_PER_CLIENT);
            final AtomicBoolean stop = new AtomicBoolean();
            final List<Thread> clients = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                final List<String> mine = codes.subList(c * CODES_PER_CLIENT, (c + 1) * CODES_PER_CLIENT);
                final int client = c;
                clients.add(new Thread(() -> drive(udpPort, "crash-gw-" + client, mine, stop), "udp-crash-client-" + c));
            }
            clients.forEach(Thread::start);
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (acknowledged.size() < 200 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            server.process.destroyForcibly();
            assertTrue(server.process.waitFor(30, TimeUnit.SECONDS), "killed");
            stop.set(true);
            for (final Thread t : clients) {
                t.join(30_000);
            }
            assertTrue(failures.isEmpty(), () -> "client failed: " + failures.peek());
            assertTrue(acknowledged.size() > 0, "some scans were answered before the kill");
        }
        try (ServerProcess server = ServerProcess.start(data)) {
            final int udpPort = udpPort(server.await("scangate listening", 60));
            for (final String code : codes) {
                final int count = admin(server, "GET", "/admin/codes/" + code, null).get("scanCount").asInt();
                if (acknowledged.contains(code)) {
                    assertEquals(1, count, "answered scan of " + code + " survives kill -9, once");
                } else {
                    assertTrue(count <= 1, code + " sent once, counted " + count);
                }
            }
            try (DatagramSocket socket = new DatagramSocket()) {
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), udpPort));
                socket.setSoTimeout(10_000);
                int resent = 0;
                for (final Map.Entry<byte[], byte[]> e : answered.entrySet()) {
                    if (resent++ == 50) {
                        break;
                    }
                    socket.send(new DatagramPacket(e.getKey(), e.getKey().length));
                    final byte[] in = new byte[2048];
                    final DatagramPacket p = new DatagramPacket(in, in.length);
                    socket.receive(p);
                    assertArrayEquals(e.getValue(), Arrays.copyOf(in, p.getLength()), "a resend after the crash: the original answer");
                }
            }
            assertTrue(admin(server, "POST", "/admin/ledger/verify", null).get("matches").asBoolean());
            for (final String code : acknowledged) {
                assertEquals(1, admin(server, "GET", "/admin/codes/" + code, null).get("scanCount").asInt(), "resends counted nothing");
            }
            server.terminate(60);
        }
    }

    /** Sends each code once, SCANS_PER_DATAGRAM per datagram, and records what was answered. */
    private void drive(final int port, final String device, final List<String> codes, final AtomicBoolean stop) {
        final UnsafeBuffer buf = new UnsafeBuffer(new byte[UdpProtocol.MAX_DATAGRAM]);
        final ScanRequestEncoder encoder = new ScanRequestEncoder();
        final ResponseDecoder decoder = new ResponseDecoder();
        final byte[] in = new byte[2048];
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            socket.setSoTimeout(2_000);
            for (int from = 0; from < codes.size() && !stop.get(); from += SCANS_PER_DATAGRAM) {
                encoder.wrap(buf, 0).header(from, device.getBytes(StandardCharsets.UTF_8), new byte[0]);
                for (int i = from; i < from + SCANS_PER_DATAGRAM; i++) {
                    encoder.addScan(codes.get(i).getBytes(StandardCharsets.US_ASCII), new byte[0]);
                }
                final byte[] datagram = new byte[encoder.length()];
                buf.getBytes(0, datagram);
                socket.send(new DatagramPacket(datagram, datagram.length));
                final DatagramPacket p = new DatagramPacket(in, in.length);
                try {
                    socket.receive(p);
                } catch (final SocketTimeoutException e) {
                    return; // the server died
                }
                final byte[] answer = Arrays.copyOf(in, p.getLength());
                decoder.wrap(new UnsafeBuffer(answer), 0, answer.length);
                if (decoder.decode() != UdpProtocol.TYPE_SCAN_RESPONSE || decoder.requestId() != from) {
                    throw new AssertionError("unexpected answer to request " + from);
                }
                for (int i = 0; i < SCANS_PER_DATAGRAM; i++) {
                    assertEquals(UdpProtocol.STATUS_OK, decoder.status(i));
                    assertEquals(1, decoder.scanCountOf(i), "each code is scanned once");
                    acknowledged.add(codes.get(from + i));
                }
                answered.put(datagram, answer);
            }
        } catch (final java.io.IOException e) {
            // the server died
        } catch (final Throwable e) {
            failures.add(e);
        }
    }

    private static int udpPort(final String listeningLine) {
        final Matcher m = UDP_PORT.matcher(listeningLine);
        assertTrue(m.find(), listeningLine);
        return Integer.parseInt(m.group(1));
    }

    private List<String> issue(final ServerProcess server, final int count) throws Exception {
        final JsonNode batch = admin(server, "POST", "/admin/batches",
                "{\"sku\":\"UDP-CRASH\",\"gtin\":\"12345670\",\"region\":\"CN\",\"count\":" + count + "}");
        final HttpResponse<String> codes = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.opsPort + "/admin/batches/" + batch.get("batchId").asLong() + "/codes"))
                .header("Authorization", "Bearer " + TestServer.TOKEN).build(), HttpResponse.BodyHandlers.ofString());
        final List<String> list = codes.body().lines().toList();
        assertEquals(count, list.size());
        return list;
    }

    private JsonNode admin(final ServerProcess server, final String method, final String path, final String body) throws Exception {
        final HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.opsPort + path))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + TestServer.TOKEN)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(r.statusCode() / 100 == 2, path + " answered " + r.statusCode() + ": " + r.body());
        return TestServer.JSON.readTree(r.body());
    }
}
