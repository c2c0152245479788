package io.scangate.server.intake;

/**
 * The fields of one HTTP scan, from a {@code POST /v1/scans} body or a GET scan's headers and
 * query, each checked by its {@link ScanFieldRules} rule, and handed to the {@link ScanIntake}. Reused from
 * request to request so that parsing allocates nothing: strings are kept as bytes with a length.
 *
 * <p>Concurrency: confined to the event loop that owns it (one per connection).
 */
public final class ScanFields {
    /** Most bytes of the {@code code} string (raw, before normalisation). */
    public static final int MAX_CODE_BYTES = io.scangate.verifier.code.CodeFormat.MAX_RAW_LENGTH;
    /** Most characters (code points) of {@code device} and {@code consumer}. */
    public static final int MAX_ID_CHARACTERS = ScanFieldRules.MAX_ID_CHARACTERS;
    /** Most characters of {@code requestId}. */
    public static final int MAX_REQUEST_ID_CHARACTERS = ScanFieldRules.MAX_REQUEST_ID_CHARACTERS;
    /** Longest ISO 3166-2 code: {@code CC-XXX}. */
    public static final int MAX_REGION_BYTES = ScanFieldRules.MAX_REGION_BYTES;

    /** {@code code}: the string's bytes, escapes resolved; required. */
    public final byte[] code = new byte[MAX_CODE_BYTES];
    public int codeLength;

    /** {@code device}: UTF-8, 1 to 64 characters; required. */
    public final byte[] device = new byte[4 * MAX_ID_CHARACTERS];
    public int deviceLength;

    /** {@code consumer}: UTF-8, at most 64 characters; 0 bytes means absent. */
    public final byte[] consumer = new byte[4 * MAX_ID_CHARACTERS];
    public int consumerLength;

    /** {@code region}: ISO 3166-1 alpha-2 or ISO 3166-2 ({@code CN}, {@code CN-31}); 0 bytes means absent. */
    public final byte[] region = new byte[MAX_REGION_BYTES];
    public int regionLength;

    /** {@code lat} and {@code lon}, given together or not at all. */
    public boolean hasLocation;
    public double lat;
    public double lon;

    /** {@code requestId}: 1 to 64 printable ASCII characters; 0 bytes means absent. */
    public final byte[] requestId = new byte[MAX_REQUEST_ID_CHARACTERS];
    public int requestIdLength;

    /** Forgets the previous request's fields (the arrays are overwritten, not cleared). */
    public void reset() {
        codeLength = 0;
        deviceLength = 0;
        consumerLength = 0;
        regionLength = 0;
        hasLocation = false;
        lat = 0;
        lon = 0;
        requestIdLength = 0;
    }
}
