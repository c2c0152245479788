package io.scangate.server.http;

import io.scangate.verifier.code.Gtin;

/**
 * The code a GET scan names in its path: {@code /c/{code}} (the URL printed in the QR) or the GS1
 * Digital Link form {@code /01/{gtin14}[/10/{lot}]/21/{code}}, whose GTIN the verifier compares
 * with the code's batch. {@link #parse} fills the fields or says what is wrong with the path.
 *
 * <p>Concurrency: not thread-safe; one per connection.
 */
final class CodePath {
    static final String NOT_DIGITAL_LINK = "not a GS1 Digital Link path: expected /01/{gtin14}/21/{code}";
    static final String BAD_GTIN = "GTIN must be 14 digits with a valid GS1 check digit, not all zero";
    static final String BAD_CODE = "code must be 20 Crockford base32 characters";

    /** The claimed GTIN-14, 0 for {@code /c/}. */
    long gtin;
    /** The code as given (percent-decoded, non-ASCII as 0xFF), before normalisation; valid after a successful parse. */
    final byte[] code = new byte[io.scangate.verifier.code.CodeFormat.MAX_RAW_LENGTH];
    int codeLength;
    /** Why the last parse failed: its HTTP status and detail. */
    int errorStatus;
    String errorDetail;

    /** Parses a path starting with {@code /c/} or {@code /01/}; false with {@link #errorStatus} set if it is wrong. */
    boolean parse(final String path) {
        gtin = 0;
        codeLength = 0;
        final String raw;
        if (path.startsWith("/c/")) {
            raw = path.substring(3);
        } else {
            raw = digitalLinkSerial(path);
            if (raw == null) {
                return false;
            }
        }
        final String decoded = Uris.decode(raw);
        if (decoded == null || decoded.isEmpty() || decoded.length() > io.scangate.verifier.code.CodeFormat.MAX_RAW_LENGTH) {
            return fail(400, BAD_CODE);
        }
        codeLength = decoded.length();
        for (int i = 0; i < codeLength; i++) {
            final char c = decoded.charAt(i);
            code[i] = c < 128 ? (byte) c : (byte) -1;
        }
        return true;
    }

    /** The serial of {@code /01/{gtin}/.../21/{serial}} with {@link #gtin} set, or null after {@link #fail}. */
    private String digitalLinkSerial(final String path) {
        final String[] parts = path.substring(1).split("/");
        String gtinText = null;
        String serial = null;
        for (int i = 0; i + 1 < parts.length; i += 2) {
            switch (parts[i]) {
                case "01" -> gtinText = parts[i + 1];
                case "21" -> serial = parts[i + 1];
                default -> { }
            }
        }
        if (parts.length % 2 != 0 || gtinText == null || serial == null) {
            fail(404, NOT_DIGITAL_LINK);
            return null;
        }
        if (gtinText.length() != 14 || !Gtin.valid(gtinText)) {
            fail(400, BAD_GTIN);
            return null;
        }
        gtin = Long.parseLong(gtinText);
        if (gtin == 0) {
            // 0 means "no GTIN claimed" to the verifier: an all-zero GTIN would skip the batch check
            fail(400, BAD_GTIN);
            return null;
        }
        return serial;
    }

    /** Takes a {@code /c/} path's code as given, {@code n} ASCII bytes checked by {@link ScanFraming} (no escapes, 1 to 64). */
    void code(final byte[] raw, final int n) {
        gtin = 0;
        codeLength = n;
        System.arraycopy(raw, 0, code, 0, n);
    }

    private boolean fail(final int status, final String detail) {
        errorStatus = status;
        errorDetail = detail;
        return false;
    }
}
