package io.scangate.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.scangate.server.intake.ScanFields;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

/**
 * Fuzzing of the scan body parser over arbitrary bytes, JSON token soup and mutations of valid
 * bodies: it never throws, and it never reads outside the readable bytes. A read past either end
 * would not always throw (the array of a heap buffer, or the parser's reused copy of a direct
 * one, goes on), so each body is parsed from an exact-size array, from heap buffers and direct
 * buffers fenced with bytes that would change the outcome if read ('}', '"', '0'), and after a
 * direct parse that left such bytes in the reused copy; every parse must give the same answer and
 * leave the buffer's indices alone. Tries: {@code jqwik.tries.default} (docs/SECURITY.md, Fuzzing).
 */
class ScanBodyParserFuzzTest {
    private static final byte[] VALID = utf8("{\"code\":\"7ZK4-M8QR-ST9V-WXY0-1234\",\"device\":\"phone-\u00e9\",\"consumer\":\"alice\","
            + "\"region\":\"CN-31\",\"lat\":31.2304,\"lon\":-121.4737e0,\"requestId\":\"req-42\",\"x\":[{\"y\":null},true,-0.5E+3]}");
    private static final byte[] TOKENS = utf8("{}[]:,\"\\/ \t\n0123456789-+.eEtrufalsnbux\u0001codevicelatlonregion\u00e9");
    private static final List<String> SPLICES = List.of("\"", "\\", "\\u", "\\ud83d\\ude00", "\\ud800", "\\u00", "{", "[", "}", "]",
            "1e999999999", "-", "0.", "1e", "null", "tru", "\u00ff", "\u00c3", "\u00f0\u009f", "\u0000", "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[",
            "\"lat\":", "\"code\":", "9".repeat(30), "\"" + "a".repeat(70) + "\"");
    private static final byte[] FENCES = {'}', '"', '0'};

    private final ScanBodyParser parser = new ScanBodyParser();
    private final ScanFields fields = new ScanFields();

    @Provide
    Arbitrary<byte[]> bodies() {
        final Arbitrary<byte[]> anyBytes = Arbitraries.bytes().array(byte[].class).ofMaxSize(200);
        final Arbitrary<byte[]> tokens = Arbitraries.integers().between(0, TOKENS.length - 1).list().ofMaxSize(160).map(picks -> {
            final byte[] out = new byte[picks.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = TOKENS[picks.get(i)];
            }
            return out;
        });
        final Arbitrary<byte[]> mutated = Combinators.combine(
                Arbitraries.integers().between(0, 3).list().ofMinSize(1).ofMaxSize(5),
                Arbitraries.integers().between(0, VALID.length).list().ofMinSize(5).ofMaxSize(5),
                Arbitraries.bytes().list().ofMinSize(5).ofMaxSize(5),
                Arbitraries.of(SPLICES).list().ofMinSize(5).ofMaxSize(5)).as(ScanBodyParserFuzzTest::mutate);
        return Arbitraries.frequencyOf(Tuple.of(1, anyBytes), Tuple.of(1, tokens), Tuple.of(3, mutated), Tuple.of(1, Arbitraries.just(VALID)));
    }

    @Property
    void shouldNeverThrowNorReadOutsideTheReadableBytesOfHeapOrDirectBuffers(@ForAll("bodies") final byte[] body) {
        final ByteBuf exact = Unpooled.wrappedBuffer(body);
        final String problem;
        final String parsed;
        try {
            problem = parser.parse(exact, fields);
            parsed = describe(fields);
        } catch (final RuntimeException e) {
            throw new AssertionError("threw on " + show(body), e);
        } finally {
            exact.release();
        }
        Statistics.collect(problem == null ? "accepted" : "refused");
        if (problem == null) {
            assertTrue(fields.codeLength <= ScanFields.MAX_CODE_BYTES && fields.deviceLength > 0, show(body));
        } else {
            assertFalse(problem.isEmpty());
        }
        for (final byte fence : FENCES) {
            assertSameParse(problem, parsed, body, fenced(Unpooled.buffer(body.length + 16), body, fence));
            poisonTheCopy(body.length, fence);
            assertSameParse(problem, parsed, body, fenced(Unpooled.directBuffer(body.length + 16), body, fence));
        }
    }

    /** Parses {@code buf} (released after) and checks it answers as the exact-size parse did, with its indices untouched. */
    private void assertSameParse(final String problem, final String parsed, final byte[] body, final ByteBuf buf) {
        try {
            final int reader = buf.readerIndex();
            final int writer = buf.writerIndex();
            assertEquals(problem, parser.parse(buf, fields), show(body));
            assertEquals(parsed, describe(fields), show(body));
            assertEquals(reader, buf.readerIndex());
            assertEquals(writer, buf.writerIndex());
        } finally {
            buf.release();
        }
    }

    /** Fills the parser's reused copy (for buffers without an array) with {@code fence} well past {@code length}. */
    private void poisonTheCopy(final int length, final byte fence) {
        final ByteBuf poison = Unpooled.directBuffer(length + 64);
        try {
            final byte[] bytes = new byte[length + 64];
            Arrays.fill(bytes, fence);
            poison.writeBytes(bytes);
            parser.parse(poison, fields);
        } finally {
            poison.release();
        }
    }

    /** {@code body} as the readable bytes of {@code buf}, with 8 {@code fence} bytes written before and after it. */
    private static ByteBuf fenced(final ByteBuf buf, final byte[] body, final byte fence) {
        for (int i = 0; i < 8; i++) {
            buf.writeByte(fence);
        }
        buf.writeBytes(body);
        for (int i = 0; i < 8; i++) {
            buf.writeByte(fence);
        }
        return buf.readerIndex(8).writerIndex(8 + body.length);
    }

    /** Each edit in turn: 0 sets a byte, 1 deletes one, 2 cuts the body short, 3 splices in a troublesome piece. */
    private static byte[] mutate(final List<Integer> kinds, final List<Integer> positions, final List<Byte> values, final List<String> splices) {
        byte[] b = VALID;
        for (int i = 0; i < kinds.size() && b.length > 0; i++) {
            final int at = positions.get(i) % b.length;
            switch (kinds.get(i)) {
                case 0 -> {
                    b = b.clone();
                    b[at] = values.get(i);
                }
                case 1 -> b = splice(b, at, at + 1, new byte[0]);
                case 2 -> b = Arrays.copyOf(b, at);
                default -> b = splice(b, at, at, utf8(splices.get(i)));
            }
        }
        return b;
    }

    private static byte[] splice(final byte[] b, final int from, final int to, final byte[] with) {
        final byte[] out = new byte[b.length - (to - from) + with.length];
        System.arraycopy(b, 0, out, 0, from);
        System.arraycopy(with, 0, out, from, with.length);
        System.arraycopy(b, to, out, from + with.length, b.length - to);
        return out;
    }

    private static String describe(final ScanFields f) {
        return Arrays.toString(Arrays.copyOf(f.code, f.codeLength)) + '|' + Arrays.toString(Arrays.copyOf(f.device, f.deviceLength)) + '|'
                + Arrays.toString(Arrays.copyOf(f.consumer, f.consumerLength)) + '|' + Arrays.toString(Arrays.copyOf(f.region, f.regionLength))
                + '|' + f.hasLocation + '|' + Double.doubleToRawLongBits(f.lat) + '|' + Double.doubleToRawLongBits(f.lon) + '|'
                + Arrays.toString(Arrays.copyOf(f.requestId, f.requestIdLength));
    }

    private static String show(final byte[] body) {
        return new String(body, StandardCharsets.UTF_8) + " " + Arrays.toString(body);
    }

    private static byte[] utf8(final String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
