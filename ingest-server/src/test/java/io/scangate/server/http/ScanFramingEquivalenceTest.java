package io.scangate.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.scangate.server.intake.ScanReplies;
import io.scangate.server.ops.ScanMetrics;
import io.scangate.verifier.code.CodeAuthenticator;
import io.scangate.verifier.code.KeyRing;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * A scan connection answers the same bytes, and stays open or closes alike, whether its scan posts
 * and GETs are framed by {@link ScanFraming} or read by Netty's decoder: for pipelined posts and
 * GETs in and just out of the framed form (header casing, duplicates, lengths, keys, devices,
 * regions, user agents, formats and languages, bodies, queries, escapes, HEAD), split at arbitrary
 * points. The codes are forged or malformed, so every answer is made on the event loop and the two
 * runs cannot differ by what a verifier remembers.
 */
class ScanFramingEquivalenceTest {
    private static final CodeAuthenticator AUTH = new CodeAuthenticator(KeyRing.of(1, 0x1234, 0x5678));
    private static final String FORGED;

    static {
        final String code = AUTH.issue(1, 42);
        FORGED = code.substring(0, 19) + (code.charAt(19) == '0' ? '1' : '0');
    }

    private static final List<String> LINES = List.of("POST /v1/scans HTTP/1.1", "POST /v1/scans HTTP/1.1", "POST /v1/scans HTTP/1.1",
            "POST /v1/scans HTTP/1.1", "POST /v1/scans HTTP/1.0", "POST /v1/scans?x=1 HTTP/1.1", "GET /c/ABC HTTP/1.1");
    private static final List<String> HEADERS = List.of("Host: y", "Connection: close", "Connection: keep-alive", "connection: Keep-Alive",
            "Connection: upgrade", "Idempotency-Key: k-1", "Idempotency-Key: k 2", "IDEMPOTENCY-KEY:  k-3  ", "Idempotency-Key:",
            "Idempotency-Key: " + "k".repeat(70), "Idempotency-Key: \u00e9", "Expect: 100-continue", "Transfer-Encoding: chunked",
            "X-Other: v", "X-Other : v", "Content-Type: application/json", "Accept: text/html", "X-Ctl: a\u0001b", "Content-Length: 7");
    private static final List<String> BODIES = List.of("{\"code\":\"" + FORGED + "\",\"device\":\"d\"}",
            "{\"code\":\"" + FORGED + "\",\"device\":\"d\",\"requestId\":\"r-1\"}", "{\"code\":\"ABC\",\"device\":\"d\"}",
            "{\"code\":\"" + FORGED + "\"}", "{\"code\": 12", "[]", "{\"code\":\"" + FORGED + "\",\"device\":\"d\",\"region\":\"zz\"}");

    private static final List<String> GET_LINES = List.of("GET /c/" + FORGED + " HTTP/1.1", "GET /c/" + FORGED + " HTTP/1.1",
            "GET /c/" + FORGED + " HTTP/1.1", "GET /c/" + FORGED.toLowerCase(java.util.Locale.ROOT) + " HTTP/1.1", "GET /c/ABC HTTP/1.1",
            "GET /c/AB-CD HTTP/1.1", "GET /c/" + FORGED + "?region=CN-31&device=q HTTP/1.1", "GET /c/%41BC HTTP/1.1",
            "HEAD /c/" + FORGED + " HTTP/1.1", "GET /c/ HTTP/1.1", "GET /c/" + "A".repeat(70) + " HTTP/1.1", "GET /c/" + FORGED + " HTTP/1.0",
            "GET /01/06901234567892/21/" + FORGED + " HTTP/1.1", "GET /c/" + FORGED + "/x HTTP/1.1");
    private static final List<String> GET_HEADERS = List.of("Host: y", "Connection: close", "Connection: keep-alive",
            "Accept: application/json", "Accept: application/json", "Accept: text/html", "Accept: application/problem+json",
            "accept-language: zh-CN,zh;q=0.9", "Accept-Language: en", "Accept-Language: fr;q=0.5", "X-Region: CN-31", "X-Region: zz",
            "X-Region:", "X-Region: " + "R".repeat(40), "X-Device-Id: d-1", "x-device-id:  d-2 ", "X-Device-Id: " + "d".repeat(70),
            "X-Device-Id: " + "d".repeat(200), "X-Device-Id:", "Idempotency-Key: k-1", "Idempotency-Key: k 2",
            "Idempotency-Key: " + "k".repeat(70), "User-Agent: Mozilla/5.0 (iPhone; CPU iPhone OS 17_0)", "User-Agent: " + "u".repeat(300),
            "User-Agent: " + "u".repeat(600), "Content-Length: 0", "X-Other: v", "X-Ctl: a\u0001b", "Transfer-Encoding: chunked");

    record Input(byte[] bytes, List<Integer> splits, String shown) {
    }

    /** One GET: a line, Host (usually), extra headers, no body. */
    private static Arbitrary<String> get() {
        return Combinators.combine(Arbitraries.of(GET_LINES), Arbitraries.integers().between(0, 9), Arbitraries.of(GET_HEADERS).list().ofMaxSize(5),
                Arbitraries.integers().between(0, 5)).as((line, host, extra, at) -> {
                    final List<String> headers = new ArrayList<>(extra);
                    if (host > 0) {
                        headers.add(Math.min(at, headers.size()), host == 9 ? "HOST: x" : "Host: x");
                    }
                    return line + "\r\n" + String.join("\r\n", headers) + (headers.isEmpty() ? "" : "\r\n") + "\r\n";
                });
    }

    /** One request: a line, Host (usually), Content-Length (usually right), extra headers, a body. */
    private static Arbitrary<String> request() {
        return Combinators.combine(Arbitraries.of(LINES), Arbitraries.integers().between(0, 9), Arbitraries.integers().between(0, 9),
                Arbitraries.of(HEADERS).list().ofMaxSize(4), Arbitraries.of(BODIES), Arbitraries.integers().between(0, 3))
                .as((line, host, length, extra, body, at) -> {
                    final List<String> headers = new ArrayList<>(extra);
                    if (host > 0) {
                        headers.add(Math.min(at, headers.size()), host == 9 ? "HOST: x" : "Host: x");
                    }
                    final int n = body.getBytes(StandardCharsets.UTF_8).length;
                    if (length > 0) {
                        headers.add(Math.min(at + 1, headers.size()), "Content-Length: " + (length == 9 ? n + 1 : length == 8 ? n - 1 : n));
                    }
                    return line + "\r\n" + String.join("\r\n", headers) + (headers.isEmpty() ? "" : "\r\n") + "\r\n" + body;
                });
    }

    @Provide
    Arbitrary<Input> inputs() {
        return Combinators.combine(Arbitraries.oneOf(request(), get()).list().ofMinSize(1).ofMaxSize(4), Arbitraries.integers().between(0, 2_000).list().ofMaxSize(5),
                Arbitraries.integers().between(0, 9)).as((requests, splits, cut) -> {
                    final String text = String.join("", requests);
                    final byte[] all = text.getBytes(StandardCharsets.UTF_8);
                    // now and then the stream ends early, in a head or a body
                    final byte[] bytes = cut == 0 ? java.util.Arrays.copyOf(all, all.length * 3 / 4) : all;
                    return new Input(bytes, splits, text.replace("\r\n", "\\r\\n") + " split at " + splits + (cut == 0 ? " cut" : ""));
                });
    }

    @Property
    void shouldAnswerTheSameWithAndWithoutFraming(@ForAll("inputs") final Input input) {
        final String framed = answers(input, true);
        final String netty = answers(input, false);
        assertEquals(netty, framed, "on " + input.shown());
        Statistics.collect(framed.startsWith("HTTP/1.1 ") ? framed.substring(9, 12) : "no answer");
    }

    @Example
    void shouldAnswerTheSameForEveryEdgeOfAGetsFields() {
        final String line = "GET /c/" + FORGED + " HTTP/1.1\r\nHost: x\r\n";
        for (final String headers : List.of("", "Idempotency-Key: k-1\r\nUser-Agent: " + "u".repeat(300) + "\r\n",
                "Idempotency-Key: k-1\r\nUser-Agent: " + "u".repeat(240) + "\r\n", "Idempotency-Key: k-1\r\nUser-Agent: " + "u".repeat(243) + "\r\n",
                "X-Device-Id: " + "d".repeat(64) + "\r\nIdempotency-Key: k-1\r\n", "X-Device-Id: " + "d".repeat(65) + "\r\n",
                "X-Region: CN-31\r\nAccept: application/json\r\n", "X-Region: cn-31\r\n", "X-Region: " + "R".repeat(17) + "\r\n",
                "Idempotency-Key: " + "k".repeat(64) + "\r\n", "Idempotency-Key: " + "k".repeat(65) + "\r\n", "Accept-Language: zh\r\n",
                "Accept: text/html\r\nAccept-Language: en-GB,zh;q=0.8\r\n", "Accept: application/problem+json\r\n")) {
            final byte[] bytes = (line + headers + "\r\n").getBytes(StandardCharsets.UTF_8);
            final Input input = new Input(bytes, List.of(), (line + headers).replace("\r\n", "\\r\\n"));
            assertEquals(answers(input, false), answers(input, true), "on " + input.shown());
        }
    }

    /** Every byte the connection wrote for {@code input}, and whether it is open at the end. */
    private static String answers(final Input input, final boolean framing) {
        final EmbeddedChannel channel = new EmbeddedChannel();
        channel.pipeline().addLast(new ScanHttpRequestDecoder(4096, framing),
                new ScanConnection(new ScanHttpContext(AUTH, null, null, new ScanMetrics(), 4096), ScanReplies.inbox(channel.eventLoop()), null));
        final StringBuilder out = new StringBuilder();
        int from = 0;
        final List<Integer> cuts = new ArrayList<>();
        for (final int s : input.splits()) {
            cuts.add(s % (input.bytes().length + 1));
        }
        cuts.sort(null);
        cuts.add(input.bytes().length);
        for (final int to : cuts) {
            if (to > from && channel.isOpen()) {
                channel.writeInbound(Unpooled.wrappedBuffer(input.bytes(), from, to - from));
                from = to;
            }
            ByteBuf b;
            while ((b = channel.readOutbound()) != null) {
                out.append(b.toString(StandardCharsets.ISO_8859_1));
                b.release();
            }
        }
        out.append(channel.isOpen() ? "[open]" : "[closed]");
        channel.finishAndReleaseAll();
        return out.toString();
    }
}
