package io.scangate.loadtest.gen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AsciiTableTest {

    @Test
    void shouldReadCodesSkippingBlankAndCommentLinesUpToTheLimit(@TempDir final Path dir) throws Exception {
        final Path file = dir.resolve("codes.txt");
        Files.write(file, List.of("# header", "ABCD-EFGH", "  ", " 0123456789ABCDEFGHJK ", "third", "fourth"));

        final AsciiTable codes = AsciiTable.readCodes(file, 3);

        assertEquals(3, codes.size());
        assertEquals("ABCD-EFGH", codes.get(0));
        assertEquals("0123456789ABCDEFGHJK", codes.get(1));
        assertEquals("third", codes.get(2));
        assertEquals(20, codes.maxLength());
    }

    @Test
    void shouldRefuseACodeThatCouldBreakTheRequestNamingTheLine(@TempDir final Path dir) throws Exception {
        final Path file = dir.resolve("codes.txt");
        Files.write(file, List.of("GOOD", "BAD\",\"x"));

        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AsciiTable.readCodes(file, 10));
        assertTrue(e.getMessage().contains("line 2"), e.getMessage());
        final Path empty = Files.writeString(dir.resolve("empty.txt"), "\n# nothing\n");
        assertThrows(IllegalArgumentException.class, () -> AsciiTable.readCodes(empty, 10));
    }

    @Test
    void shouldNameDevicesWithOneWidth() {
        final AsciiTable devices = AsciiTable.deviceNames(1000);

        assertEquals(1000, devices.size());
        assertEquals("lg-000", devices.get(0));
        assertEquals("lg-999", devices.get(999));
        assertEquals(6, devices.maxLength());
        assertEquals("lg-0", AsciiTable.deviceNames(1).get(0));
    }

    @Test
    void shouldMakeWellFormedSyntheticCodes() {
        final AsciiTable codes = AsciiTable.syntheticCodes(100, 1);
        for (int i = 0; i < codes.size(); i++) {
            assertTrue(codes.get(i).matches("[0-9A-HJKMNP-TV-Z]{20}"), codes.get(i));
        }
    }
}
