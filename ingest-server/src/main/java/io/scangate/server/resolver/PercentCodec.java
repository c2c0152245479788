package io.scangate.server.resolver;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Percent-encoding of URI path segments and query components (RFC 3986 2.1), strict: a {@code %}
 * not followed by two hex digits, or bytes that are not UTF-8, are errors. A {@code +} stays a
 * {@code +} (it is a character of set 82, not a space), as in GS1's toolkit, which decodes with
 * JavaScript's {@code decodeURIComponent}.
 */
final class PercentCodec {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private PercentCodec() {
    }

    /** {@code text} with every {@code %XX} decoded as UTF-8; {@code where} names the part in the reason. */
    static String decode(final String text, final String where) throws DigitalLinkException {
        if (text.indexOf('%') < 0 && text.chars().allMatch(c -> c < 0x80)) {
            return text;
        }
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
        for (int i = 0; i < text.length(); i++) {
            final char c = text.charAt(i);
            if (c >= 0x80) {
                throw DigitalLinkException.of(where + ": raw non-ASCII character at " + (i + 1)
                        + ", it must be percent-encoded");
            }
            if (c != '%') {
                bytes.write(c);
                continue;
            }
            final int hi = i + 2 < text.length() ? Character.digit(text.charAt(i + 1), 16) : -1;
            final int lo = hi >= 0 ? Character.digit(text.charAt(i + 2), 16) : -1;
            if (lo < 0) {
                throw DigitalLinkException.of(where + ": bad percent-encoding at character " + (i + 1));
            }
            bytes.write(hi << 4 | lo);
            i += 2;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (final CharacterCodingException e) {
            throw DigitalLinkException.of(where + ": percent-encoded bytes are not UTF-8");
        }
    }

    /**
     * {@code text} with every character but the RFC 3986 unreserved ones ({@code A-Z a-z 0-9 - . _ ~})
     * percent-encoded as UTF-8 with upper-case hex: the canonical form of a Digital Link path value.
     */
    static String encode(final String text) {
        final StringBuilder out = new StringBuilder(text.length() + 8);
        for (final byte b : text.getBytes(StandardCharsets.UTF_8)) {
            final char c = (char) (b & 0xFF);
            if (c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9'
                    || c == '-' || c == '.' || c == '_' || c == '~') {
                out.append(c);
            } else {
                out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xF]);
            }
        }
        return out.toString();
    }
}
