package io.scangate.verifier.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BatchSpecTest {
    @Test
    void shouldPadAValidGtin13To14Digits() {
        assertEquals("06901234567892", BatchSpec.of("COLA", "6901234567892", "CN-31", 1L, null, null).gtin());
    }

    @Test
    void shouldRefuseAGtinWithAWrongCheckDigitNamingTheRightOne() {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BatchSpec.of("COLA", "06901234567891", "CN-31", 1L, null, null));
        assertEquals("'gtin' 06901234567891 has a wrong check digit (its last digit must be 2)", e.getMessage());
    }

    @Test
    void shouldRefuseAnAllZeroGtinWhichMeansNoGtinToTheVerifier() {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BatchSpec.of("COLA", "00000000", "CN-31", 1L, null, null));
        assertTrue(e.getMessage().contains("'gtin' must not be all zeros"), e.getMessage());
    }
}
