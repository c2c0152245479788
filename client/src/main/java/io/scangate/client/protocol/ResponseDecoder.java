package io.scangate.client.protocol;

import static io.scangate.client.protocol.UdpProtocol.*;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

import org.agrona.DirectBuffer;

/**
 * Flyweight reader of the server's datagrams: scan responses and error responses
 * ({@link UdpProtocol} layout).
 *
 * <p>Concurrency: not thread-safe.
 */
public final class ResponseDecoder {
    private DirectBuffer buffer;
    private int offset;
    private int length;

    public ResponseDecoder wrap(final DirectBuffer buffer, final int offset, final int length) {
        this.buffer = buffer;
        this.offset = offset;
        this.length = length;
        return this;
    }

    /**
     * The datagram's type ({@link UdpProtocol#TYPE_SCAN_RESPONSE} or {@link UdpProtocol#TYPE_ERROR})
     * if it is a complete, well-formed server datagram, else -1.
     */
    public int decode() {
        if (length < HEADER_LENGTH || buffer.getShort(offset, ByteOrder.LITTLE_ENDIAN) != MAGIC
                || buffer.getByte(offset + VERSION_OFFSET) != VERSION) {
            return -1;
        }
        final int type = buffer.getByte(offset + TYPE_OFFSET);
        if (type == TYPE_SCAN_RESPONSE) {
            return length == responseLength(scanCount()) ? type : -1;
        }
        if (type == TYPE_ERROR) {
            return length == HEADER_LENGTH + detailLength() ? type : -1;
        }
        return -1;
    }

    public long requestId() {
        return buffer.getLong(offset + REQUEST_ID_OFFSET, ByteOrder.LITTLE_ENDIAN);
    }

    public int scanCount() {
        return buffer.getByte(offset + COUNT_OFFSET) & 0xFF;
    }

    public int errorCode() {
        return buffer.getByte(offset + ERROR_CODE_OFFSET) & 0xFF;
    }

    private int detailLength() {
        return buffer.getShort(offset + DETAIL_LENGTH_OFFSET, ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
    }

    /** An error response's detail text. */
    public String detail() {
        final byte[] b = new byte[detailLength()];
        buffer.getBytes(offset + HEADER_LENGTH, b);
        return new String(b, StandardCharsets.UTF_8);
    }

    private int entry(final int i) {
        return offset + HEADER_LENGTH + i * ENTRY_LENGTH;
    }

    public int status(final int i) {
        return buffer.getByte(entry(i)) & 0xFF;
    }

    public int verdict(final int i) {
        return buffer.getByte(entry(i) + 1) & 0xFF;
    }

    public boolean firstScan(final int i) {
        return (buffer.getByte(entry(i) + 2) & ENTRY_FIRST_SCAN) != 0;
    }

    public int scanCountOf(final int i) {
        return buffer.getInt(entry(i) + 4, ByteOrder.LITTLE_ENDIAN);
    }

    public int alerts(final int i) {
        return buffer.getInt(entry(i) + 8, ByteOrder.LITTLE_ENDIAN);
    }

    public long rewardId(final int i) {
        return buffer.getLong(entry(i) + 12, ByteOrder.LITTLE_ENDIAN);
    }

    public long rewardAmount(final int i) {
        return buffer.getLong(entry(i) + 20, ByteOrder.LITTLE_ENDIAN);
    }
}
