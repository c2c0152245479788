package io.scangate.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Values of unknown fields: any well-formed JSON value is stepped over, anything else refused, nesting bounded. */
class JsonValueSkipperTest {
    /** A small bound keeps the nesting cases readable; the parser uses {@link ScanBodyParser#MAX_DEPTH}. */
    private static final int MAX_DEPTH = 3;

    private final JsonCursor cursor = new JsonCursor();
    private final JsonStringDecoder strings = new JsonStringDecoder(cursor);
    private final JsonValueSkipper skipper = new JsonValueSkipper(cursor, strings, new JsonNumberReader(cursor), MAX_DEPTH);

    /** Skips the value at the start of {@code body} as the value of a field of the body's own object (level 1). */
    private boolean skip(final String body) {
        final byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        cursor.reset(bytes, 0, bytes.length);
        return skipper.skipValue(1);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "\"s\\u0041\\n\"|,", "-1.5e+3|}", "0|]", "true|,", "false|}", "null|,", "[]|,", "{}|}",
        "[ 1 , \"a\" , null ]|,", "{ \"a\" : [ true ] , \"b\" : { \"c\" : -0.0E+0 } }|}", "[[\"中\"]]|,",
    })
    void shouldStepOverAWellFormedValueAndNothingAfterIt(final String value, final String after) {
        assertTrue(skip(value + after), () -> value + ": " + cursor.problem());
        assertEquals(value.getBytes(StandardCharsets.UTF_8).length, cursor.position(), value);
    }

    @Test
    void shouldAllowNestingUpToTheBoundAndNotDeeper() {
        assertTrue(skip("[[]]"), "levels 2 and 3");
        assertTrue(skip("{\"a\":{\"b\":1}}"));
        assertFalse(skip("[{\"a\":[]}, []]"), "level 4: refused");
        assertEquals("malformed JSON at byte 6: nesting deeper than 3 levels", cursor.problem());
        assertFalse(skip("{\"a\":{\"b\":{}}}"));
        assertEquals("malformed JSON at byte 10: nesting deeper than 3 levels", cursor.problem());
        assertFalse(skip("[".repeat(100_000)), "refused long before the stack runs out");
        assertEquals("malformed JSON at byte 2: nesting deeper than 3 levels", cursor.problem());
    }

    @ParameterizedTest
    @ValueSource(strings = {",", "}", "]", ":", "+1", ".5", "'a'", "NaN", "Infinity", "x"})
    void shouldRefuseWhatCannotStartAValue(final String body) {
        assertFalse(skip(body));
        assertEquals("malformed JSON at byte 0: expected a value", cursor.problem(), body);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "[1 2]|malformed JSON at byte 3: expected ',' or ']'",
        "[1,]|malformed JSON at byte 3: expected a value",
        "{\"a\" 1}|malformed JSON at byte 5: expected ':'",
        "{\"a\":1,}|malformed JSON at byte 7: expected '\"' to start a field name",
        "{a:1}|malformed JSON at byte 1: expected '\"' to start a field name",
        "{\"a\":1]|malformed JSON at byte 6: expected ',' or '}'",
        "[tru]|malformed JSON at byte 4: invalid literal (expected true, false or null)",
        "[01]|malformed JSON at byte 2: leading zero in number",
        "[\"a\\x\"]|malformed JSON at byte 3: invalid escape",
        "{\"\\ud800\":1}|malformed JSON at byte 2: lone surrogate in \\u escape",
    })
    void shouldRefuseAMalformedValueWithTheProblemOfItsFirstBadByte(final String body, final String problem) {
        assertFalse(skip(body), body);
        assertEquals(problem, cursor.problem(), body);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "[", "[1", "[1,", "{", "{\"a\"", "{\"a\":", "{\"a\":1", "{\"a\":1,", "\"ab", "nul", "-"})
    void shouldSayEndOfInputForAValueCutShort(final String body) {
        assertFalse(skip(body), body);
        assertEquals("malformed JSON at byte " + body.length() + ": unexpected end of input", cursor.problem(), body);
    }

    @Test
    void shouldRefuseABoundBelowOneLevel() {
        assertThrows(IllegalArgumentException.class, () -> new JsonValueSkipper(cursor, strings, new JsonNumberReader(cursor), 0));
    }
}
