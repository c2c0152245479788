package io.scangate.client.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

class UdpProtocolTest {
    private static final byte[] CODE = "0123456789ABCDEFGHJK".getBytes(StandardCharsets.US_ASCII);

    private static int encode(final UnsafeBuffer buf, final int scans, final byte[] consumer) {
        final ScanRequestEncoder e = new ScanRequestEncoder().wrap(buf, 0)
                .header(-2L, "device-\u00e9".getBytes(StandardCharsets.UTF_8), "CN-31".getBytes(StandardCharsets.US_ASCII));
        for (int i = 0; i < scans; i++) {
            e.addScan(CODE, consumer);
        }
        return e.length();
    }

    @Test
    void shouldDecodeWhatTheEncoderWrote() {
        final UnsafeBuffer buf = new UnsafeBuffer(new byte[UdpProtocol.MAX_DATAGRAM]);
        final int n = encode(buf, 3, "c-1".getBytes(StandardCharsets.US_ASCII));
        final ScanRequestDecoder d = new ScanRequestDecoder().wrap(buf, 0, n);
        assertEquals(0, d.decode(), d.detail());
        assertEquals(-2L, d.requestId());
        assertEquals(3, d.scanCount());
        assertEquals(9, d.deviceLength());
        assertEquals(5, d.regionLength());
        assertEquals(20, d.codeLength(2));
        assertEquals(3, d.consumerLength(2));
        assertEquals('K', buf.getByte(d.codeOffset(2) + 19));
        assertEquals('S', buf.getByte(0));
        assertEquals('G', buf.getByte(1));
    }

    @Test
    void shouldFitTheLargestRequestAndResponseIntoOneMtu() {
        final UnsafeBuffer buf = new UnsafeBuffer(new byte[UdpProtocol.MAX_DATAGRAM]);
        final int n = encode(buf, UdpProtocol.MAX_SCANS, new byte[0]);
        assertTrue(n <= UdpProtocol.MAX_DATAGRAM, "32 scans of 20-character codes: " + n + " bytes");
        assertTrue(UdpProtocol.responseLength(UdpProtocol.MAX_SCANS) <= UdpProtocol.MAX_DATAGRAM);
        assertThrows(IllegalStateException.class, () -> new ScanRequestEncoder().wrap(buf, 0)
                .header(1, new byte[64], new byte[0]).addScan(new byte[64], new byte[64]).addScan(new byte[64], new byte[64])
                .addScan(new byte[64], new byte[64]).addScan(new byte[64], new byte[64]).addScan(new byte[64], new byte[64])
                .addScan(new byte[64], new byte[64]).addScan(new byte[64], new byte[64]).addScan(new byte[64], new byte[64])
                .addScan(new byte[64], new byte[64]).addScan(new byte[64], new byte[64]).addScan(new byte[64], new byte[64]),
                "the encoder refuses to go past one datagram");
    }

    @Test
    void shouldRefuseEveryStrictPrefixAndNeverThrowOnGarbage() {
        final UnsafeBuffer buf = new UnsafeBuffer(new byte[UdpProtocol.MAX_DATAGRAM]);
        final int n = encode(buf, 4, "x".getBytes(StandardCharsets.US_ASCII));
        final ScanRequestDecoder d = new ScanRequestDecoder();
        for (int cut = 0; cut < n; cut++) {
            assertNotEquals(0, d.wrap(buf, 0, cut).decode(), "cut at " + cut);
            assertEquals(0, d.scanCount());
        }
        assertEquals(UdpProtocol.ERROR_MALFORMED, d.wrap(buf, 0, n + 1).decode(), "a trailing byte");
        final Random random = new Random(1);
        final byte[] bytes = new byte[UdpProtocol.MAX_DATAGRAM];
        final UnsafeBuffer garbage = new UnsafeBuffer(bytes);
        for (int i = 0; i < 10_000; i++) {
            random.nextBytes(bytes);
            bytes[0] = 'S';
            bytes[1] = 'G';
            bytes[2] = 1;
            bytes[3] = 1;
            bytes[4] = 0;
            final int code = d.wrap(garbage, 0, random.nextInt(bytes.length + 1)).decode();
            if (code != 0) {
                assertFalse(d.detail().isEmpty());
            }
        }
    }

    @Test
    void shouldRoundTripAScanResponseAndAnErrorResponse() {
        final UnsafeBuffer buf = new UnsafeBuffer(new byte[UdpProtocol.MAX_DATAGRAM]);
        final ScanResponseEncoder e = new ScanResponseEncoder().wrap(buf, 0);
        final int n = e.scanResponse(Long.MIN_VALUE, 2);
        e.entry(0, UdpProtocol.STATUS_OK, UdpProtocol.VERDICT_GENUINE, true, 1, 0b101, 77, 500);
        e.entry(1, UdpProtocol.STATUS_OVERLOADED, UdpProtocol.VERDICT_NONE, false, 0, 0, 0, 0);
        final ResponseDecoder d = new ResponseDecoder().wrap(buf, 0, n);
        assertEquals(UdpProtocol.TYPE_SCAN_RESPONSE, d.decode());
        assertEquals(Long.MIN_VALUE, d.requestId());
        assertEquals(2, d.scanCount());
        assertTrue(d.firstScan(0));
        assertEquals(0b101, d.alerts(0));
        assertEquals(77, d.rewardId(0));
        assertEquals(500, d.rewardAmount(0));
        assertEquals(UdpProtocol.STATUS_OVERLOADED, d.status(1));
        assertEquals(-1, d.wrap(buf, 0, n - 1).decode(), "a cut response is not taken");
        final int m = e.error(9, UdpProtocol.ERROR_TRUNCATED, "x".repeat(500));
        assertEquals(UdpProtocol.HEADER_LENGTH + UdpProtocol.MAX_DETAIL_BYTES, m, "the detail is capped");
        assertEquals(UdpProtocol.TYPE_ERROR, d.wrap(buf, 0, m).decode());
        assertEquals(UdpProtocol.ERROR_TRUNCATED, d.errorCode());
        assertEquals(9, d.requestId());
    }
}
