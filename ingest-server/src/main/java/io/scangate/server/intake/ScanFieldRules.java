package io.scangate.server.intake;

import io.scangate.verifier.ledger.Regions;

/**
 * One validator per scan field, used by every transport and form (the JSON body, the
 * {@code /c/} and {@code /01/} query and headers, the UDP datagram), so a field means the same
 * wherever it comes from. Each takes bytes and allocates nothing; problem details name the field.
 */
public final class ScanFieldRules {
    /** Most characters (code points) of {@code device} and {@code consumer}. */
    public static final int MAX_ID_CHARACTERS = 64;
    /** Most characters of a request id ({@code requestId}, {@code Idempotency-Key}). */
    public static final int MAX_REQUEST_ID_CHARACTERS = 64;
    /** Longest ISO 3166-2 code: {@code CC-XXX}. */
    public static final int MAX_REGION_BYTES = Regions.MAX_LENGTH;

    public static final String BAD_REGION = "region must be an ISO 3166-1 alpha-2 or ISO 3166-2 code, such as CN or CN-31";
    public static final String BAD_DEVICE = "device must be 1 to " + MAX_ID_CHARACTERS + " characters without control characters";
    /** The detail for a UDP consumer id with control characters. */
    public static final String BAD_CONSUMER = "consumer must be at most " + MAX_ID_CHARACTERS + " characters without control characters";
    public static final String BAD_REQUEST_ID = "request id (requestId, Idempotency-Key) must be 1 to "
            + MAX_REQUEST_ID_CHARACTERS + " printable ASCII characters";

    private ScanFieldRules() {
    }

    /**
     * ISO 3166-1 alpha-2 ({@code CN}) or ISO 3166-2 ({@code CN-31}, {@code US-CA}) in any case: the
     * letters are upper-cased in place first (as the CLI and the admin API accept {@code cn-31} too).
     */
    public static boolean region(final byte[] r, final int offset, final int n) {
        if (n != 2 && (n < 4 || n > MAX_REGION_BYTES)) {
            return false;
        }
        for (int i = offset; i < offset + n; i++) {
            if (r[i] >= 'a' && r[i] <= 'z') {
                r[i] -= 'a' - 'A';
            }
        }
        if (!upper(r[offset]) || !upper(r[offset + 1])) {
            return false;
        }
        if (n == 2) {
            return true;
        }
        if (r[offset + 2] != '-') {
            return false;
        }
        for (int i = 3; i < n; i++) {
            final byte b = r[offset + i];
            if (!upper(b) && !(b >= '0' && b <= '9')) {
                return false;
            }
        }
        return true;
    }

    /** A request id: 1 to 64 bytes, each printable ASCII (0x20..0x7E). */
    public static boolean requestId(final byte[] id, final int offset, final int n) {
        if (n < 1 || n > MAX_REQUEST_ID_CHARACTERS) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            final byte c = id[offset + i];
            if (c < 0x20 || c > 0x7E) {
                return false;
            }
        }
        return true;
    }

    /** A device or consumer id given as text: 1 to 64 characters (code points), none of them a control character. */
    public static boolean id(final CharSequence s) {
        final int n = s.length();
        if (n == 0 || n > 2 * MAX_ID_CHARACTERS || Character.codePointCount(s, 0, n) > MAX_ID_CHARACTERS) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (Character.isISOControl(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether UTF-8 {@code bytes} hold a control character (C0, DEL or C1): an id with a NUL or a
     * line break would end up in logs, the reward log and the CRM's hands.
     */
    public static boolean hasControl(final byte[] bytes, final int offset, final int n) {
        for (int i = 0; i < n; i++) {
            final int b = bytes[offset + i] & 0xFF;
            if (b < 0x20 || b == 0x7F || b == 0xC2 && i + 1 < n && (bytes[offset + i + 1] & 0xFF) < 0xA0) {
                return true; // 0xC2 0x80..0x9F is U+0080..U+009F, the C1 controls
            }
        }
        return false;
    }

    private static boolean upper(final byte b) {
        return b >= 'A' && b <= 'Z';
    }
}
