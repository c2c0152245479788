package io.scangate.loadtest.gen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.BitSet;

import org.junit.jupiter.api.Test;

/** The key space: fresh codes in file order, repeats of sent codes, forged codes, devices. */
class RequestMixTest {
    private static final String ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    @Test
    void shouldTakeFreshCodesInOrderAndRepeatOnlySentOnes() {
        final AsciiTable codes = AsciiTable.syntheticCodes(100_000, 1);
        final RequestMix mix = new RequestMix(codes, 0.3, 0, 50, 99);
        final RequestMix.Choice c = new RequestMix.Choice();
        int nextFresh = 0;
        int repeats = 0;
        final BitSet devices = new BitSet();
        for (int n = 0; n < 20_000; n++) {
            mix.choose(n, c);
            if (c.repeat) {
                repeats++;
                assertTrue(c.code < nextFresh, "repeat of code " + c.code + " before it was sent");
            } else {
                assertEquals(nextFresh++, c.code);
            }
            assertFalse(c.wrapped);
            assertEquals(-1, c.forgedOffset);
            devices.set(c.device);
        }
        assertEquals(0.3, repeats / 20_000.0, 0.02);
        assertEquals(50, devices.cardinality(), "every device used");
        assertEquals(50, devices.length());
    }

    @Test
    void shouldForgeTheRequestedShareWithOneDifferentCharacter() {
        final AsciiTable codes = AsciiTable.syntheticCodes(1000, 2);
        final RequestMix mix = new RequestMix(codes, 0, 0.1, 1, 3);
        final RequestMix.Choice c = new RequestMix.Choice();
        int forged = 0;
        for (int n = 0; n < 1000; n++) {
            mix.choose(n, c);
            if (c.forgedOffset >= 0) {
                forged++;
                final char original = (char) codes.byteAt(c.code, c.forgedOffset);
                final char replaced = (char) c.forgedChar;
                assertTrue(ALPHABET.indexOf(replaced) >= 0, "replacement " + replaced);
                assertNotEquals(original, replaced);
            }
        }
        assertEquals(0.1, forged / 1000.0, 0.03);
    }

    @Test
    void shouldWrapAndFlagWhenTheFreshCodesRunOut() {
        final AsciiTable codes = AsciiTable.syntheticCodes(10, 4);
        final RequestMix mix = new RequestMix(codes, 0, 0, 1, 5);
        final RequestMix.Choice c = new RequestMix.Choice();
        for (int n = 0; n < 25; n++) {
            mix.choose(n, c);
            assertEquals(n % 10, c.code);
            assertEquals(n >= 10, c.wrapped, "request " + n);
        }
    }

    @Test
    void shouldRepeatEverythingAfterTheFirstCodeWithRatioOne() {
        final RequestMix mix = new RequestMix(AsciiTable.syntheticCodes(10, 4), 1, 0, 1, 5);
        final RequestMix.Choice c = new RequestMix.Choice();
        mix.choose(0, c);
        assertFalse(c.repeat, "nothing to repeat yet");
        for (int n = 1; n < 100; n++) {
            mix.choose(n, c);
            assertTrue(c.repeat);
            assertEquals(0, c.code);
        }
    }
}
