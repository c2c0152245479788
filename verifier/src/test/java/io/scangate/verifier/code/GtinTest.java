package io.scangate.verifier.code;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GtinTest {
    @ParameterizedTest
    @ValueSource(strings = {"96385074", "036000291452", "4006381333931", "06901234567892", "00000000000000", "10614141000415"})
    void shouldAcceptGtinsWithTheirCheckDigit(final String gtin) {
        assertTrue(Gtin.valid(gtin));
        assertTrue(Gtin.valid("0".repeat(14 - gtin.length()) + gtin), "the same GTIN padded to 14 digits");
    }

    @ParameterizedTest
    @ValueSource(strings = {"96385075", "036000291451", "4006381333932", "06901234567891", "0690123456789X", "", "1234567", "123456789",
        "069012345678921", "O6901234567892", "٠٦٩٠١٢٣٤٥٦٧٨٩٢"})
    void shouldRefuseAWrongCheckDigitLengthOrCharacter(final String gtin) {
        assertFalse(Gtin.valid(gtin));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0690123456789", "400638133393", "9638507"})
    void shouldComputeTheCheckDigitFromTheRight(final String body) {
        final int check = Gtin.checkDigit(body);
        assertTrue(Gtin.valid(body + check), body + check);
        assertEquals(-1, Gtin.checkDigit(body + "x"));
    }
}
