package io.scangate.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** JSON numbers: the grammar, where reading stops, and conversion to exactly the double {@link Double#parseDouble} gives. */
class JsonNumberReaderTest {
    /** Bytes in front of the body, so that positions differ from offsets in the body. */
    private static final int BASE = 3;

    private final JsonCursor cursor = new JsonCursor();
    private final JsonNumberReader numbers = new JsonNumberReader(cursor);

    /**
     * Puts the cursor on {@code body}, framed by digits that the reader must not read: a number
     * that the body cuts short has to end with "unexpected end of input".
     */
    private void start(final String body) {
        final byte[] bytes = body.getBytes(StandardCharsets.US_ASCII);
        final byte[] framed = new byte[BASE + bytes.length + 3];
        Arrays.fill(framed, (byte) '7');
        System.arraycopy(bytes, 0, framed, BASE, bytes.length);
        cursor.reset(framed, BASE, bytes.length);
    }

    private double read(final String number) {
        start(number);
        assertTrue(numbers.read(), () -> number + ": " + cursor.problem());
        assertEquals(BASE + number.length(), cursor.position(), number);
        return numbers.value();
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-0", "0.0", "-0.0", "0e5", "-0E-5", "7", "-7", "90", "-180", "31.2304", "121.4737", "-33.86882",
        "0.1", "0.30000000000000004", "1e1", "1E+1", "2.5e-3", "1e22", "1e-22", "1e23", "1e-23", "123456789012345",
        "9007199254740992", "9007199254740993", "123456789012345678", "1234567890123456789", "0.000000000000000000000000001",
        "45.123456789012345678901234567890", "1.7976931348623157e308", "4.9e-324", "1e309", "-1e309", "1e-400",
        "2.2250738585072011e-308", "1e100000000", "1e-100000000"})
    void shouldConvertExactlyLikeDoubleParseDouble(final String number) {
        assertEquals(Double.doubleToRawLongBits(Double.parseDouble(number)), Double.doubleToRawLongBits(read(number)), number);
    }

    @Test
    void shouldKeepTheSignOfZero() {
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(read("-0.000e7")));
        assertEquals(Double.doubleToRawLongBits(0.0), Double.doubleToRawLongBits(read("0.000")));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"12,3|2", "1.5}|3", "-2e3]|4", "'0 '|1", "7x|1", "1.25E+2\"|7"})
    void shouldStopAtTheFirstByteAfterTheNumber(final String body, final int length) {
        start(body);
        assertTrue(numbers.read(), body);
        assertEquals(BASE + length, cursor.position(), body);
        assertEquals(Double.parseDouble(body.substring(0, length)), numbers.value(), body);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "01|1|leading zero in number",
        "-00|2|leading zero in number",
        "-a|1|expected a digit",
        "-.5|1|expected a digit",
        "1.e3|2|expected a digit after '.'",
        "1.-|2|expected a digit after '.'",
        "1ex|2|expected a digit in the exponent",
        "1e+-1|3|expected a digit in the exponent",
        "2E.5|2|expected a digit in the exponent",
    })
    void shouldRefuseNumbersOutsideTheGrammarNamingTheByte(final String body, final int at, final String what) {
        start(body);
        assertFalse(numbers.read(), body);
        assertEquals("malformed JSON at byte " + at + ": " + what, cursor.problem(), body);
    }

    @ParameterizedTest
    @ValueSource(strings = {"-", "1.", "1e", "1E+", "-0.5e-"})
    void shouldSayEndOfInputForANumberCutShort(final String body) {
        start(body);
        assertFalse(numbers.read(), body);
        assertEquals("malformed JSON at byte " + body.length() + ": unexpected end of input", cursor.problem(), body);
    }

    @Test
    void shouldValidateWithoutConvertingWhenSkipping() {
        read("42.5");
        start("1e400,");
        assertTrue(numbers.skip());
        assertEquals(BASE + 5, cursor.position());
        assertEquals(42.5, numbers.value(), "a skipped number is not converted");
        assertNull(cursor.problem());
        start("01");
        assertFalse(numbers.skip());
        assertEquals("malformed JSON at byte 1: leading zero in number", cursor.problem());
    }

    @Test
    void shouldStartANumberOnlyAtAMinusOrADigit() {
        for (int b = 0; b < 256; b++) {
            final boolean expected = b == '-' || (b >= '0' && b <= '9');
            assertEquals(expected, JsonNumberReader.startsNumber((byte) b), "byte " + b);
        }
    }
}
