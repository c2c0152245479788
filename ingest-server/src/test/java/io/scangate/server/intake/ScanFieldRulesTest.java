package io.scangate.server.intake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** One rule per scan field, whatever transport the field came by. */
class ScanFieldRulesTest {
    private static boolean region(final String s) {
        final byte[] b = ("xx" + s).getBytes(StandardCharsets.US_ASCII);
        return ScanFieldRules.region(b, 2, b.length - 2);
    }

    private static boolean requestId(final String s) {
        final byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        return ScanFieldRules.requestId(b, 0, b.length);
    }

    @Test
    void shouldAcceptIso3166CountriesAndSubdivisionsInUpperCase() {
        for (final String ok : new String[] {"CN", "CN-31", "US-CA", "GB-ENG", "FR-2A"}) {
            assertTrue(region(ok), ok);
        }
    }

    @Test
    void shouldRefuseShortLongAndMisshapenRegions() {
        for (final String bad : new String[] {"C", "CN-", "CN31", "CN-1234", "CN_31", "C1", "c1", "CN-3!"}) {
            assertFalse(region(bad), bad);
        }
    }

    @Test
    void shouldAcceptARegionInAnyCaseAndUpperCaseItInPlace() {
        final byte[] r = "xcn-3ay".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        assertTrue(ScanFieldRules.region(r, 1, 5));
        assertEquals("xCN-3Ay", new String(r, java.nio.charset.StandardCharsets.US_ASCII), "only the region's bytes change");
    }

    @Test
    void shouldAcceptPrintableAsciiRequestIdsUpTo64() {
        assertTrue(requestId("a"));
        assertTrue(requestId("retry 1 ~!@#"));
        assertTrue(requestId("x".repeat(64)));
        assertFalse(requestId(""));
        assertFalse(requestId("x".repeat(65)));
        assertFalse(requestId("tab\there"));
        assertFalse(requestId("caf\u00e9"));
    }

    @Test
    void shouldCountIdCharactersNotBytes() {
        assertTrue(ScanFieldRules.id("\u624b\u673a".repeat(32)), "64 CJK characters");
        assertFalse(ScanFieldRules.id("\u624b".repeat(65)));
        assertFalse(ScanFieldRules.id(""));
        assertTrue(ScanFieldRules.id("\uD83D\uDCF1".repeat(64)), "64 emoji: 128 UTF-16 units, 64 characters");
    }
}
