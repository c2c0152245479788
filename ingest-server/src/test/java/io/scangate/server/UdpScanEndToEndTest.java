package io.scangate.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.scangate.client.Scan;
import io.scangate.client.ScanResult;
import io.scangate.client.UdpScanClient;
import io.scangate.client.UdpScanException;
import io.scangate.client.protocol.ResponseDecoder;
import io.scangate.client.protocol.ScanRequestEncoder;
import io.scangate.client.protocol.UdpProtocol;

/** The UDP scan port end to end: real server, real datagrams on 127.0.0.1. */
class UdpScanEndToEndTest {
    @TempDir
    Path dir;

    private List<String> issue(final TestServer s, final int count) throws Exception {
        final Path out = dir.resolve("codes-" + System.nanoTime());
        final TestServer.Cli cli = TestServer.cli("codes", "issue", "--sku", "S", "--gtin", "12345670", "--region", "CN", "--count",
                Integer.toString(count), "--out", out.toString(), "--admin-url", s.opsUrl(), "--token", TestServer.TOKEN);
        assertEquals(0, cli.exit(), cli.err());
        return Files.readAllLines(out);
    }

    private static int scanCount(final TestServer s, final String code) throws Exception {
        final var r = s.get(s.opsUrl() + "/admin/codes/" + code, "Authorization", "Bearer " + TestServer.TOKEN);
        assertEquals(200, r.statusCode(), r.body());
        return TestServer.JSON.readTree(r.body()).get("scanCount").asInt();
    }

    private static UdpScanClient client(final int port, final String device) throws Exception {
        return UdpScanClient.builder(new InetSocketAddress(InetAddress.getLoopbackAddress(), port)).device(device).region("CN-31")
                .timeout(Duration.ofMillis(500)).retries(10).build();
    }

    /** Encodes one request datagram. */
    private static byte[] request(final long requestId, final String device, final String region, final String... codes) {
        final UnsafeBuffer buf = new UnsafeBuffer(new byte[UdpProtocol.MAX_DATAGRAM]);
        final ScanRequestEncoder e = new ScanRequestEncoder().wrap(buf, 0)
                .header(requestId, device.getBytes(StandardCharsets.UTF_8), region.getBytes(StandardCharsets.US_ASCII));
        for (final String c : codes) {
            e.addScan(c.getBytes(StandardCharsets.US_ASCII), new byte[0]);
        }
        final byte[] out = new byte[e.length()];
        buf.getBytes(0, out);
        return out;
    }

    /** A datagram answered at once on the event loop (a forged code), counting nothing: marks "no answer before it". */
    private static final long PROBE_ID = 0x70726F6265L;
    private static final byte[] PROBE = request(PROBE_ID, "probe", "CN", "00000000000000000000");

    private static boolean isProbeAnswer(final byte[] answer) {
        final ResponseDecoder d = decode(answer);
        return d.decode() == UdpProtocol.TYPE_SCAN_RESPONSE && d.requestId() == PROBE_ID;
    }

    /** A raw socket for hand-made datagrams. */
    private static final class Raw implements AutoCloseable {
        final DatagramSocket socket;
        final byte[] in = new byte[4096];

        Raw(final int port) throws Exception {
            socket = new DatagramSocket();
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            socket.setSoTimeout(10_000);
        }

        void send(final byte[] datagram) throws Exception {
            socket.send(new DatagramPacket(datagram, datagram.length));
        }

        /** The next datagram from the server (fails the test after 10 s). */
        byte[] receive() throws Exception {
            final DatagramPacket p = new DatagramPacket(in, in.length);
            socket.receive(p);
            return Arrays.copyOf(in, p.getLength());
        }

        byte[] exchange(final byte[] datagram) throws Exception {
            send(datagram);
            return receive();
        }

        /**
         * Sends {@code datagram} and then a valid probe (the server answers in order on one
         * channel); returns the answer to the datagram, or null if the first answer is the probe's.
         */
        byte[] exchangeOrNothing(final byte[] datagram) throws Exception {
            send(datagram);
            send(PROBE);
            final byte[] first = receive();
            if (isProbeAnswer(first)) {
                return null;
            }
            final byte[] probe = receive();
            if (!isProbeAnswer(probe)) {
                throw new AssertionError("two answers to one datagram");
            }
            return first;
        }

        @Override
        public void close() {
            socket.close();
        }
    }

    private static ResponseDecoder decode(final byte[] datagram) {
        final ResponseDecoder d = new ResponseDecoder().wrap(new UnsafeBuffer(datagram), 0, datagram.length);
        assertTrue(d.decode() > 0, "a well-formed server datagram");
        return d;
    }

    private static String mutate(final String code) {
        final char c = code.charAt(10);
        return code.substring(0, 10) + (c == 'A' ? 'B' : 'A') + code.substring(11);
    }

    @Test
    void shouldAnswerAScanRoundTripThroughTheRealServerAndAgreeWithHttp() throws Exception {
        try (TestServer s = TestServer.start(dir.resolve("data"))) {
            final String code = issue(s, 2).get(0);
            try (UdpScanClient c = client(s.server.udpPort(), "phone-1")) {
                final ScanResult first = c.scan(code);
                assertTrue(first.ok(), first.statusName());
                assertEquals("GENUINE", first.verdict());
                assertTrue(first.firstScan());
                assertEquals(1, first.scanCount());
                assertEquals(0, first.rewardId());
                final JsonNode http = s.scan(code, "phone-1", "CN-31");
                assertEquals(2, http.get("scanCount").asInt(), "UDP and HTTP count into the same ledger");
                assertEquals("CN-31", http.get("firstScanRegion").asText(), "the UDP region was recorded as HTTP would");
                final ScanResult third = c.scan(code);
                assertFalse(third.firstScan());
                assertEquals(3, third.scanCount());
                final ScanResult forged = c.scan(mutate(code));
                assertEquals("FORGED", forged.verdict());
            }
            assertEquals(3, scanCount(s, code));
            assertTrue(s.get(s.opsUrl() + "/metrics").body().contains("scangate_udp_datagrams_total{result=\"answered\"} 3.0"));
        }
    }

    @Test
    void udpScansCountInRequestsTotalAndItsSeriesExistFromTheStart() throws Exception {
        try (TestServer s = TestServer.start(dir.resolve("data")); Raw raw = new Raw(s.server.udpPort())) {
            final io.scangate.server.ops.PrometheusText before = io.scangate.server.ops.PrometheusText.parse(s.scrape());
            for (final String transport : List.of("http", "udp")) {
                assertEquals(0.0, before.sum("scangate_requests_total", "transport", transport, "status", "200"), transport);
                assertEquals(0.0, before.sum("scangate_scans_total", "transport", transport, "verdict", "GENUINE"), transport);
                assertEquals(0.0, before.sum("scangate_request_duration_seconds_count", "transport", transport), transport);
            }
            final String code = issue(s, 2).get(0);
            decode(raw.exchange(request(1, "gw", "CN", code, mutate(code))));
            decode(raw.exchange(request(2, "gw", "CN", "NOT-A-CODE")));
            final byte[] badVersion = request(3, "gw", "CN", code);
            badVersion[2] = 0x7F;
            decode(raw.exchange(badVersion));
            final io.scangate.server.ops.PrometheusText after = io.scangate.server.ops.PrometheusText.parse(s.scrape());
            assertEquals(2.0, after.sum("scangate_requests_total", "transport", "udp", "status", "200"), "a genuine and a forged scan");
            assertEquals(2.0, after.sum("scangate_requests_total", "transport", "udp", "status", "400"), "a bad code, a bad datagram");
            assertEquals(1.0, after.sum("scangate_scans_total", "transport", "udp", "verdict", "GENUINE"));
            assertEquals(0.0, after.sum("scangate_requests_total", "transport", "http", "status", "200"), "no HTTP scan was made");
        }
    }

    @Test
    void shouldCountADuplicatedDatagramOnce() throws Exception {
        try (TestServer s = TestServer.start(dir.resolve("data")); Raw raw = new Raw(s.server.udpPort())) {
            final List<String> codes = issue(s, 2);
            final byte[] datagram = request(42, "gw-1", "CN", codes.get(0), codes.get(1));
            raw.send(datagram);
            raw.send(datagram);
            final byte[] a = raw.receive();
            final byte[] b = raw.receive();
            assertArrayEquals(a, b, "both copies get the same answer");
            final ResponseDecoder d = decode(a);
            assertEquals(42, d.requestId());
            assertEquals(1, d.scanCountOf(0));
            assertEquals(1, d.scanCountOf(1));
            assertEquals(1, scanCount(s, codes.get(0)));
            assertEquals(1, scanCount(s, codes.get(1)));

            // the same code twice in one datagram: two scans, each with its own original answer on a resend
            final byte[] twice = request(43, "gw-1", "CN", codes.get(0), codes.get(0));
            final byte[] answer = raw.exchange(twice);
            assertEquals(List.of(2, 3), List.of(decode(answer).scanCountOf(0), decode(answer).scanCountOf(1)));
            assertArrayEquals(answer, raw.exchange(twice));
            assertArrayEquals(answer, raw.exchange(twice));
            assertEquals(3, scanCount(s, codes.get(0)));
        }
    }

    @Test
    void shouldCountEveryScanOnceWithManyConcurrentUdpAndHttpClients() throws Exception {
        try (TestServer s = TestServer.start(dir.resolve("data"))) {
            final List<String> codes = issue(s, 50);
            final int udpThreads = 6;
            final int rounds = 10;
            final List<Thread> threads = new ArrayList<>();
            final java.util.concurrent.ConcurrentLinkedQueue<Throwable> failures = new java.util.concurrent.ConcurrentLinkedQueue<>();
            for (int t = 0; t < udpThreads; t++) {
                final String device = "gw-" + t;
                threads.add(new Thread(() -> {
                    try (UdpScanClient c = client(s.server.udpPort(), device)) {
                        final int[] last = new int[codes.size()];
                        for (int round = 0; round < rounds; round++) {
                            final List<ScanResult> r = c.scan(codes.stream().map(Scan::of).toList());
                            for (int i = 0; i < codes.size(); i++) {
                                assertEquals("GENUINE", r.get(i).verdict());
                                assertTrue(r.get(i).scanCount() > last[i], "counts only grow for one client");
                                last[i] = r.get(i).scanCount();
                            }
                        }
                    } catch (final Throwable e) {
                        failures.add(e);
                    }
                }, "udp-client-" + t));
            }
            for (int t = 0; t < 2; t++) {
                final String device = "phone-" + t;
                threads.add(new Thread(() -> {
                    try {
                        for (int round = 0; round < 2; round++) {
                            for (final String code : codes) {
                                s.scan(code, device, "CN");
                            }
                        }
                    } catch (final Throwable e) {
                        failures.add(e);
                    }
                }, "http-client-" + t));
            }
            threads.forEach(Thread::start);
            for (final Thread t : threads) {
                t.join(120_000);
                assertFalse(t.isAlive(), t.getName() + " did not finish");
            }
            assertTrue(failures.isEmpty(), () -> failures.peek().toString());
            for (final String code : codes) {
                assertEquals(udpThreads * rounds + 2 * 2, scanCount(s, code), code);
            }
        }
    }

    @Test
    void shouldAnswerARetryAfterALostResponseWithTheOriginalAnswerAlsoAfterARestart() throws Exception {
        final Path data = dir.resolve("data");
        final String code;
        final byte[] datagram;
        final byte[] original;
        try (TestServer s = TestServer.start(data); Raw raw = new Raw(s.server.udpPort())) {
            code = issue(s, 1).get(0);
            datagram = request(7, "gw-7", "CN-31", code);
            original = raw.exchange(datagram); // imagine this answer lost on the way
            assertEquals(1, decode(original).scanCountOf(0));
            assertTrue(decode(original).firstScan(0));
            assertEquals(2, s.scan(code, "phone-9", null).get("scanCount").asInt(), "somebody else scans in between");
            assertArrayEquals(original, raw.exchange(datagram), "the retry gets the original answer");
            assertEquals(2, scanCount(s, code));
            final byte[] another = raw.exchange(request(8, "gw-7", "CN-31", code));
            assertEquals(3, decode(another).scanCountOf(0), "a new requestId is a new scan");
        }
        try (TestServer s = TestServer.start(data); Raw raw = new Raw(s.server.udpPort())) {
            assertArrayEquals(original, raw.exchange(datagram), "after a clean restart too");
            assertEquals(3, scanCount(s, code));
        }
        Files.writeString(data.resolve("checkpoint"), Files.readString(data.resolve("checkpoint")).replace("clean=true", "clean=false"));
        Files.deleteIfExists(data.resolve("requests.window"));
        try (TestServer s = TestServer.start(data); Raw raw = new Raw(s.server.udpPort())) {
            assertEquals("SNAPSHOT", s.server.recovery().mode().name(), "after a crash: the newest snapshot and the journal after it");
            assertArrayEquals(original, raw.exchange(datagram), "after a crash: the window is rebuilt from the journal");
            assertEquals(3, scanCount(s, code));
        }
    }

    /**
     * Every truncation and random garbage is refused and changes nothing; only datagrams with
     * scangate's magic are answered, and never with more bytes than they had (issue 13: reflection).
     */
    @Test
    void shouldRefuseEveryTruncationAndRandomGarbageWithoutReflectingOrAmplifying() throws Exception {
        try (TestServer s = TestServer.start(dir.resolve("data")); Raw raw = new Raw(s.server.udpPort())) {
            final List<String> codes = issue(s, 3);
            final byte[] full = request(99, "gw-9", "CN-31", codes.get(0), codes.get(1), codes.get(2));
            int expectedErrors = 0;
            // from 1 byte: Linux epoll reports an empty datagram as "nothing read", so it never reaches scangate (docs/UDP.md)
            for (int n = 1; n < full.length; n++) {
                final byte[] answer = raw.exchangeOrNothing(Arrays.copyOf(full, n));
                if (n < UdpProtocol.HEADER_LENGTH) {
                    assertEquals(null, answer, "cut at " + n + ": a bare error (16 bytes) would amplify");
                    continue;
                }
                assertTrue(answer != null, "cut at " + n + ": answered");
                assertTrue(answer.length <= n, "cut at " + n + ": an error no larger than its request, was " + answer.length);
                final ResponseDecoder d = decode(answer);
                assertEquals(UdpProtocol.TYPE_ERROR, d.decode(), "cut at " + n);
                assertEquals(UdpProtocol.ERROR_TRUNCATED, d.errorCode(), "cut at " + n + ": " + d.detail());
                expectedErrors++;
            }
            final Random random = new Random(20261123);
            for (int i = 0; i < 300; i++) {
                final byte[] garbage = new byte[1 + random.nextInt(UdpProtocol.MAX_DATAGRAM)];
                random.nextBytes(garbage);
                final boolean ours = i % 3 == 0 && garbage.length >= UdpProtocol.HEADER_LENGTH;
                if (ours) {
                    System.arraycopy(full, 0, garbage, 0, 4); // a valid-looking header over random content
                } else if (garbage.length >= 2 && garbage[0] == 0x53 && garbage[1] == 0x47) {
                    garbage[0] = 0; // by chance scangate's magic: not what this case is about
                }
                final byte[] answer = raw.exchangeOrNothing(garbage);
                if (!ours) {
                    assertEquals(null, answer, "garbage " + i + " without scangate's magic gets nothing back");
                    continue;
                }
                assertTrue(answer != null && answer.length <= garbage.length, "garbage " + i);
                assertEquals(UdpProtocol.TYPE_ERROR, decode(answer).decode(), "garbage " + i);
                expectedErrors++;
            }
            for (final byte[] oversized : List.of(new byte[UdpProtocol.MAX_DATAGRAM + 1], new byte[3000])) {
                System.arraycopy(full, 0, oversized, 0, full.length);
                final ResponseDecoder d = decode(raw.exchange(oversized));
                assertEquals(UdpProtocol.ERROR_TOO_LARGE, d.errorCode(), d.detail());
                assertEquals(99, d.requestId(), "the request id is echoed when readable");
            }
            for (final String code : codes) {
                assertEquals(0, scanCount(s, code), "nothing counted");
            }
            assertEquals(expectedErrors + 2, (long) s.server.udpMetrics().errorCount());
            final ResponseDecoder ok = decode(raw.exchange(full));
            assertEquals(UdpProtocol.TYPE_SCAN_RESPONSE, ok.decode(), "the socket still serves");
            assertEquals(1, ok.scanCountOf(2));
        }
    }

    @Test
    void shouldDropAnAnswerSentToItWithoutAnsweringIt() throws Exception {
        try (TestServer s = TestServer.start(dir.resolve("data")); Raw raw = new Raw(s.server.udpPort())) {
            final byte[] answer = new byte[UdpProtocol.responseLength(0)];
            new io.scangate.client.protocol.ScanResponseEncoder().wrap(new UnsafeBuffer(answer), 0).scanResponse(5, 0);
            raw.send(answer);
            raw.socket.setSoTimeout(300);
            assertThrows(SocketTimeoutException.class, raw::receive, "answers are never answered (no echo loops)");
            raw.socket.setSoTimeout(10_000);
            final ResponseDecoder d = decode(raw.exchange(request(6, "gw", "", "0000")));
            assertEquals(UdpProtocol.TYPE_SCAN_RESPONSE, d.decode());
            assertEquals(1, (long) s.server.udpMetrics().droppedCount());
        }
    }

    @Test
    void shouldAnswerABatchOfScansInOneDatagramInOrder() throws Exception {
        try (TestServer s = TestServer.start(dir.resolve("data"))) {
            final List<String> codes = issue(s, 3);
            final String c0 = codes.get(0);
            final String c1 = codes.get(1);
            try (UdpScanClient c = client(s.server.udpPort(), "gw-batch")) {
                final List<ScanResult> r = c.scan(List.of(Scan.of(c0), Scan.of(mutate(c1)), Scan.of("not-a-code"),
                        new Scan(c1.toLowerCase(java.util.Locale.ROOT), "consumer-1"), Scan.of(c0), Scan.of(codes.get(2))));
                assertEquals(6, r.size());
                assertEquals(List.of("GENUINE", "FORGED", "", "GENUINE", "GENUINE", "GENUINE"),
                        r.stream().map(x -> x.verdict() == null ? "" : x.verdict()).toList());
                assertEquals(UdpProtocol.STATUS_BAD_CODE, r.get(2).status());
                assertNull(r.get(2).verdict());
                assertEquals(List.of(1, 0, 0, 1, 2, 1), r.stream().map(ScanResult::scanCount).toList(), "in order: c0 twice");
                assertTrue(r.get(0).firstScan());
                assertFalse(r.get(4).firstScan());
                final List<Scan> many = new ArrayList<>();
                for (int i = 0; i < 100; i++) {
                    many.add(Scan.of(codes.get(i % 3)));
                }
                final List<ScanResult> big = c.scan(many);
                assertEquals(100, big.size(), "split over several datagrams, answered in order");
                for (int i = 0; i < 100; i++) {
                    assertEquals(codes.get(i % 3), big.get(i).code());
                }
                // within a datagram (32 scans) answers keep scan order: each code's counts rise by one
                for (int d = 0; d < 100; d += 32) {
                    for (int i = d + 3; i < Math.min(100, d + 32); i++) {
                        assertEquals(big.get(i - 3).scanCount() + 1, big.get(i).scanCount(), "scan " + i);
                    }
                }
                // and every scan counted once: code 0 was scanned 2 + 34 times, codes 1 and 2 1 + 33 times
                assertEquals(java.util.stream.IntStream.rangeClosed(3, 36).boxed().toList(), java.util.stream.IntStream.range(0, 100)
                        .filter(i -> i % 3 == 0).mapToObj(i -> big.get(i).scanCount()).sorted().toList());
                assertEquals(36, scanCount(s, c0));
                assertEquals(34, scanCount(s, c1));
            }
        }
    }

    @Test
    void shouldRefuseADatagramWithABadHeaderWithTheMatchingErrorCode() throws Exception {
        try (TestServer s = TestServer.start(dir.resolve("data")); Raw raw = new Raw(s.server.udpPort())) {
            final byte[] good = request(3, "gw", "CN", "0000000000000000000A");
            final Map<Integer, Integer> cases = Map.of(2, UdpProtocol.ERROR_UNSUPPORTED_VERSION, 3, UdpProtocol.ERROR_UNSUPPORTED_TYPE,
                    4, UdpProtocol.ERROR_MALFORMED, 5, UdpProtocol.ERROR_MALFORMED);
            for (final var e : cases.entrySet()) {
                final byte[] bad = good.clone();
                bad[e.getKey()] = (byte) (e.getKey() == 3 ? 9 : 0x7F);
                final ResponseDecoder d = decode(raw.exchange(bad));
                assertEquals(e.getValue(), d.errorCode(), "byte " + e.getKey() + ": " + d.detail());
                assertNotNull(d.detail());
            }
            final byte[] foreign = good.clone();
            foreign[0] = 0x7F; // not scangate's magic: not answered at all (no reflection, docs/UDP.md)
            assertEquals(null, raw.exchangeOrNothing(foreign));
            final ResponseDecoder region = decode(raw.exchange(request(4, "gw", "c1", "0000000000000000000A")));
            assertEquals(UdpProtocol.ERROR_MALFORMED, region.errorCode());
            assertTrue(region.detail().contains("region"), region.detail());
            assertEquals(4, region.requestId());
            final UdpScanException refused = assertThrows(UdpScanException.class, () -> {
                try (UdpScanClient c = UdpScanClient.builder(new InetSocketAddress(InetAddress.getLoopbackAddress(), s.server.udpPort()))
                        .device("gw").region("C1").build()) {
                    c.scan("0000000000000000000A");
                }
            });
            assertEquals(UdpProtocol.ERROR_MALFORMED, refused.errorCode());
        }
    }

    @Test
    void shouldCountEveryScanExactlyOnceThroughALossyPath() throws Exception {
        try (TestServer s = TestServer.start(dir.resolve("data"))) {
            final List<String> codes = issue(s, 300);
            try (LossyUdpProxy proxy = new LossyUdpProxy(s.server.udpPort(), 0.3, 0.2, 0.2, 8081);
                 UdpScanClient c = UdpScanClient.builder(new InetSocketAddress(InetAddress.getLoopbackAddress(), proxy.port()))
                         .device("lossy-gw").timeout(Duration.ofMillis(100)).retries(40).maxScansPerDatagram(8).maxInFlight(8).build()) {
                final List<ScanResult> results = new ArrayList<>();
                for (int from = 0; from < codes.size(); from += 50) {
                    results.addAll(c.scan(codes.subList(from, from + 50).stream().map(Scan::of).toList()));
                }
                assertEquals(300, results.size());
                for (int i = 0; i < 300; i++) {
                    final ScanResult r = results.get(i);
                    assertEquals(codes.get(i), r.code());
                    assertEquals(1, r.scanCount(), "every answer is the original first-scan answer: " + r);
                    assertTrue(r.firstScan());
                }
                assertTrue(proxy.dropped.get() > 0 && proxy.duplicated.get() > 0 && proxy.reordered.get() > 0,
                        "the path really lost, duplicated and reordered datagrams");
            }
            for (final String code : codes) {
                assertEquals(1, scanCount(s, code), code);
            }
        }
    }

    @Test
    void shouldScanFromTheCommandLineOverUdp() throws Exception {
        try (TestServer s = TestServer.start(dir.resolve("data"))) {
            final String code = issue(s, 1).get(0);
            final TestServer.Cli cli = TestServer.cli("scan", "--udp", "127.0.0.1:" + s.server.udpPort(), "--device", "cli-1",
                    "--region", "CN", code, "nope");
            assertEquals(0, cli.exit(), cli.err());
            final List<String> lines = cli.out().lines().toList();
            assertEquals(2, lines.size(), cli.out());
            final JsonNode first = TestServer.JSON.readTree(lines.get(0));
            assertEquals("GENUINE", first.get("verdict").asText());
            assertEquals(1, first.get("scanCount").asInt());
            assertTrue(first.get("firstScan").asBoolean());
            assertEquals("BAD_CODE", TestServer.JSON.readTree(lines.get(1)).get("status").asText());
            final TestServer.Cli bad = TestServer.cli("scan", "--udp", "127.0.0.1", code);
            assertEquals(2, bad.exit());
            assertTrue(bad.err().contains("HOST:PORT"), bad.err());
        }
    }

    @Test
    void shouldRefuseToStartOnAUdpPortAnotherServerHolds() throws Exception {
        try (TestServer s = TestServer.start(dir.resolve("data"))) {
            final IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> TestServer.start(dir.resolve("other"), Map.of("udp.port", Integer.toString(s.server.udpPort()))));
            assertTrue(e.getMessage().contains("already in use"), e.getMessage());
            try (UdpScanClient c = client(s.server.udpPort(), "gw")) {
                assertEquals("FORGED", c.scan("00000000000000000000").verdict(), "the first server keeps its port");
            }
        }
    }
}
