package io.scangate.server.http;

import io.scangate.server.intake.ScanFieldRules;
import io.scangate.server.intake.ScanFields;
import java.nio.charset.StandardCharsets;

import io.netty.buffer.ByteBuf;

/**
 * Strict JSON (RFC 8259) parser of the {@code POST /v1/scans} body into {@link ScanFields}. It
 * allocates nothing on success: strings are decoded straight into the holder's arrays, field
 * names are matched as bytes, and numbers are converted exactly without text (a rare long or
 * huge-exponent number falls back to {@link Double#parseDouble}). Errors come back as a short
 * problem detail naming the field or the byte offset, never as an exception.
 *
 * <p>The body must be one object. {@code code} and {@code device} are required; {@code consumer},
 * {@code region}, {@code lat}, {@code lon} and {@code requestId} are optional, and {@code null}
 * means absent. A known field given twice is refused; unknown fields are skipped whatever their
 * value, up to {@value #MAX_DEPTH} levels of nesting. Strings must be valid UTF-8 without raw
 * control characters; escapes (including surrogate pairs) are decoded to UTF-8.
 *
 * <p>This class maps members to fields and applies each field's rule; the JSON itself is read by
 * package-private helpers over one reused input: {@code JsonCursor} (position, whitespace,
 * punctuation, problem details), {@code JsonStringDecoder}, {@code JsonNumberReader} and
 * {@code JsonValueSkipper} (values of unknown fields).
 *
 * <p>Concurrency: not thread-safe; one instance per connection (or event loop).
 */
public final class ScanBodyParser {
    /** Deepest nesting of objects and arrays, the body's own object included. */
    public static final int MAX_DEPTH = 32;

    private static final int CODE = 0;
    private static final int DEVICE = 1;
    private static final int CONSUMER = 2;
    private static final int REGION = 3;
    private static final int LAT = 4;
    private static final int LON = 5;
    private static final int REQUEST_ID = 6;
    private static final int UNKNOWN = -1;
    private static final String[] NAMES = {"code", "device", "consumer", "region", "lat", "lon", "requestId"};
    private static final byte[][] NAME_BYTES = new byte[NAMES.length][];
    private static final String[] DUPLICATE = new String[NAMES.length];
    private static final int LONGEST_NAME = 9;

    static {
        for (int i = 0; i < NAMES.length; i++) {
            NAME_BYTES[i] = NAMES[i].getBytes(StandardCharsets.US_ASCII);
            DUPLICATE[i] = "duplicate field '" + NAMES[i] + "'";
        }
    }

    private static final String EMPTY = "empty body: expected a JSON object with 'code' and 'device'";
    private static final String NOT_OBJECT = "body must be a JSON object";
    private static final String MISSING_CODE = "missing field 'code'";
    private static final String MISSING_DEVICE = "missing field 'device'";
    private static final String CODE_NOT_STRING = "field 'code' must be a string";
    private static final String CODE_TOO_LONG = "code is longer than " + ScanFields.MAX_CODE_BYTES + " characters";
    private static final String BAD_DEVICE = "field 'device' must be a string of 1 to " + ScanFields.MAX_ID_CHARACTERS + " characters";
    private static final String BAD_CONSUMER = "field 'consumer' must be a string of at most " + ScanFields.MAX_ID_CHARACTERS + " characters";
    private static final String CONTROL_IN_DEVICE = "field 'device' must not contain control characters";
    private static final String CONTROL_IN_CONSUMER = "field 'consumer' must not contain control characters";
    private static final String BAD_REGION = ScanFieldRules.BAD_REGION;
    private static final String BAD_LAT = "field 'lat' must be a number from -90 to 90";
    private static final String BAD_LON = "field 'lon' must be a number from -180 to 180";
    private static final String BAD_REQUEST_ID = "field 'requestId' must be a string of 1 to "
            + ScanFields.MAX_REQUEST_ID_CHARACTERS + " printable ASCII characters";
    private static final String LOCATION_PAIR = "fields 'lat' and 'lon' must be given together";
    private static final String TRAILING_DATA = "unexpected data after the object";
    /** Nesting of the body's own object, which holds the values of unknown fields. */
    private static final int BODY_DEPTH = 1;

    private final JsonCursor cursor = new JsonCursor();
    private final JsonStringDecoder strings = new JsonStringDecoder(cursor);
    private final JsonNumberReader numbers = new JsonNumberReader(cursor);
    private final JsonValueSkipper skipper = new JsonValueSkipper(cursor, strings, numbers, MAX_DEPTH);
    private final byte[] keyName = new byte[LONGEST_NAME];
    /** Copy of a body without an accessible array (direct or composite buffers). */
    private byte[] copy = new byte[4096];

    private boolean latGiven;
    private boolean lonGiven;

    /**
     * Parses the readable bytes of {@code body} (its reader index is left alone) into {@code out},
     * which is reset first. Returns {@code null} on success, else a problem detail for a 400
     * answer; {@code out} is then reset again. The caller bounds the body's size (the HTTP layer
     * refuses bodies over 4 KiB): a body without an accessible array is copied into a buffer kept
     * for the next call.
     */
    public String parse(final ByteBuf body, final ScanFields out) {
        out.reset();
        latGiven = false;
        lonGiven = false;
        start(body);
        try {
            if (!body(out)) {
                out.reset();
                return cursor.problem();
            }
            return null;
        } finally {
            cursor.release();
        }
    }

    /** Puts the cursor on the body's readable bytes: in its own array if it has one, else in {@link #copy}. */
    private void start(final ByteBuf body) {
        final int length = body.readableBytes();
        if (body.hasArray()) {
            cursor.reset(body.array(), body.arrayOffset() + body.readerIndex(), length);
            return;
        }
        if (copy.length < length) {
            copy = new byte[length];
        }
        body.getBytes(body.readerIndex(), copy, 0, length);
        cursor.reset(copy, 0, length);
    }

    private boolean body(final ScanFields out) {
        cursor.skipWhitespace();
        if (cursor.atEnd()) {
            return cursor.fail(EMPTY);
        }
        if (cursor.peek() != '{') {
            return cursor.fail(NOT_OBJECT);
        }
        final int seen = members(out);
        if (seen < 0) {
            return false;
        }
        cursor.skipWhitespace();
        if (!cursor.atEnd()) {
            return cursor.malformed(cursor.position(), TRAILING_DATA);
        }
        if ((seen & (1 << CODE)) == 0) {
            return cursor.fail(MISSING_CODE);
        }
        if ((seen & (1 << DEVICE)) == 0) {
            return cursor.fail(MISSING_DEVICE);
        }
        if (latGiven != lonGiven) {
            return cursor.fail(LOCATION_PAIR);
        }
        out.hasLocation = latGiven;
        return true;
    }

    /**
     * Parses the members of the object whose '{' is at the cursor, up to its '}'; returns the set
     * of known fields seen (bit {@code 1 << field}), or -1 with the problem set.
     */
    private int members(final ScanFields out) {
        if (cursor.enterEmpty((byte) '}')) {
            return 0;
        }
        int seen = 0;
        int next;
        do {
            seen = member(seen, out);
            if (seen < 0) {
                return -1;
            }
            next = cursor.nextMember();
        } while (next == JsonCursor.MORE);
        return next == JsonCursor.CLOSED ? seen : -1;
    }

    /** Parses one member into {@code out}; returns {@code seen} with its field added, or -1 with the problem set. */
    private int member(final int seen, final ScanFields out) {
        if (!cursor.atFieldName()) {
            return -1;
        }
        final int nameLength = strings.decode(keyName, keyName.length);
        if (nameLength < 0) {
            return -1;
        }
        final int field = fieldOf(nameLength);
        if (!cursor.colon()) {
            return -1;
        }
        if (field == UNKNOWN) {
            return skipper.skipValue(BODY_DEPTH) ? seen : -1;
        }
        final int bit = 1 << field;
        if ((seen & bit) != 0) {
            cursor.fail(DUPLICATE[field]);
            return -1;
        }
        return field(field, out) ? seen | bit : -1;
    }

    /** Parses the value of a known field, at the cursor (not the end), into {@code out}. */
    private boolean field(final int field, final ScanFields out) {
        return switch (field) {
            case CODE -> code(out);
            case DEVICE -> device(out);
            case CONSUMER -> consumer(out);
            case REGION -> region(out);
            case LAT -> coordinate(true, out);
            case LON -> coordinate(false, out);
            case REQUEST_ID -> requestId(out);
            default -> throw new IllegalStateException("field " + field);
        };
    }

    /** {@code code}: a string of at most {@link ScanFields#MAX_CODE_BYTES} bytes, whatever they are (the verifier judges the code). */
    private boolean code(final ScanFields out) {
        if (cursor.peek() != '"') {
            return cursor.fail(CODE_NOT_STRING);
        }
        final int n = strings.decode(out.code, out.code.length);
        if (n < 0) {
            return false;
        }
        if (n > out.code.length) {
            return cursor.fail(CODE_TOO_LONG);
        }
        out.codeLength = n;
        return true;
    }

    /** {@code device}: a string of 1 to {@link ScanFields#MAX_ID_CHARACTERS} characters. */
    private boolean device(final ScanFields out) {
        if (cursor.peek() != '"') {
            return cursor.fail(BAD_DEVICE);
        }
        final int n = strings.decode(out.device, out.device.length);
        if (n < 0) {
            return false;
        }
        final int characters = strings.codePoints();
        if (n > out.device.length || characters < 1 || characters > ScanFields.MAX_ID_CHARACTERS) {
            return cursor.fail(BAD_DEVICE);
        }
        if (ScanFieldRules.hasControl(out.device, 0, n)) {
            return cursor.fail(CONTROL_IN_DEVICE);
        }
        out.deviceLength = n;
        return true;
    }

    /** {@code consumer}: null, or a string of at most {@link ScanFields#MAX_ID_CHARACTERS} characters (empty means absent). */
    private boolean consumer(final ScanFields out) {
        final byte b = cursor.peek();
        if (b == 'n') {
            return cursor.nullLiteral();
        }
        if (b != '"') {
            return cursor.fail(BAD_CONSUMER);
        }
        final int n = strings.decode(out.consumer, out.consumer.length);
        if (n < 0) {
            return false;
        }
        if (n > out.consumer.length || strings.codePoints() > ScanFields.MAX_ID_CHARACTERS) {
            return cursor.fail(BAD_CONSUMER);
        }
        if (ScanFieldRules.hasControl(out.consumer, 0, n)) {
            return cursor.fail(CONTROL_IN_CONSUMER);
        }
        out.consumerLength = n;
        return true;
    }

    /** {@code region}: null, or an ISO 3166 code as {@link ScanFieldRules#region} accepts it. */
    private boolean region(final ScanFields out) {
        final byte b = cursor.peek();
        if (b == 'n') {
            return cursor.nullLiteral();
        }
        if (b != '"') {
            return cursor.fail(BAD_REGION);
        }
        final int n = strings.decode(out.region, out.region.length);
        if (n < 0) {
            return false;
        }
        if (!ScanFieldRules.region(out.region, 0, n)) {
            return cursor.fail(BAD_REGION);
        }
        out.regionLength = n;
        return true;
    }

    /** {@code lat} (from -90 to 90) or {@code lon} (from -180 to 180): null, or a number; the pair is checked at the end. */
    private boolean coordinate(final boolean lat, final ScanFields out) {
        final byte b = cursor.peek();
        if (b == 'n') {
            return cursor.nullLiteral();
        }
        final String bad = lat ? BAD_LAT : BAD_LON;
        if (!JsonNumberReader.startsNumber(b)) {
            return cursor.fail(bad);
        }
        if (!numbers.read()) {
            return false;
        }
        final double v = numbers.value();
        final double limit = lat ? 90 : 180;
        if (!(v >= -limit && v <= limit)) {
            return cursor.fail(bad);
        }
        if (lat) {
            out.lat = v;
            latGiven = true;
        } else {
            out.lon = v;
            lonGiven = true;
        }
        return true;
    }

    /** {@code requestId}: null, or 1 to {@link ScanFields#MAX_REQUEST_ID_CHARACTERS} printable ASCII characters. */
    private boolean requestId(final ScanFields out) {
        final byte b = cursor.peek();
        if (b == 'n') {
            return cursor.nullLiteral();
        }
        if (b != '"') {
            return cursor.fail(BAD_REQUEST_ID);
        }
        final int n = strings.decode(out.requestId, out.requestId.length);
        if (n < 0) {
            return false;
        }
        if (n < 1 || n > out.requestId.length || !printableAscii(out.requestId, n)) {
            return cursor.fail(BAD_REQUEST_ID);
        }
        out.requestIdLength = n;
        return true;
    }

    private static boolean printableAscii(final byte[] bytes, final int length) {
        for (int i = 0; i < length; i++) {
            if (bytes[i] < 0x20 || bytes[i] > 0x7E) {
                return false;
            }
        }
        return true;
    }

    private int fieldOf(final int nameLength) {
        if (nameLength > LONGEST_NAME) {
            return UNKNOWN;
        }
        for (int f = 0; f < NAME_BYTES.length; f++) {
            final byte[] name = NAME_BYTES[f];
            if (name.length == nameLength) {
                int i = 0;
                while (i < nameLength && name[i] == keyName[i]) {
                    i++;
                }
                if (i == nameLength) {
                    return f;
                }
            }
        }
        return UNKNOWN;
    }
}
