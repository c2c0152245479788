package io.scangate.client.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.List;

import org.agrona.concurrent.UnsafeBuffer;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;

/**
 * Fuzzing of the UDP request decoder: arbitrary datagrams, datagrams the encoder wrote, and their
 * mutations never make it throw; one it accepts indexes only bytes inside the datagram and
 * re-encodes with {@link ScanRequestEncoder} to the very same bytes; one it refuses has a detail
 * and no scans. Tries: {@code jqwik.tries.default} (docs/SECURITY.md, Fuzzing).
 */
class ScanRequestDecoderFuzzTest {
    private final ScanRequestDecoder decoder = new ScanRequestDecoder();

    record Request(long requestId, byte[] device, byte[] region, List<byte[]> codes, List<byte[]> consumers) {
        byte[] encode() {
            final UnsafeBuffer buffer = new UnsafeBuffer(new byte[UdpProtocol.MAX_DATAGRAM]);
            final ScanRequestEncoder encoder = new ScanRequestEncoder().wrap(buffer, 0).header(requestId, device, region);
            for (int i = 0; i < codes.size() && encoder.length() + ScanRequestEncoder.scanLength(codes.get(i), consumers.get(i))
                    <= UdpProtocol.MAX_DATAGRAM; i++) {
                encoder.addScan(codes.get(i), consumers.get(i));
            }
            return Arrays.copyOf(buffer.byteArray(), encoder.length());
        }
    }

    @Provide
    Arbitrary<byte[]> datagrams() {
        final Arbitrary<byte[]> anyBytes = Arbitraries.bytes().array(byte[].class).ofMaxSize(UdpProtocol.MAX_DATAGRAM + 10);
        final Arbitrary<byte[]> valid = requests().map(Request::encode);
        final Arbitrary<byte[]> mutated = Combinators.combine(valid, Arbitraries.integers().between(0, 3).list().ofMinSize(1).ofMaxSize(4),
                Arbitraries.integers().between(0, UdpProtocol.MAX_DATAGRAM).list().ofMinSize(4).ofMaxSize(4),
                Arbitraries.bytes().list().ofMinSize(4).ofMaxSize(4)).as(ScanRequestDecoderFuzzTest::mutate);
        return Arbitraries.frequencyOf(Tuple.of(1, anyBytes), Tuple.of(1, valid), Tuple.of(3, mutated));
    }

    private static Arbitrary<Request> requests() {
        final Arbitrary<byte[]> code = Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(UdpProtocol.MAX_CODE_BYTES);
        final Arbitrary<byte[]> consumer = Arbitraries.bytes().array(byte[].class).ofMaxSize(UdpProtocol.MAX_CONSUMER_BYTES);
        return Arbitraries.integers().between(1, UdpProtocol.MAX_SCANS).flatMap(n -> Combinators.combine(
                Arbitraries.longs(),
                Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(UdpProtocol.MAX_DEVICE_BYTES),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(UdpProtocol.MAX_REGION_BYTES),
                code.list().ofSize(n), consumer.list().ofSize(n)).as(Request::new));
    }

    @Property
    void shouldNeverThrowAndReencodeWhatItAcceptsToTheSameBytes(@ForAll("datagrams") final byte[] datagram,
                                                                @ForAll @IntRange(max = 16) final int offset) {
        final byte[] framed = new byte[offset + datagram.length + 16];
        Arrays.fill(framed, (byte) 0x5a);
        System.arraycopy(datagram, 0, framed, offset, datagram.length);
        final UnsafeBuffer buffer = new UnsafeBuffer(framed);
        final int result;
        try {
            result = decoder.wrap(buffer, offset, datagram.length).decode();
        } catch (final RuntimeException e) {
            throw new AssertionError("threw on " + Arrays.toString(datagram), e);
        }
        Statistics.collect(result == 0 ? "accepted" : UdpProtocol.errorName(result));
        if (result != 0) {
            assertNotNull(decoder.detail());
            assertFalse(decoder.detail().isEmpty());
            assertEquals(0, decoder.scanCount(), "a refused datagram shows no scans");
            return;
        }
        final int end = offset + datagram.length;
        assertTrue(decoder.scanCount() >= 1 && decoder.scanCount() <= UdpProtocol.MAX_SCANS);
        assertInside(decoder.deviceOffset(), decoder.deviceLength(), offset, end);
        assertInside(decoder.regionOffset(), decoder.regionLength(), offset, end);
        final UnsafeBuffer out = new UnsafeBuffer(new byte[UdpProtocol.MAX_DATAGRAM]);
        final ScanRequestEncoder encoder = new ScanRequestEncoder().wrap(out, 0)
                .header(decoder.requestId(), bytes(buffer, decoder.deviceOffset(), decoder.deviceLength()),
                        bytes(buffer, decoder.regionOffset(), decoder.regionLength()));
        for (int i = 0; i < decoder.scanCount(); i++) {
            assertInside(decoder.codeOffset(i), decoder.codeLength(i), offset, end);
            assertInside(decoder.consumerOffset(i), decoder.consumerLength(i), offset, end);
            encoder.addScan(bytes(buffer, decoder.codeOffset(i), decoder.codeLength(i)),
                    bytes(buffer, decoder.consumerOffset(i), decoder.consumerLength(i)));
        }
        assertArrayEquals(datagram, Arrays.copyOf(out.byteArray(), encoder.length()), "re-encoded");
    }

    @Property
    void shouldAcceptEveryRequestTheEncoderWrites(@ForAll("requests") final Request request) {
        final byte[] datagram = request.encode();
        final int result = decoder.wrap(new UnsafeBuffer(datagram), 0, datagram.length).decode();
        if (result != 0) {
            fail(decoder.detail());
        }
        assertEquals(request.requestId(), decoder.requestId());
    }

    @Provide("requests")
    Arbitrary<Request> requestsToEncode() {
        return requests();
    }

    private static void assertInside(final int at, final int length, final int start, final int end) {
        assertTrue(at >= start && length >= 0 && at + length <= end, "field [" + at + ", +" + length + ") outside [" + start + ", " + end + ")");
    }

    private static byte[] bytes(final UnsafeBuffer buffer, final int at, final int length) {
        final byte[] out = new byte[length];
        buffer.getBytes(at, out);
        return out;
    }

    /** Each edit in turn: 0 sets a byte, 1 cuts the datagram short, 2 inserts a byte, 3 deletes one. */
    private static byte[] mutate(final byte[] valid, final List<Integer> kinds, final List<Integer> positions, final List<Byte> values) {
        byte[] b = valid;
        for (int i = 0; i < kinds.size() && b.length > 0; i++) {
            final int at = positions.get(i) % b.length;
            switch (kinds.get(i)) {
                case 0 -> {
                    b = b.clone();
                    // the header's bytes decide the most: hit them half the time
                    b[i % 2 == 0 ? at % Math.min(b.length, UdpProtocol.HEADER_LENGTH + 2) : at] = values.get(i);
                }
                case 1 -> b = Arrays.copyOf(b, at);
                case 2 -> {
                    final byte[] out = new byte[b.length + 1];
                    System.arraycopy(b, 0, out, 0, at);
                    out[at] = values.get(i);
                    System.arraycopy(b, at, out, at + 1, b.length - at);
                    b = out;
                }
                default -> {
                    final byte[] out = new byte[b.length - 1];
                    System.arraycopy(b, 0, out, 0, at);
                    System.arraycopy(b, at + 1, out, at, b.length - at - 1);
                    b = out;
                }
            }
        }
        return b;
    }
}
