package io.scangate.client.protocol;

import static io.scangate.client.protocol.UdpProtocol.*;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

import org.agrona.MutableDirectBuffer;

/**
 * Flyweight writer of scan responses and error responses ({@link UdpProtocol} layout).
 *
 * <p>Concurrency: not thread-safe; one per event loop or channel.
 */
public final class ScanResponseEncoder {
    private MutableDirectBuffer buffer;
    private int offset;

    public ScanResponseEncoder wrap(final MutableDirectBuffer buffer, final int offset) {
        this.buffer = buffer;
        this.offset = offset;
        return this;
    }

    private void header(final byte type, final long requestId) {
        buffer.putShort(offset + MAGIC_OFFSET, MAGIC, ByteOrder.LITTLE_ENDIAN);
        buffer.putByte(offset + VERSION_OFFSET, VERSION);
        buffer.putByte(offset + TYPE_OFFSET, type);
        buffer.putByte(offset + FLAGS_OFFSET, (byte) 0);
        buffer.putLong(offset + REQUEST_ID_OFFSET, requestId, ByteOrder.LITTLE_ENDIAN);
    }

    /** Writes a scan response header for {@code scans} entries; returns the response's length. */
    public int scanResponse(final long requestId, final int scans) {
        header(TYPE_SCAN_RESPONSE, requestId);
        buffer.putByte(offset + COUNT_OFFSET, (byte) scans);
        buffer.putShort(offset + DETAIL_LENGTH_OFFSET, (short) 0, ByteOrder.LITTLE_ENDIAN);
        return responseLength(scans);
    }

    /** Writes entry {@code i} of a scan response. */
    public void entry(final int i, final int status, final int verdict, final boolean firstScan, final int scanCount,
                      final int alerts, final long rewardId, final long rewardAmount) {
        final int at = offset + HEADER_LENGTH + i * ENTRY_LENGTH;
        buffer.putByte(at, (byte) status);
        buffer.putByte(at + 1, (byte) verdict);
        buffer.putByte(at + 2, (byte) ((firstScan ? ENTRY_FIRST_SCAN : 0) | (rewardId != 0 ? ENTRY_REWARD : 0)));
        buffer.putByte(at + 3, (byte) 0);
        buffer.putInt(at + 4, scanCount, ByteOrder.LITTLE_ENDIAN);
        buffer.putInt(at + 8, alerts, ByteOrder.LITTLE_ENDIAN);
        buffer.putLong(at + 12, rewardId, ByteOrder.LITTLE_ENDIAN);
        buffer.putLong(at + 20, rewardAmount, ByteOrder.LITTLE_ENDIAN);
    }

    /** Writes an error response; the detail is cut to {@link UdpProtocol#MAX_DETAIL_BYTES}. Returns its length. */
    public int error(final long requestId, final int code, final String detail) {
        header(TYPE_ERROR, requestId);
        buffer.putByte(offset + ERROR_CODE_OFFSET, (byte) code);
        final byte[] text = detail == null ? new byte[0] : detail.getBytes(StandardCharsets.UTF_8);
        final int n = Math.min(text.length, MAX_DETAIL_BYTES);
        buffer.putShort(offset + DETAIL_LENGTH_OFFSET, (short) n, ByteOrder.LITTLE_ENDIAN);
        buffer.putBytes(offset + HEADER_LENGTH, text, 0, n);
        return HEADER_LENGTH + n;
    }
}
