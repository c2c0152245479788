package io.scangate.client.protocol;

/**
 * The scangate UDP scan protocol, version 1 (docs/UDP.md). All integers little-endian (as
 * Aeron and SBE lay them out); text fields are raw bytes with a one-byte length.
 *
 * <pre>
 * Request (type 1), client to server, at most MAX_DATAGRAM bytes:
 *  0               1               2               3
 *  0 1 2 3 4 5 6 7 0 1 2 3 4 5 6 7 0 1 2 3 4 5 6 7 0 1 2 3 4 5 6 7
 * +-------------------------------+---------------+---------------+
 * |        magic 'S' 'G'          |  version = 1  |   type = 1    |   0
 * +---------------+---------------+---------------+---------------+
 * |  flags = 0    |  scan count   | device length | region length |   4
 * +---------------+---------------+---------------+---------------+
 * |                 requestId (64 bits, client's)                 |   8
 * |                                                               |
 * +---------------------------------------------------------------+
 * |  device (1..64 bytes, UTF-8)  |  region (0..6 ASCII, ISO 3166) |  16
 * +---------------+---------------+-------------------------------+
 * | code length   |consumer length|  code (1..64) | consumer(0..64)|  scan 0
 * +---------------+---------------+-------------------------------+
 * |  ... one such group per scan, scan count (1..32) in all ...   |
 *
 * Scan response (type 2), server to client: header, then 28 bytes per scan in request order:
 * +-------------------------------+---------------+---------------+
 * |        magic 'S' 'G'          |  version = 1  |   type = 2    |   0
 * +---------------+---------------+-------------------------------+
 * |  flags = 0    |  scan count   |         reserved = 0          |   4
 * +---------------+---------------+-------------------------------+
 * |                 requestId (echoed)                            |   8
 * +---------------+---------------+---------------+---------------+
 * | status        | verdict       | flags         | reserved      |  16 + 28 i
 * +---------------+---------------+---------------+---------------+
 * |                 scanCount (32 bits)                           |  +4
 * +---------------------------------------------------------------+
 * |                 alerts (32-bit mask, bit i = alert i)          |  +8
 * +---------------------------------------------------------------+
 * |                 rewardId (64 bits, 0 = none)                  |  +12
 * +---------------------------------------------------------------+
 * |                 rewardAmount (64 bits, minor units)           |  +20
 * +---------------------------------------------------------------+
 *
 * Error response (type 3), server to client, the whole datagram refused:
 * +-------------------------------+---------------+---------------+
 * |        magic 'S' 'G'          |  version = 1  |   type = 3    |   0
 * +---------------+---------------+-------------------------------+
 * |  flags = 0    |  error code   |  detail length (16 bits)      |   4
 * +---------------+---------------+-------------------------------+
 * |                 requestId (echoed, 0 if unreadable)           |   8
 * +---------------------------------------------------------------+
 * |                 detail (UTF-8, at most 112 bytes)             |  16
 * </pre>
 */
public final class UdpProtocol {
    /** The bytes {@code 'S' 'G'} read as a little-endian short. */
    public static final short MAGIC = 0x4753;
    public static final byte VERSION = 1;

    public static final byte TYPE_SCAN_REQUEST = 1;
    public static final byte TYPE_SCAN_RESPONSE = 2;
    public static final byte TYPE_ERROR = 3;

    /** Largest datagram either side sends or accepts: fits a 1500-byte MTU with IPv6 and UDP headers. */
    public static final int MAX_DATAGRAM = 1400;
    public static final int HEADER_LENGTH = 16;
    public static final int MAX_SCANS = 32;
    public static final int MAX_DEVICE_BYTES = 64;
    public static final int MAX_REGION_BYTES = 6;
    public static final int MAX_CODE_BYTES = 64;
    public static final int MAX_CONSUMER_BYTES = 64;
    /** Bytes of one scan's answer in a scan response. */
    public static final int ENTRY_LENGTH = 28;
    public static final int MAX_DETAIL_BYTES = 112;

    // header offsets
    public static final int MAGIC_OFFSET = 0;
    public static final int VERSION_OFFSET = 2;
    public static final int TYPE_OFFSET = 3;
    public static final int FLAGS_OFFSET = 4;
    public static final int COUNT_OFFSET = 5;
    public static final int DEVICE_LENGTH_OFFSET = 6;
    public static final int REGION_LENGTH_OFFSET = 7;
    public static final int ERROR_CODE_OFFSET = 5;
    public static final int DETAIL_LENGTH_OFFSET = 6;
    public static final int REQUEST_ID_OFFSET = 8;

    // per-scan status in a scan response
    /** The scan was verified: {@code verdict} holds the answer. */
    public static final int STATUS_OK = 0;
    /** The code is not 20 Crockford base32 characters (after normalisation); nothing counted. */
    public static final int STATUS_BAD_CODE = 1;
    /** The verifier queue was full; nothing counted, retry with the same requestId. */
    public static final int STATUS_OVERLOADED = 2;
    /** The ledger holds its configured maximum and this code is new; nothing counted. */
    public static final int STATUS_LEDGER_FULL = 3;
    /** The verifier failed on this scan; nothing counted. */
    public static final int STATUS_INTERNAL = 4;

    /** Verdict codes on the wire (0 = none, when the status is not OK), in the order of the product contract. */
    public static final int VERDICT_NONE = 0;
    public static final int VERDICT_GENUINE = 1;
    public static final int VERDICT_SUSPECT = 2;
    public static final int VERDICT_FORGED = 3;
    public static final int VERDICT_UNKNOWN = 4;
    public static final int VERDICT_NOT_ACTIVE = 5;
    public static final int VERDICT_VOIDED = 6;

    /** Entry flag bit: this scan was the code's first. */
    public static final int ENTRY_FIRST_SCAN = 1;
    /** Entry flag bit: the code has a reward ({@code rewardId}, {@code rewardAmount}). */
    public static final int ENTRY_REWARD = 2;

    // error codes of an error response
    /** Not a scangate datagram, or a field out of range (the detail says which). */
    public static final int ERROR_MALFORMED = 1;
    /** The datagram ends inside the header or a field. */
    public static final int ERROR_TRUNCATED = 2;
    /** Larger than {@link #MAX_DATAGRAM} bytes. */
    public static final int ERROR_TOO_LARGE = 3;
    /** A protocol version this server does not speak. */
    public static final int ERROR_UNSUPPORTED_VERSION = 4;
    /** A datagram type the server does not take. */
    public static final int ERROR_UNSUPPORTED_TYPE = 5;
    /** The server cannot take more datagrams now; nothing counted, retry with the same requestId. */
    public static final int ERROR_OVERLOADED = 6;

    private static final String[] VERDICTS = {null, "GENUINE", "SUSPECT", "FORGED", "UNKNOWN", "NOT_ACTIVE", "VOIDED"};
    private static final String[] STATUSES = {"OK", "BAD_CODE", "OVERLOADED", "LEDGER_FULL", "INTERNAL"};
    private static final String[] ERRORS = {"?", "MALFORMED", "TRUNCATED", "TOO_LARGE", "UNSUPPORTED_VERSION", "UNSUPPORTED_TYPE",
        "OVERLOADED"};

    private UdpProtocol() {
    }

    /** The verdict's name for a wire verdict code, null for none or unknown. */
    public static String verdictName(final int code) {
        return code > 0 && code < VERDICTS.length ? VERDICTS[code] : null;
    }

    /** The per-scan status's name. */
    public static String statusName(final int status) {
        return status >= 0 && status < STATUSES.length ? STATUSES[status] : "STATUS_" + status;
    }

    /** The error code's name. */
    public static String errorName(final int code) {
        return code > 0 && code < ERRORS.length ? ERRORS[code] : "ERROR_" + code;
    }

    /** Size of a scan response with {@code scans} entries. */
    public static int responseLength(final int scans) {
        return HEADER_LENGTH + scans * ENTRY_LENGTH;
    }
}
