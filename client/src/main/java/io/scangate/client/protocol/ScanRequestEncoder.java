package io.scangate.client.protocol;

import static io.scangate.client.protocol.UdpProtocol.*;

import java.nio.ByteOrder;

import org.agrona.MutableDirectBuffer;

/**
 * Flyweight writer of a scan request ({@link UdpProtocol} layout): {@link #header}, then
 * {@link #addScan} per scan; {@link #length()} is the datagram's size so far.
 *
 * <p>Concurrency: not thread-safe.
 */
public final class ScanRequestEncoder {
    private MutableDirectBuffer buffer;
    private int offset;
    private int limit;
    private int count;

    public ScanRequestEncoder wrap(final MutableDirectBuffer buffer, final int offset) {
        this.buffer = buffer;
        this.offset = offset;
        this.limit = offset;
        this.count = 0;
        return this;
    }

    /** Writes the header; {@code region} may be empty. */
    public ScanRequestEncoder header(final long requestId, final byte[] device, final byte[] region) {
        if (device.length < 1 || device.length > MAX_DEVICE_BYTES) {
            throw new IllegalArgumentException("device must be 1 to " + MAX_DEVICE_BYTES + " bytes of UTF-8");
        }
        if (region.length > MAX_REGION_BYTES) {
            throw new IllegalArgumentException("region must be at most " + MAX_REGION_BYTES + " characters");
        }
        buffer.putShort(offset + MAGIC_OFFSET, MAGIC, ByteOrder.LITTLE_ENDIAN);
        buffer.putByte(offset + VERSION_OFFSET, VERSION);
        buffer.putByte(offset + TYPE_OFFSET, TYPE_SCAN_REQUEST);
        buffer.putByte(offset + FLAGS_OFFSET, (byte) 0);
        buffer.putByte(offset + COUNT_OFFSET, (byte) 0);
        buffer.putByte(offset + DEVICE_LENGTH_OFFSET, (byte) device.length);
        buffer.putByte(offset + REGION_LENGTH_OFFSET, (byte) region.length);
        buffer.putLong(offset + REQUEST_ID_OFFSET, requestId, ByteOrder.LITTLE_ENDIAN);
        limit = offset + HEADER_LENGTH;
        buffer.putBytes(limit, device);
        limit += device.length;
        buffer.putBytes(limit, region);
        limit += region.length;
        count = 0;
        return this;
    }

    /** Bytes one scan adds to a request. */
    public static int scanLength(final byte[] code, final byte[] consumer) {
        return 2 + code.length + consumer.length;
    }

    /** Appends a scan; {@code consumer} may be empty. */
    public ScanRequestEncoder addScan(final byte[] code, final byte[] consumer) {
        if (code.length < 1 || code.length > MAX_CODE_BYTES) {
            throw new IllegalArgumentException("code must be 1 to " + MAX_CODE_BYTES + " bytes");
        }
        if (consumer.length > MAX_CONSUMER_BYTES) {
            throw new IllegalArgumentException("consumer must be at most " + MAX_CONSUMER_BYTES + " bytes");
        }
        if (count == MAX_SCANS) {
            throw new IllegalStateException("at most " + MAX_SCANS + " scans in one datagram");
        }
        if (length() + scanLength(code, consumer) > MAX_DATAGRAM) {
            throw new IllegalStateException("datagram would exceed " + MAX_DATAGRAM + " bytes");
        }
        buffer.putByte(limit, (byte) code.length);
        buffer.putByte(limit + 1, (byte) consumer.length);
        limit += 2;
        buffer.putBytes(limit, code);
        limit += code.length;
        buffer.putBytes(limit, consumer);
        limit += consumer.length;
        count++;
        buffer.putByte(offset + COUNT_OFFSET, (byte) count);
        return this;
    }

    public int scanCount() {
        return count;
    }

    /** Bytes written so far. */
    public int length() {
        return limit - offset;
    }
}
