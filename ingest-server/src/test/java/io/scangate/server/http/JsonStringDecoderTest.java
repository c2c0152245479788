package io.scangate.server.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** JSON strings decoded into a byte array as UTF-8: escapes, surrogates, UTF-8 validation, room, code points. */
class JsonStringDecoderTest {
    /** Bytes in front of the body, so that positions differ from offsets in the body. */
    private static final int BASE = 2;

    private final JsonCursor cursor = new JsonCursor();
    private final JsonStringDecoder strings = new JsonStringDecoder(cursor);
    private final byte[] dst = new byte[32];

    /**
     * Puts the cursor on {@code body}, framed by quotes that the decoder must not read: a string
     * that the body cuts short has to end with "unexpected end of input".
     */
    private void start(final byte[] body) {
        final byte[] framed = new byte[BASE + body.length + 1];
        Arrays.fill(framed, (byte) '"');
        System.arraycopy(body, 0, framed, BASE, body.length);
        cursor.reset(framed, BASE, body.length);
    }

    /** Decodes the string at the start of {@code body} into {@link #dst}; returns the decoder's answer. */
    private int decode(final byte[] body) {
        start(body);
        return strings.decode(dst, dst.length);
    }

    private int decode(final String body) {
        return decode(utf8(body));
    }

    private String decoded(final int length) {
        return new String(dst, 0, length, StandardCharsets.UTF_8);
    }

    @Test
    void shouldCopyAPlainStringAndStopAfterItsClosingQuote() {
        assertEquals(5, decode("\"hello\",1"));
        assertEquals("hello", decoded(5));
        assertEquals(5, strings.codePoints());
        assertEquals(BASE + 7, cursor.position());
        assertNull(cursor.problem());
    }

    @Test
    void shouldDecodeAnEmptyString() {
        assertEquals(0, decode("\"\""));
        assertEquals(0, strings.codePoints());
        assertEquals(BASE + 2, cursor.position());
    }

    @Test
    void shouldResolveEverySimpleEscape() {
        assertEquals(8, decode("\"\\\"\\\\\\/\\b\\f\\n\\r\\t\""));
        assertEquals("\"\\/\b\f\n\r\t", decoded(8));
        assertEquals(8, strings.codePoints());
    }

    @Test
    void shouldEncodeUnicodeEscapesAsUtf8OfOneToFourBytes() {
        assertEquals(1 + 2 + 3 + 4, decode("\"\\u0041\\u00E9\\u4e2d\\uD83D\\uDE00\""));
        assertEquals("Aé中\uD83D\uDE00", decoded(10));
        assertEquals(4, strings.codePoints(), "a surrogate pair is one character");
    }

    @Test
    void shouldKeepWellFormedUtf8AndCountItsCharacters() {
        final String text = "\u0080\u07FF\u0800\uFFFF\uD800\uDC00\uDBFF\uDFFF";
        assertEquals(utf8(text).length, decode("\"" + text + "\""));
        assertArrayEquals(utf8(text), Arrays.copyOf(dst, utf8(text).length));
        assertEquals(6, strings.codePoints());
    }

    @Test
    void shouldStoreNoMoreThanTheRoomButReturnTheWholeLength() {
        final String text = "abcdefghijklmno" + "中" + "xyz"; // the 3-byte character straddles a 16-byte room
        start(utf8("\"" + text + "\""));
        assertEquals(21, strings.decode(dst, 16));
        assertEquals(19, strings.codePoints());
        assertArrayEquals(Arrays.copyOf(utf8(text), 16), Arrays.copyOf(dst, 16));
        assertArrayEquals(new byte[16], Arrays.copyOfRange(dst, 16, 32), "nothing beyond the room");
        assertEquals(BASE + 23, cursor.position(), "the whole string is stepped over");
    }

    @Test
    void shouldValidateWithoutStoringWhenSkipping() {
        cursor.reset(utf8("\"a\\u00e9\\ud83d\\ude00\" "), 0, 22);
        assertTrue(strings.skip());
        assertEquals(21, cursor.position());
        assertEquals(3, strings.codePoints());
        cursor.reset(utf8("\"a\\q\""), 0, 5);
        assertFalse(strings.skip());
        assertEquals("malformed JSON at byte 2: invalid escape", cursor.problem());
    }

    @Test
    void shouldRefuseRawControlCharactersButNotDelete() {
        assertEquals(-1, decode("\"ab\tc\""));
        assertEquals("malformed JSON at byte 3: control character in string", cursor.problem());
        assertEquals(-1, decode("\"\u0000\""));
        assertEquals("malformed JSON at byte 1: control character in string", cursor.problem());
        assertEquals(1, decode("\"\u007f\""));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\\x", "\\'", "\\U0041", "\\0", "\\ "})
    void shouldRefuseAnUnknownEscapeAtItsBackslash(final String escape) {
        assertEquals(-1, decode("\"ab" + escape + "\""));
        assertEquals("malformed JSON at byte 3: invalid escape", cursor.problem(), escape);
    }

    @Test
    void shouldRefuseANonHexDigitInAUnicodeEscapeAtThatDigit() {
        assertEquals(-1, decode("\"a\\u12G4\""));
        assertEquals("malformed JSON at byte 6: invalid \\u escape", cursor.problem());
        assertEquals(-1, decode("\"a\\u12\""));
        assertEquals("malformed JSON at byte 6: invalid \\u escape", cursor.problem());
    }

    @ParameterizedTest
    @ValueSource(strings = {"\\ud800\"", "\\udc00\"", "\\udfff\\ud800\"", "\\ud83d\\u0041\"", "\\ud83d\\ud83d\"", "\\ud83dx\"", "\\ud83d\\n\""})
    void shouldRefuseALoneSurrogateAtItsEscape(final String escapes) {
        assertEquals(-1, decode("\"a" + escapes));
        assertEquals("malformed JSON at byte 2: lone surrogate in \\u escape", cursor.problem(), escapes);
    }

    @Test
    void shouldRefuseIllFormedUtf8AtItsFirstByte() {
        final int[][] sequences = {
            {0x80}, {0xC0, 0x80}, {0xC1, 0xBF}, {0xC3, 0x28}, {0xE0, 0x9F, 0xBF}, {0xED, 0xA0, 0x80},
            {0xF0, 0x8F, 0xBF, 0xBF}, {0xF4, 0x90, 0x80, 0x80}, {0xF5, 0x80, 0x80, 0x80}, {0xFF},
        };
        for (final int[] sequence : sequences) {
            final byte[] body = new byte[sequence.length + 4];
            body[0] = '"';
            body[1] = 'a';
            for (int i = 0; i < sequence.length; i++) {
                body[2 + i] = (byte) sequence[i];
            }
            body[body.length - 2] = 'b';
            body[body.length - 1] = '"';
            assertEquals(-1, decode(body), Arrays.toString(sequence));
            assertEquals("malformed JSON at byte 2: invalid UTF-8", cursor.problem(), Arrays.toString(sequence));
        }
    }

    @Test
    void shouldSayEndOfInputWhenTheBodyEndsInsideTheString() {
        for (final byte[] body : new byte[][] {utf8("\"abc"), utf8("\"a\\"), utf8("\"a\\u00"), utf8("\"a\\ud83d"), utf8("\"a\\ud83d\\"),
            utf8("\"a\\ud83d\\ude"), {'"', (byte) 0xE4, (byte) 0xB8}, {'"', (byte) 0xF0}}) {
            assertEquals(-1, decode(body), new String(body, StandardCharsets.ISO_8859_1));
            assertEquals("malformed JSON at byte " + body.length + ": unexpected end of input", cursor.problem());
        }
    }

    private static byte[] utf8(final String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
