package io.scangate.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import io.scangate.server.intake.ScanReplies;
import io.scangate.server.intake.ScanTicket;
import io.scangate.server.net.RateLimiter;
import io.scangate.server.ops.ScanMetrics;
import io.scangate.verifier.batch.Batch;
import io.scangate.verifier.batch.BatchRegistry;
import io.scangate.verifier.batch.BatchSpec;
import io.scangate.verifier.code.CodeAuthenticator;
import io.scangate.verifier.code.CodeFormat;
import io.scangate.verifier.code.KeyRing;
import io.scangate.verifier.journal.Journal;
import io.scangate.verifier.ledger.ChronicleLedger;
import io.scangate.verifier.ring.ReplyRouter;
import io.scangate.verifier.ring.VerifierRing;
import io.scangate.verifier.verdict.AdminCommand;
import io.scangate.verifier.verdict.ScanEvent;
import io.scangate.verifier.verdict.Verifier;
import io.scangate.verifier.verdict.VerifierContext;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;

/**
 * Fuzzing of a scan connection on its event loop: an {@code EmbeddedChannel} with
 * {@link ScanHttpRequestDecoder} (scan posts framed by {@link ScanFraming}) and {@link ScanConnection} in front of a real {@link VerifierRing}
 * (authentic codes of a real batch reach the verifier and come back) is fed arbitrary bytes and
 * mutations of valid pipelined requests, split at random points across reads. No exception
 * reaches the connection's handler, the verifier fails on nothing, every answer written is one
 * well-formed HTTP/1.1 response, a closed connection said so in its last answer, and every buffer
 * the channel allocated is released. Tries: {@code jqwik.tries.default} (docs/SECURITY.md, Fuzzing).
 */
class ScanConnectionFuzzTest {
    private static final Pattern STATUS_LINE = Pattern.compile("HTTP/1\\.1 ([1-5][0-9][0-9]) [\\x20-\\x7e]+");
    private static final Pattern HEADER = Pattern.compile("([A-Za-z0-9-]+): ([\\x20-\\x7e]*)");
    private static final int CODES = 32;

    private static KeyRing keys;
    private static CodeAuthenticator auth;
    private static ChronicleLedger ledger;
    private static VerifierRing ring;
    /** Tight enough that some scans are refused with 429, so that path is fuzzed too. */
    private static RateLimiter perDevice;
    private static final ConcurrentLinkedQueue<ScanTicket> BACK = new ConcurrentLinkedQueue<>();
    private static final List<String> AUTHENTIC = new ArrayList<>();

    @BeforeContainer
    static void startRing() {
        keys = KeyRing.of(1, 0x1234, 0x5678);
        auth = new CodeAuthenticator(keys);
        ledger = ChronicleLedger.inMemory(1_000);
        final Verifier verifier = new Verifier(new VerifierContext().ledger(ledger).journal(Journal.DISCARD)
                .batches(BatchRegistry.inMemory()).keys(keys));
        final Batch batch = verifier.createBatch(BatchSpec.of("COLA-330", "6901234567892", "CN", (long) CODES, null, null));
        for (int i = 0; i < CODES; i++) {
            final long codeId = batch.firstCodeId() + i;
            AUTHENTIC.add(auth.issue(CodeFormat.keyIdOf(codeId), CodeFormat.serialOf(codeId)));
        }
        // The verifier thread only queues the tickets; the test thread, which owns the embedded
        // event loop, hands them back to their connection (what ScanReplies does on a real loop).
        ring = new VerifierRing(new VerifierRing.Context().size(1024).verifier(verifier).router(new ReplyRouter() {
            @Override
            public void complete(final ScanEvent event) {
                final ScanTicket ticket = (ScanTicket) event.replyTo;
                ticket.copyOutcome(event);
                BACK.add(ticket);
            }

            @Override
            public void endOfBatch(final long journalPosition) {
            }
        }));
        ring.start();
        perDevice = new RateLimiter(5, 5, 1024, System.currentTimeMillis());
    }

    @AfterContainer
    static void stopRing() {
        ring.drainAndStop(10, TimeUnit.SECONDS);
        ledger.close();
    }

    record Input(List<byte[]> reads, String shown) {
    }

    @Provide
    Arbitrary<Input> inputs() {
        final Arbitrary<byte[]> anyBytes = Arbitraries.bytes().array(byte[].class).ofMaxSize(400);
        final Arbitrary<byte[]> valid = Arbitraries.integers().between(0, 10_000).list().ofMinSize(1).ofMaxSize(4)
                .map(ScanConnectionFuzzTest::requests);
        final Arbitrary<byte[]> mutated = Combinators.combine(valid, Arbitraries.integers().between(0, 4).list().ofMinSize(1).ofMaxSize(5),
                Arbitraries.integers().between(0, 100_000).list().ofMinSize(5).ofMaxSize(5),
                Arbitraries.bytes().list().ofMinSize(5).ofMaxSize(5),
                Arbitraries.of(SPLICES).list().ofMinSize(5).ofMaxSize(5)).as(ScanConnectionFuzzTest::mutate);
        final Arbitrary<byte[]> stream = Arbitraries.frequencyOf(Tuple.of(1, anyBytes), Tuple.of(2, valid), Tuple.of(5, mutated));
        return Combinators.combine(stream, Arbitraries.integers().between(0, 100_000).list().ofMaxSize(6)).as(ScanConnectionFuzzTest::split);
    }

    @Property
    void shouldAnswerOnlyWellFormedResponsesAndLeakNothingWhateverArrives(@ForAll("inputs") final Input input) throws InterruptedException {
        final long failuresBefore = ring.failures();
        final UnpooledByteBufAllocator alloc = new UnpooledByteBufAllocator(false);
        final CloseWatch closes = new CloseWatch();
        final EmbeddedChannel channel = new EmbeddedChannel();
        channel.config().setAllocator(alloc);
        channel.pipeline().addLast(closes, new ScanHttpRequestDecoder(4096),
                new ScanConnection(new ScanHttpContext(auth, ring, null, new ScanMetrics(), 4096, null, perDevice), ScanReplies.inbox(channel.eventLoop()), null));
        final List<byte[]> answers = new ArrayList<>();
        try {
            for (final byte[] read : input.reads()) {
                if (!channel.isOpen()) {
                    break;
                }
                channel.writeInbound(Unpooled.wrappedBuffer(read));
                giveBack();
                readAnswers(channel, answers);
            }
            // a barrier: once this admin command runs, every scan published before it has come back
            final CountDownLatch barrier = new CountDownLatch(1);
            assertTrue(ring.tryPublishAdmin(AdminCommand.of(v -> {
                barrier.countDown();
                return null;
            })));
            assertTrue(barrier.await(10, TimeUnit.SECONDS), "the verifier did not get to the barrier");
            giveBack();
            channel.runPendingTasks();
            readAnswers(channel, answers);
            assertFalse(closes.closedFromExceptionCaught, "an exception reached the connection's handler (and closed it) on " + input.shown());
            assertEquals(failuresBefore, ring.failures(), "the verifier failed on " + input.shown());
            String last = null;
            for (final byte[] answer : answers) {
                last = assertWellFormed(answer, input.shown());
            }
            if (!channel.isOpen()) {
                assertTrue(last != null && last.contains("\r\nConnection: close\r\n"),
                        "closed without an answer that says so on " + input.shown() + "; last answer: " + last);
            }
            Statistics.collect(answers.isEmpty() ? "no answer" : last.substring(0, 12), channel.isOpen() ? "open" : "closed");
            Statistics.label("answers").collect(answers.stream().map(a -> new String(a, 9, 3, StandardCharsets.US_ASCII))
                    .anyMatch(status -> status.equals("429")) ? "some 429" : "no 429");
        } finally {
            assertFalse(channel.finishAndReleaseAll(), "messages left in the channel");
        }
        assertEquals(0, alloc.metric().usedHeapMemory() + alloc.metric().usedDirectMemory(), "buffers leaked on " + input.shown());
    }

    /** Hands every ticket back from the verifier to its connection, as the connection's event loop would. */
    private static void giveBack() {
        ScanTicket t;
        while ((t = BACK.poll()) != null) {
            if (t.owner().returned(t)) {
                t.owner().flushNow();
            }
        }
    }

    private static void readAnswers(final EmbeddedChannel channel, final List<byte[]> answers) {
        Object out;
        while ((out = channel.readOutbound()) != null) {
            final ByteBuf buf = (ByteBuf) out;
            final byte[] bytes = new byte[buf.readableBytes()];
            buf.readBytes(bytes);
            buf.release();
            answers.add(bytes);
        }
    }

    /**
     * One outbound message must be one whole response: a status line, headers, an empty line and a
     * body of exactly Content-Length bytes (none for 1xx, 204 and answers to HEAD, which may leave it out). Returns it as text.
     */
    private static String assertWellFormed(final byte[] answer, final String shown) {
        final String text = new String(answer, StandardCharsets.ISO_8859_1);
        final int headEnd = text.indexOf("\r\n\r\n");
        assertTrue(headEnd > 0, "no end of head in " + text + " answering " + shown);
        final String[] lines = text.substring(0, headEnd).split("\r\n", -1);
        final Matcher status = STATUS_LINE.matcher(lines[0]);
        assertTrue(status.matches(), "status line " + lines[0] + " answering " + shown);
        final int code = Integer.parseInt(status.group(1));
        long contentLength = -1;
        for (int i = 1; i < lines.length; i++) {
            final Matcher header = HEADER.matcher(lines[i]);
            assertTrue(header.matches(), "header line '" + lines[i] + "' in " + text + " answering " + shown);
            assertFalse(header.group(1).equalsIgnoreCase("Transfer-Encoding"), text);
            if (header.group(1).equalsIgnoreCase("Content-Length")) {
                assertEquals(-1, contentLength, "two Content-Lengths in " + text);
                contentLength = Long.parseLong(header.group(2));
            }
        }
        final int body = answer.length - headEnd - 4;
        if (code < 200 || code == 204) {
            assertEquals(0, body, text);
        } else {
            // a scan's HEAD has no Content-Length (GET's body is made only by the scan): allowed with no body, for HEAD only
            assertTrue(contentLength >= 0 || body == 0 && shown.contains("HEAD "), "no Content-Length in " + text + " answering " + shown);
            assertTrue(body == contentLength || body == 0, "body of " + body + " bytes, Content-Length " + contentLength + " in " + text);
        }
        return text;
    }

    /** Notes a close that comes from a handler's exceptionCaught: an exception escaped the code that should have answered. */
    private static final class CloseWatch extends ChannelOutboundHandlerAdapter {
        boolean closedFromExceptionCaught;

        @Override
        public void close(final ChannelHandlerContext ctx, final ChannelPromise promise) throws Exception {
            for (final StackTraceElement frame : new Throwable().getStackTrace()) {
                if (frame.getMethodName().equals("exceptionCaught")) {
                    closedFromExceptionCaught = true;
                    break;
                }
            }
            super.close(ctx, promise);
        }
    }

    // ---------------------------------------------------------------- inputs

    private static final List<String> SPLICES = List.of("\r\n", "\r\n\r\n", "\n", "Content-Length: 5\r\n", "Content-Length: -1\r\n",
            "Content-Length: 99999999999999999999\r\n", "Content-Length: 0\r\n", "Transfer-Encoding: chunked\r\n",
            "Transfer-Encoding: gzip, chunked\r\n", "Host: y\r\n", "Expect: 100-continue\r\n", "Connection: close\r\n",
            "Connection: keep-alive\r\n", " HTTP/1.1", "HTTP/2.0", "HTTP/1.0", "\u0000", "ffffffff\r\n", "0\r\n\r\n", "1;x=y\r\na\r\n",
            "\u00ff", "%", "%zz", "%00", "?region=CN-31&device=d", "?region=", "/c/", "/01/", "/21/", "{", "}", "\"", "\\u0000",
            "X-Device-Id: \u0001\r\n", "X-Region: zz\r\n", "Idempotency-Key: \r\n", "Accept: application/json\r\n", "X: " + "v".repeat(9000) + "\r\n",
            "/" + "p".repeat(5000), " ", "\t");

    /** Pipelined requests chosen by {@code picks}: scans with authentic, forged and malformed codes, and the other routes. */
    private static byte[] requests(final List<Integer> picks) {
        final StringBuilder out = new StringBuilder();
        for (final int pick : picks) {
            final String code = AUTHENTIC.get(pick % CODES);
            final String forged = code.substring(0, 19) + (code.charAt(19) == '0' ? '1' : '0');
            final String anyCode = switch ((pick / CODES) % 4) {
                case 0, 1 -> code;
                case 2 -> forged;
                default -> code.substring(3);
            };
            final String body = "{\"code\":\"" + anyCode + "\",\"device\":\"d-" + (pick % 5) + "\",\"consumer\":\"c\",\"region\":\"CN-31\","
                    + "\"lat\":31.2,\"lon\":121.4,\"requestId\":\"r-" + pick + "\"}";
            out.append(switch (pick % 11) {
                case 0, 1 -> "POST /v1/scans HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: " + body.length()
                        + "\r\n\r\n" + body;
                case 2 -> "POST /v1/scans HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n" + Integer.toHexString(10) + "\r\n"
                        + body.substring(0, 10) + "\r\n" + Integer.toHexString(body.length() - 10) + "\r\n" + body.substring(10) + "\r\n0\r\n\r\n";
                case 3 -> "POST /v1/scans HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nIdempotency-Key: k-" + pick + "\r\nContent-Length: "
                        + body.length() + "\r\n\r\n" + body;
                case 4 -> "GET /c/" + anyCode + (pick % 3 == 0 ? "?region=CN-31&device=d" : pick % 3 == 1 ? "?device=%F0%9F%98%80&region=cn%2D31&requestId=r+1"
                        : "?device=%zz&requestId=%&region=%C3") + " HTTP/1.1\r\nHost: x\r\nAccept: application/json\r\nUser-Agent: \u00e9" + "u".repeat(300)
                        + "\r\n\r\n";
                case 5 -> "GET /01/6901234567892/21/" + anyCode + " HTTP/1.1\r\nHost: x\r\nX-Device-Id: phone\r\n\r\n";
                case 6 -> "HEAD /c/" + anyCode + " HTTP/1.1\r\nHost: x\r\n\r\n";
                case 7 -> "OPTIONS /v1/scans HTTP/1.1\r\nHost: x\r\n\r\n";
                case 8 -> "GET /c/" + anyCode + " HTTP/1.0\r\n\r\n";
                case 9 -> "POST /v1/scans HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: " + body.length() + "\r\n\r\n" + body;
                default -> (pick % 2 == 0 ? "DELETE /v1/scans" : "GET /nowhere") + " HTTP/1.1\r\nHost: x\r\n\r\n";
            });
        }
        return out.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Each edit in turn: 0 sets a byte, 1 deletes up to 8 bytes, 2 cuts the stream short, 3 and 4 splice in a troublesome piece. */
    private static byte[] mutate(final byte[] valid, final List<Integer> kinds, final List<Integer> positions, final List<Byte> values,
                                 final List<String> splices) {
        byte[] b = valid;
        for (int i = 0; i < kinds.size() && b.length > 0; i++) {
            final int at = positions.get(i) % b.length;
            switch (kinds.get(i)) {
                case 0 -> {
                    b = b.clone();
                    b[at] = values.get(i);
                }
                case 1 -> b = splice(b, at, Math.min(b.length, at + 1 + (values.get(i) & 7)), new byte[0]);
                case 2 -> b = Arrays.copyOf(b, at);
                default -> b = splice(b, at, at, splices.get(i).getBytes(StandardCharsets.ISO_8859_1));
            }
        }
        return b;
    }

    /** The stream cut at {@code cuts} (taken modulo its length) into reads. */
    private static Input split(final byte[] stream, final List<Integer> cuts) {
        final TreeSet<Integer> at = new TreeSet<>();
        for (final int cut : cuts) {
            if (stream.length > 0) {
                at.add(cut % stream.length);
            }
        }
        at.add(stream.length);
        final List<byte[]> reads = new ArrayList<>();
        int from = 0;
        for (final int to : at) {
            if (to > from) {
                reads.add(Arrays.copyOfRange(stream, from, to));
                from = to;
            }
        }
        final String text = new String(stream, StandardCharsets.ISO_8859_1);
        return new Input(reads, (text.length() > 2000 ? text.substring(0, 2000) + "..." : text).replace("\r", "\\r").replace("\n", "\\n")
                + " cut at " + at);
    }

    private static byte[] splice(final byte[] b, final int from, final int to, final byte[] with) {
        final byte[] out = new byte[b.length - (to - from) + with.length];
        System.arraycopy(b, 0, out, 0, from);
        System.arraycopy(with, 0, out, from, with.length);
        System.arraycopy(b, to, out, from + with.length, b.length - to);
        return out;
    }
}
