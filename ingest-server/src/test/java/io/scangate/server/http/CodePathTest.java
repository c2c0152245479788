package io.scangate.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** The code and GTIN a GET scan's path names. */
class CodePathTest {
    private final CodePath path = new CodePath();

    private String code() {
        return new String(path.code, 0, path.codeLength, StandardCharsets.ISO_8859_1);
    }

    @Test
    void shouldTakeTheCodeOfAShortLinkWithoutGtin() {
        assertTrue(path.parse("/c/ABCD-EFGH"));
        assertEquals("ABCD-EFGH", code());
        assertEquals(0, path.gtin);
    }

    @Test
    void shouldTakeGtinAndSerialOfADigitalLinkWithOrWithoutLot() {
        assertTrue(path.parse("/01/06901234567892/21/XYZ"));
        assertEquals(6901234567892L, path.gtin);
        assertEquals("XYZ", code());
        assertTrue(path.parse("/01/06901234567892/10/LOT7/21/SER%20IAL"));
        assertEquals("SER IAL", code(), "percent-decoded");
    }

    @Test
    void shouldSayNotFoundForAPathThatIsNoDigitalLink() {
        assertFalse(path.parse("/01/06901234567892"));
        assertEquals(404, path.errorStatus);
        assertFalse(path.parse("/01/06901234567892/21"));
        assertEquals(404, path.errorStatus);
    }

    @Test
    void shouldRefuseAGtinThatIsNot14DigitsOrAllZeroOrHasABadCheckDigit() {
        for (final String gtin : new String[] {"6901234567892", "0690123456789X", "00000000000000", "06901234567891", "04006381333932"}) {
            assertFalse(path.parse("/01/" + gtin + "/21/X"), gtin);
            assertEquals(400, path.errorStatus, gtin);
            assertEquals(CodePath.BAD_GTIN, path.errorDetail);
        }
    }

    @Test
    void shouldRefuseAnEmptyOverlongOrUndecodableCode() {
        assertFalse(path.parse("/c/"));
        assertEquals(400, path.errorStatus);
        assertFalse(path.parse("/c/" + "A".repeat(65)));
        assertFalse(path.parse("/c/%zz"));
        assertEquals(CodePath.BAD_CODE, path.errorDetail);
    }
}
