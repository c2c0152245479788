package io.scangate.verifier.journal;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.AtomicBuffer;

import io.scangate.verifier.fs.Crc32cAddress;
import io.scangate.verifier.ledger.CodeState;

/**
 * Layout of one journal record, little-endian, 8-byte aligned, read and written over Agrona
 * buffers.
 *
 * <pre>
 *   0               4               8       9       10              12              16
 *  +---------------+---------------+-------+-------+---------------+---------------+
 *  | length (i32)  | crc32c (i32)  | ver   | type  | reserved (16) | reserved (32) |
 *  +---------------+---------------+-------+-------+---------------+---------------+
 *  16                              24
 *  | sequence (i64, dense from 1)  | payload ... (padding to a multiple of 8)
 *  +-------------------------------+----------------------------------------------
 * </pre>
 *
 * {@code length} counts the whole record; 0 means nothing was written here (segments are
 * zero-filled in advance). {@code crc32c} covers bytes {@code [8, length)}. The length is written
 * last, after the rest of the record, so a record is either whole or detectably torn.
 *
 * <p>Payloads:
 * <pre>
 *  CODE_STATE (1): the code's whole ledger value after the change, so replay is idempotent
 *   24 codeId i64 | 32 firstScanAt i64 | 40 lastScanAt i64 | 48 firstDeviceHash i64
 *   56 firstRegion i64 | 64 lastRegion i64 | 72 scanCount i32 | 76 flags i32
 *   80 deviceHash i64 (this change's device) | 88 consumerHash i64 | 96 cause i32
 *   100 suspectAtCount i32 | 104 requestKey i64 (hash of device and request id, 0 = none)
 *   112 deviceSketch i64 | 120 lastLocation i32 | 124 pad                                  = 128 bytes
 *   (records of the first release end at 112 with a zero pad at 100: read as no sketch, never
 *   suspect, no location)
 *  BATCH (2): a batch's full definition after a change (create or state change)
 *   24 json length i32 | 28 UTF-8 JSON of the batch ... padded
 *  CAMPAIGN (3), REWARD (4), DRAW (5): the same JSON payload layout as BATCH, carrying a campaign
 *   definition (with its secret seed), a granted reward, or a refused winning draw
 *  AUDIT (14): the same JSON payload layout, an admin action (who, when, what)
 *  BATCH_META (11): the same JSON payload layout, {"batchId":N,"meta":{...}}: a batch's
 *   consumer-page metadata set or replaced
 *  CONSUMER (12), LIFECYCLE (13): a keyed record, binary (written on the scan path)
 *   24 key i64 (the consumer's hash) | 32 at i64 | 40 info i64 | 48 length i32 | 52 bytes (the consumer id, UTF-8) ... padded
 *   CONSUMER: a consumer's first purchase gave them a profile (at, info 0); LIFECYCLE: a lifecycle
 *   event (info: type, stage, purchases, see LifecycleEvent)
 * </pre>
 *
 * A new type gets its constant and layout here and its replay in {@link RecordReplayer}, which
 * refuses a type it does not know.
 */
public final class JournalRecord {
    public static final byte VERSION = 1;

    public static final int TYPE_CODE_STATE = 1;
    public static final int TYPE_BATCH = 2;
    public static final int TYPE_CAMPAIGN = 3;
    public static final int TYPE_REWARD = 4;
    public static final int TYPE_DRAW = 5;
    /** A channel actor's version (JSON, {@code ChannelRecords}). */
    public static final int TYPE_ACTOR = 6;
    /** An applied role scan (JSON, {@code ChannelRecords}). */
    public static final int TYPE_ROLE_SCAN = 7;
    /** A diverted unit's evidence (JSON, {@code ChannelRecords}). */
    public static final int TYPE_DIVERSION = 8;
    /** A case packed or unpacked (JSON, {@code ChannelRecords}). */
    public static final int TYPE_CASE = 9;
    /** An anchor's whole link set for the Digital Link resolver, empty when removed (JSON, {@code LinkRecords}). */
    public static final int TYPE_LINKS = 10;
    /** A batch's consumer-page metadata set or replaced (JSON, {@code BatchRegistry.metaToJson}). */
    public static final int TYPE_BATCH_META = 11;
    /** A consumer's profile created by their first purchase, with their id (keyed binary). */
    public static final int TYPE_CONSUMER = 12;
    /** A consumer lifecycle event (keyed binary). */
    public static final int TYPE_LIFECYCLE = 13;
    /** An admin action (JSON, {@code AuditEntry}). */
    public static final int TYPE_AUDIT = 14;

    public static final int CAUSE_SCAN = 1;
    public static final int CAUSE_VOID = 2;
    /** An operator withdrew a code's SUSPECT judgement (a false alarm). */
    public static final int CAUSE_CLEAR_SUSPECT = 3;

    public static final int LENGTH_OFFSET = 0;
    public static final int CRC_OFFSET = 4;
    public static final int VERSION_OFFSET = 8;
    public static final int TYPE_OFFSET = 9;
    public static final int SEQUENCE_OFFSET = 16;
    public static final int HEADER_LENGTH = 24;

    public static final int CODE_ID = 24;
    public static final int FIRST_SCAN_AT = 32;
    public static final int LAST_SCAN_AT = 40;
    public static final int FIRST_DEVICE = 48;
    public static final int FIRST_REGION = 56;
    public static final int LAST_REGION = 64;
    public static final int SCAN_COUNT = 72;
    public static final int FLAGS = 76;
    public static final int DEVICE = 80;
    public static final int CONSUMER = 88;
    public static final int CAUSE = 96;
    public static final int SUSPECT_AT = 100;
    public static final int REQUEST_KEY = 104;
    public static final int DEVICE_SKETCH = 112;
    public static final int LAST_LOCATION = 120;
    public static final int CODE_STATE_LENGTH = 128;
    /** Length of the CODE_STATE records written before the clone sketch was added. */
    static final int CODE_STATE_LENGTH_V1 = 112;

    public static final int BATCH_JSON_LENGTH = 24;
    public static final int BATCH_JSON = 28;

    public static final int KEY = 24;
    public static final int KEYED_AT = 32;
    public static final int KEYED_INFO = 40;
    public static final int KEYED_LENGTH = 48;
    public static final int KEYED_BYTES = 52;

    private JournalRecord() {
    }

    public static int align(final int length) {
        return (length + 7) & ~7;
    }

    /** Writes a CODE_STATE record at {@code offset}, length last; returns its length. */
    public static int writeCodeState(final AtomicBuffer b, final int offset, final long sequence, final long codeId,
                                     final CodeState s, final long deviceHash, final long consumerHash, final int cause,
                                     final long requestKey) {
        b.putLong(offset + CODE_ID, codeId);
        b.putLong(offset + FIRST_SCAN_AT, s.firstScanAt);
        b.putLong(offset + LAST_SCAN_AT, s.lastScanAt);
        b.putLong(offset + FIRST_DEVICE, s.firstDeviceHash);
        b.putLong(offset + FIRST_REGION, s.firstRegion);
        b.putLong(offset + LAST_REGION, s.lastRegion);
        b.putInt(offset + SCAN_COUNT, s.scanCount);
        b.putInt(offset + FLAGS, s.flags);
        b.putLong(offset + DEVICE, deviceHash);
        b.putLong(offset + CONSUMER, consumerHash);
        b.putInt(offset + CAUSE, cause);
        b.putInt(offset + SUSPECT_AT, s.suspectAtCount);
        b.putLong(offset + REQUEST_KEY, requestKey);
        b.putLong(offset + DEVICE_SKETCH, s.deviceSketch);
        b.putInt(offset + LAST_LOCATION, s.lastLocation);
        b.putInt(offset + LAST_LOCATION + 4, 0);
        return seal(b, offset, TYPE_CODE_STATE, sequence, CODE_STATE_LENGTH);
    }

    /** Writes a record of a JSON-payload {@code type} (BATCH, CAMPAIGN, REWARD, DRAW) carrying {@code json}; returns its length. */
    public static int writeJson(final AtomicBuffer b, final int offset, final int type, final long sequence, final byte[] json) {
        b.putInt(offset + BATCH_JSON_LENGTH, json.length);
        b.putBytes(offset + BATCH_JSON, json);
        final int length = align(BATCH_JSON + json.length);
        for (int i = BATCH_JSON + json.length; i < length; i++) {
            b.putByte(offset + i, (byte) 0);
        }
        return seal(b, offset, type, sequence, length);
    }

    /** Writes a keyed record (CONSUMER, LIFECYCLE) at {@code offset}, length last; returns its length. */
    public static int writeKeyed(final AtomicBuffer b, final int offset, final int type, final long sequence, final long key, final long at,
                                 final long info, final byte[] bytes, final int bytesLength) {
        b.putLong(offset + KEY, key);
        b.putLong(offset + KEYED_AT, at);
        b.putLong(offset + KEYED_INFO, info);
        b.putInt(offset + KEYED_LENGTH, bytesLength);
        b.putBytes(offset + KEYED_BYTES, bytes, 0, bytesLength);
        final int length = keyedLength(bytesLength);
        for (int i = KEYED_BYTES + bytesLength; i < length; i++) {
            b.putByte(offset + i, (byte) 0);
        }
        return seal(b, offset, type, sequence, length);
    }

    public static int keyedLength(final int bytesLength) {
        return align(KEYED_BYTES + bytesLength);
    }

    /** The bytes of a keyed record. */
    public static byte[] readKeyedBytes(final DirectBuffer b, final int offset) {
        final byte[] bytes = new byte[b.getInt(offset + KEYED_LENGTH)];
        b.getBytes(offset + KEYED_BYTES, bytes);
        return bytes;
    }

    public static int batchLength(final int jsonLength) {
        return align(BATCH_JSON + jsonLength);
    }

    private static int seal(final AtomicBuffer b, final int offset, final int type, final long sequence, final int length) {
        b.putByte(offset + VERSION_OFFSET, VERSION);
        b.putByte(offset + TYPE_OFFSET, (byte) type);
        b.putShort(offset + 10, (short) 0);
        b.putInt(offset + 12, 0);
        b.putLong(offset + SEQUENCE_OFFSET, sequence);
        b.putInt(offset + CRC_OFFSET, crc(b, offset, length));
        b.putIntVolatile(offset + LENGTH_OFFSET, length);
        return length;
    }

    static int crc(final DirectBuffer b, final int offset, final int length) {
        return Crc32cAddress.compute(b.addressOffset(), offset + VERSION_OFFSET, length - VERSION_OFFSET);
    }

    /**
     * Checks the record at {@code offset} within {@code limit}: returns its length, 0 for "nothing
     * here" (end of data), or -1 if it is torn or corrupt.
     */
    public static int validate(final AtomicBuffer b, final int offset, final int limit) {
        if (offset + HEADER_LENGTH > limit) {
            return offset + 4 <= limit && b.getInt(offset) != 0 ? -1 : 0;
        }
        final int length = b.getIntVolatile(offset + LENGTH_OFFSET);
        if (length == 0) {
            return 0;
        }
        if (length < HEADER_LENGTH || (length & 7) != 0 || offset + length > limit) {
            return -1;
        }
        if (b.getByte(offset + VERSION_OFFSET) != VERSION) {
            return -1;
        }
        return crc(b, offset, length) == b.getInt(offset + CRC_OFFSET) ? length : -1;
    }

    public static int type(final DirectBuffer b, final int offset) {
        return b.getByte(offset + TYPE_OFFSET);
    }

    public static long sequence(final DirectBuffer b, final int offset) {
        return b.getLong(offset + SEQUENCE_OFFSET);
    }

    /** Reads a CODE_STATE record's resulting state into {@code into}; returns its code id. */
    public static long readCodeState(final DirectBuffer b, final int offset, final CodeState into) {
        into.firstScanAt = b.getLong(offset + FIRST_SCAN_AT);
        into.lastScanAt = b.getLong(offset + LAST_SCAN_AT);
        into.firstDeviceHash = b.getLong(offset + FIRST_DEVICE);
        into.firstRegion = b.getLong(offset + FIRST_REGION);
        into.lastRegion = b.getLong(offset + LAST_REGION);
        into.scanCount = b.getInt(offset + SCAN_COUNT);
        into.flags = b.getInt(offset + FLAGS);
        into.suspectAtCount = b.getInt(offset + SUSPECT_AT);
        final int length = b.getInt(offset + LENGTH_OFFSET);
        into.deviceSketch = length >= DEVICE_SKETCH + 8 ? b.getLong(offset + DEVICE_SKETCH) : 0;
        into.lastLocation = length >= LAST_LOCATION + 4 ? b.getInt(offset + LAST_LOCATION) : 0;
        return b.getLong(offset + CODE_ID);
    }

    public static long requestKey(final DirectBuffer b, final int offset) {
        return b.getLong(offset + REQUEST_KEY);
    }

    /** The JSON payload of a BATCH, CAMPAIGN, REWARD or DRAW record. */
    public static byte[] readJson(final DirectBuffer b, final int offset) {
        final byte[] json = new byte[b.getInt(offset + BATCH_JSON_LENGTH)];
        b.getBytes(offset + BATCH_JSON, json);
        return json;
    }
}
