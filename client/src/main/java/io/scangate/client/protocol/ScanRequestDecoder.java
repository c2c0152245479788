package io.scangate.client.protocol;

import static io.scangate.client.protocol.UdpProtocol.*;

import java.nio.ByteOrder;

import org.agrona.DirectBuffer;

/**
 * Flyweight reader of a scan request ({@link UdpProtocol} layout). {@link #decode} checks the
 * whole datagram before anything of it is used: a datagram that fails any check is answered with
 * the returned error code and {@link #detail()}, and none of its scans is looked at. It checks
 * framing only (lengths, versions, counts); what a field may hold (the region's ISO 3166 shape) is
 * the server's scan intake's to judge, in one place for every transport.
 *
 * <p>Concurrency: not thread-safe; one per event loop or channel.
 */
public final class ScanRequestDecoder {
    private final int[] codeOffsets = new int[MAX_SCANS];
    private final int[] codeLengths = new int[MAX_SCANS];
    private final int[] consumerOffsets = new int[MAX_SCANS];
    private final int[] consumerLengths = new int[MAX_SCANS];
    private DirectBuffer buffer;
    private int offset;
    private int length;
    private long requestId;
    private int type;
    private int scanCount;
    private int deviceOffset;
    private int deviceLength;
    private int regionOffset;
    private int regionLength;
    private String detail;

    public ScanRequestDecoder wrap(final DirectBuffer buffer, final int offset, final int length) {
        this.buffer = buffer;
        this.offset = offset;
        this.length = length;
        this.requestId = 0;
        this.type = 0;
        this.scanCount = 0;
        this.detail = null;
        return this;
    }

    /**
     * Checks and indexes the datagram. Returns 0 if it is a well-formed version 1 scan request,
     * else an {@code ERROR_*} code of {@link UdpProtocol} (with {@link #detail()}).
     */
    public int decode() {
        final int error = header();
        if (error != 0) {
            return error;
        }
        return scans(buffer.getByte(offset + COUNT_OFFSET) & 0xFF, HEADER_LENGTH + deviceLength + regionLength);
    }

    /** Checks the fixed header, device and region; 0 or an error code. */
    private int header() {
        if (length >= HEADER_LENGTH && buffer.getShort(offset + MAGIC_OFFSET, ByteOrder.LITTLE_ENDIAN) == MAGIC) {
            requestId = buffer.getLong(offset + REQUEST_ID_OFFSET, ByteOrder.LITTLE_ENDIAN);
        }
        if (length > MAX_DATAGRAM) {
            return fail(ERROR_TOO_LARGE, "datagram of " + length + " bytes or more; at most " + MAX_DATAGRAM);
        }
        if (length < 2) {
            return fail(ERROR_TRUNCATED, "datagram of " + length + " bytes; the header is " + HEADER_LENGTH);
        }
        if (buffer.getShort(offset + MAGIC_OFFSET, ByteOrder.LITTLE_ENDIAN) != MAGIC) {
            return fail(ERROR_MALFORMED, "not a scangate datagram: bad magic");
        }
        if (length < HEADER_LENGTH) {
            return fail(ERROR_TRUNCATED, "datagram of " + length + " bytes; the header is " + HEADER_LENGTH);
        }
        final int version = buffer.getByte(offset + VERSION_OFFSET) & 0xFF;
        if (version != VERSION) {
            return fail(ERROR_UNSUPPORTED_VERSION, "protocol version " + version + "; this server speaks " + VERSION);
        }
        type = buffer.getByte(offset + TYPE_OFFSET) & 0xFF;
        if (type != TYPE_SCAN_REQUEST) {
            return fail(ERROR_UNSUPPORTED_TYPE, "datagram type " + type + "; expected " + TYPE_SCAN_REQUEST + " (scan request)");
        }
        final int flags = buffer.getByte(offset + FLAGS_OFFSET) & 0xFF;
        if (flags != 0) {
            return fail(ERROR_MALFORMED, "flags must be 0 in version 1");
        }
        final int count = buffer.getByte(offset + COUNT_OFFSET) & 0xFF;
        if (count < 1 || count > MAX_SCANS) {
            return fail(ERROR_MALFORMED, "scan count " + count + "; must be 1 to " + MAX_SCANS);
        }
        deviceLength = buffer.getByte(offset + DEVICE_LENGTH_OFFSET) & 0xFF;
        if (deviceLength < 1 || deviceLength > MAX_DEVICE_BYTES) {
            return fail(ERROR_MALFORMED, "device length " + deviceLength + "; must be 1 to " + MAX_DEVICE_BYTES + " bytes");
        }
        regionLength = buffer.getByte(offset + REGION_LENGTH_OFFSET) & 0xFF;
        if (regionLength > MAX_REGION_BYTES) {
            return fail(ERROR_MALFORMED, "region length " + regionLength + "; at most " + MAX_REGION_BYTES);
        }
        int pos = HEADER_LENGTH;
        deviceOffset = offset + pos;
        pos += deviceLength;
        regionOffset = offset + pos;
        pos += regionLength;
        if (pos > length) {
            return fail(ERROR_TRUNCATED, "datagram ends inside the device or region");
        }
        return 0;
    }

    /** Checks and indexes the {@code count} scans from {@code pos} to the datagram's end; 0 or an error code. */
    private int scans(final int count, final int start) {
        int pos = start;
        for (int i = 0; i < count; i++) {
            if (pos + 2 > length) {
                return fail(ERROR_TRUNCATED, "datagram ends before scan " + i + " of " + count);
            }
            final int codeLength = buffer.getByte(offset + pos) & 0xFF;
            final int consumerLength = buffer.getByte(offset + pos + 1) & 0xFF;
            if (codeLength < 1 || codeLength > MAX_CODE_BYTES) {
                return fail(ERROR_MALFORMED, "scan " + i + ": code length " + codeLength + "; must be 1 to " + MAX_CODE_BYTES);
            }
            if (consumerLength > MAX_CONSUMER_BYTES) {
                return fail(ERROR_MALFORMED, "scan " + i + ": consumer length " + consumerLength + "; at most " + MAX_CONSUMER_BYTES);
            }
            pos += 2;
            if (pos + codeLength + consumerLength > length) {
                return fail(ERROR_TRUNCATED, "datagram ends inside scan " + i + " of " + count);
            }
            codeOffsets[i] = offset + pos;
            codeLengths[i] = codeLength;
            pos += codeLength;
            consumerOffsets[i] = offset + pos;
            consumerLengths[i] = consumerLength;
            pos += consumerLength;
        }
        if (pos != length) {
            return fail(ERROR_MALFORMED, (length - pos) + " bytes after the last scan");
        }
        scanCount = count;
        return 0;
    }

    private int fail(final int code, final String why) {
        detail = why;
        scanCount = 0;
        return code;
    }

    /** Why {@link #decode} refused the datagram. */
    public String detail() {
        return detail;
    }

    /** The type byte, when the header was readable; a response type means a datagram that must not be answered. */
    public int type() {
        return type;
    }

    /** The client's request id, or 0 when the datagram is too short or foreign to carry one. */
    public long requestId() {
        return requestId;
    }

    public DirectBuffer buffer() {
        return buffer;
    }

    public int scanCount() {
        return scanCount;
    }

    public int deviceOffset() {
        return deviceOffset;
    }

    public int deviceLength() {
        return deviceLength;
    }

    public int regionOffset() {
        return regionOffset;
    }

    public int regionLength() {
        return regionLength;
    }

    public int codeOffset(final int scan) {
        return codeOffsets[scan];
    }

    public int codeLength(final int scan) {
        return codeLengths[scan];
    }

    public int consumerOffset(final int scan) {
        return consumerOffsets[scan];
    }

    public int consumerLength(final int scan) {
        return consumerLengths[scan];
    }
}
