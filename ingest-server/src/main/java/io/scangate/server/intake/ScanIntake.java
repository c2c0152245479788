package io.scangate.server.intake;

import com.lmax.disruptor.EventTranslatorOneArg;

import io.scangate.server.ops.ScanMetrics;
import io.scangate.verifier.code.CodeAuthenticator;
import io.scangate.verifier.code.ParsedCode;
import io.scangate.verifier.ledger.Hashing;
import io.scangate.verifier.ledger.Locations;
import io.scangate.verifier.ledger.Regions;
import io.scangate.verifier.ring.VerifierRing;
import io.scangate.verifier.verdict.ScanEvent;

/**
 * The one way a scan enters the verifier, whatever transport framed it: the code's tag is
 * checked here on the event loop (forged and malformed codes never reach the ring), ids are
 * hashed, the idempotency key is derived, and the ticket is published or refused. Transports only
 * frame bytes and turn the outcome into their own answer (an HTTP status, a UDP status byte).
 *
 * <p>Concurrency: not thread-safe (scratch state); one instance per connection or channel, used
 * on its event loop. The ring and the authenticator it holds are shared and thread-safe.
 */
public final class ScanIntake {
    /** The code is authentic: the ticket has its code id and tag and may be published. */
    public static final int AUTHENTIC = 0;
    /** The tag does not verify (or names a key id we hold no secret for): answer FORGED, settled here. */
    public static final int FORGED = 1;
    /** Not 20 characters after normalising: a client error. */
    public static final int BAD_LENGTH = 2;
    /** A character outside Crockford base32: a client error. */
    public static final int BAD_CHARACTER = 3;

    /** The problem detail of {@link #BAD_LENGTH}. */
    public static final String BAD_LENGTH_DETAIL = "code must be 20 Crockford base32 characters (after dropping '-' and spaces)";
    /** The problem detail of {@link #BAD_CHARACTER}. */
    public static final String BAD_CHARACTER_DETAIL = "code has a character outside Crockford base32 (0-9 and A-Z but U; I and L are read as 1, O as 0)";

    private static final EventTranslatorOneArg<ScanEvent, ScanTicket> TO_EVENT = (e, sequence, t) -> {
        if (t.isRoleScan()) {
            t.role.toEvent(e);
        } else {
            e.type = ScanEvent.TYPE_SCAN;
        }
        e.codeId = t.codeId;
        e.tag = t.tag;
        e.deviceHash = t.deviceHash;
        e.consumerHash = t.consumerHash;
        e.region = t.region;
        e.location = t.location;
        e.gtin = t.gtin;
        e.receivedNanos = t.startNanos;
        e.requestKey = t.requestKey;
        System.arraycopy(t.device, 0, e.device, 0, t.deviceLength);
        e.deviceLength = t.deviceLength;
        System.arraycopy(t.consumer, 0, e.consumer, 0, t.consumerLength);
        e.consumerLength = t.consumerLength;
        e.replyTo = t;
        e.admin = null;
    };

    private final CodeAuthenticator authenticator;
    private final VerifierRing ring;
    private final ScanMetrics metrics;
    private final ParsedCode parsed = new ParsedCode();
    /** device, 0x00, then the request id: HTTP's printable id, or 0xFF + 8 bytes + index for UDP. */
    private final byte[] keyBytes = new byte[ScanEvent.MAX_ID_BYTES + 2 + ScanFieldRules.MAX_REQUEST_ID_CHARACTERS];

    public ScanIntake(final CodeAuthenticator authenticator, final VerifierRing ring, final ScanMetrics metrics) {
        this.authenticator = authenticator;
        this.ring = ring;
        this.metrics = metrics;
    }

    /**
     * Normalises and authenticates the code in {@code raw[offset, offset+length)} into {@code t}
     * (code id and tag); returns {@link #AUTHENTIC}, {@link #FORGED}, {@link #BAD_LENGTH} or
     * {@link #BAD_CHARACTER}.
     */
    public int checkCode(final byte[] raw, final int offset, final int length, final ScanTicket t) {
        final int check = authenticator.check(raw, offset, length, parsed);
        t.codeId = parsed.codeId();
        t.tag = parsed.tag();
        return switch (check) {
            case CodeAuthenticator.AUTHENTIC -> AUTHENTIC;
            case CodeAuthenticator.MALFORMED_LENGTH -> BAD_LENGTH;
            case CodeAuthenticator.MALFORMED_CHARACTER -> BAD_CHARACTER;
            default -> FORGED;
        };
    }

    /**
     * Sets an authentic scan's device, consumer, region, position and idempotency key from
     * {@code f}, whose fields the transport's framing has checked with {@link ScanFieldRules}.
     */
    public void fill(final ScanTicket t, final ScanFields f) {
        device(t, f.device, 0, f.deviceLength);
        consumer(t, f.consumer, 0, f.consumerLength);
        t.region = f.regionLength == 0 ? Regions.NONE : Regions.pack(f.region, 0, f.regionLength);
        t.location = f.hasLocation ? Locations.pack(f.lat, f.lon) : Locations.NONE;
        t.requestKey = f.requestIdLength == 0 ? 0 : requestKey(f.device, f.deviceLength, f.requestId, 0, f.requestIdLength);
    }

    /** The problem detail of a {@link #checkCode} client error. */
    public static String codeProblem(final int check) {
        return check == BAD_LENGTH ? BAD_LENGTH_DETAIL : BAD_CHARACTER_DETAIL;
    }

    /** Sets the scan's device id (validated by the transport's framing) and its hash. */
    public static void device(final ScanTicket t, final byte[] src, final int offset, final int length) {
        device(t, src, offset, length, Hashing.hash(src, offset, length));
    }

    /** As {@link #device(ScanTicket, byte[], int, int)} with its hash already taken (several scans of one device). */
    public static void device(final ScanTicket t, final byte[] src, final int offset, final int length, final long hash) {
        t.deviceHash = hash;
        t.setDevice(src, offset, length);
    }

    /** The hash of an id (device, consumer) as the ledger and the campaigns key it. */
    public static long hash(final byte[] src, final int offset, final int length) {
        return Hashing.hash(src, offset, length);
    }

    /** Sets the scan's consumer id and hash; length 0 means none (hash 0). */
    public static void consumer(final ScanTicket t, final byte[] src, final int offset, final int length) {
        t.consumerHash = length == 0 ? 0 : Hashing.hash(src, offset, length);
        t.setConsumer(src, offset, length);
    }

    /**
     * The idempotency key of an HTTP scan: hash of (device, 0x00, request id), never 0 (0 means
     * none). {@code id} is printable ASCII ({@link ScanFieldRules#requestId}).
     */
    public long requestKey(final byte[] device, final int deviceLength, final byte[] id, final int idOffset, final int idLength) {
        System.arraycopy(device, 0, keyBytes, 0, deviceLength);
        keyBytes[deviceLength] = 0;
        System.arraycopy(id, idOffset, keyBytes, deviceLength + 1, idLength);
        return nonZero(Hashing.hash(keyBytes, 0, deviceLength + 1 + idLength));
    }

    /**
     * The idempotency key of scan {@code index} of a UDP datagram: hash of (device, 0x00, 0xFF,
     * requestId little-endian, index), never 0. The 0xFF byte keeps it apart from HTTP's keys,
     * whose ids are printable ASCII.
     */
    public long requestKey(final byte[] device, final int deviceOffset, final int deviceLength, final long requestId, final int index) {
        System.arraycopy(device, deviceOffset, keyBytes, 0, deviceLength);
        keyBytes[deviceLength] = 0;
        keyBytes[deviceLength + 1] = (byte) 0xFF;
        for (int b = 0; b < 8; b++) {
            keyBytes[deviceLength + 2 + b] = (byte) (requestId >>> (8 * b));
        }
        keyBytes[deviceLength + 10] = (byte) index;
        return nonZero(Hashing.hash(keyBytes, 0, deviceLength + 11));
    }

    private static long nonZero(final long key) {
        return key == 0 ? 1 : key;
    }

    /**
     * Publishes an authentic scan to the verifier; false (counted) when the ring sheds it (full, or
     * past its bound of waiting scans), and the transport answers "overloaded, retry".
     */
    public boolean publish(final ScanTicket t) {
        if (ring.tryPublish(TO_EVENT, t)) {
            return true;
        }
        metrics.publishFailure(System.nanoTime() - t.startNanos);
        return false;
    }
}
