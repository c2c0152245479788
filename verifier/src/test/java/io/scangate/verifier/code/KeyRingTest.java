package io.scangate.verifier.code;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KeyRingTest {
    private static final Pattern KEY_LINE = Pattern.compile("[0-9]{1,3}:[0-9a-f]{32}");

    @TempDir
    Path dir;

    @Test
    void shouldCreateTheKeyFileReadableAndWritableOnlyByItsOwner() throws IOException {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
        final KeyRing ring = KeyRing.openOrCreate(dir);
        final Path file = dir.resolve(KeyRing.FILE_NAME);
        assertTrue(Files.isRegularFile(file));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals(1, ring.currentKeyId());
        assertTrue(ring.hasKey(1));
        assertFalse(ring.hasKey(0));
        assertFalse(ring.hasKey(2));
        assertEquals(List.of("1"), keyIdsIn(file));
    }

    @Test
    void shouldCreateTheDataDirectoryWhenMissing() {
        final Path nested = dir.resolve("a").resolve("b");
        final KeyRing ring = KeyRing.openOrCreate(nested);
        assertTrue(Files.isRegularFile(nested.resolve(KeyRing.FILE_NAME)));
        assertEquals(1, ring.currentKeyId());
    }

    @Test
    void shouldGiveTheSameTagsAfterReopening() {
        final KeyRing first = KeyRing.openOrCreate(dir);
        final KeyRing second = KeyRing.openOrCreate(dir);
        assertEquals(first.currentKeyId(), second.currentKeyId());
        for (long serial = 0; serial < 1_000; serial++) {
            final long codeId = CodeFormat.codeId(1, serial * 7_919);
            assertEquals(first.tag(codeId), second.tag(codeId));
        }
        final String code = new CodeAuthenticator(first).issue(1, 99);
        assertEquals(code, new CodeAuthenticator(second).issue(1, 99));
    }

    @Test
    void shouldCreateADifferentSecretInEachDataDirectory() {
        final KeyRing a = KeyRing.openOrCreate(dir.resolve("a"));
        final KeyRing b = KeyRing.openOrCreate(dir.resolve("b"));
        assertNotEquals(a.tag(CodeFormat.codeId(1, 1)), b.tag(CodeFormat.codeId(1, 1)));
    }

    @Test
    void shouldReadSecretsAsDocumentedKeyIdColonThirtyTwoHexDigitsBigEndian() throws IOException {
        // API.md: k0 = the first 8 bytes big-endian, k1 = the next 8.
        Files.writeString(dir.resolve(KeyRing.FILE_NAME), "# comment\n\n3:000102030405060708090a0b0c0d0e0f\n", StandardCharsets.US_ASCII);
        final KeyRing ring = KeyRing.openOrCreate(dir);
        assertEquals(3, ring.currentKeyId());
        final long codeId = CodeFormat.codeId(3, 12_345);
        assertEquals(SipHash.hash(0x0001020304050607L, 0x08090a0b0c0d0e0fL, codeId) >>> 16, ring.tag(codeId));
        assertEquals(KeyRing.of(3, 0x0001020304050607L, 0x08090a0b0c0d0e0fL).tag(codeId), ring.tag(codeId));
    }

    @Test
    void shouldKeepVerifyingOldCodesAfterRotation() throws IOException {
        final KeyRing ring = KeyRing.openOrCreate(dir);
        final CodeAuthenticator authenticator = new CodeAuthenticator(ring);
        final String[] oldCodes = new String[100];
        for (int i = 0; i < oldCodes.length; i++) {
            oldCodes[i] = authenticator.issue(1, i);
        }

        assertEquals(2, ring.rotate());
        assertEquals(2, ring.currentKeyId());
        assertTrue(ring.hasKey(1));
        assertTrue(ring.hasKey(2));
        final String newCode = authenticator.issue(ring.currentKeyId(), 0);
        final ParsedCode parsed = new ParsedCode();
        assertEquals(CodeAuthenticator.AUTHENTIC, check(authenticator, newCode, parsed));
        assertEquals(2, parsed.keyId());
        for (final String code : oldCodes) {
            assertEquals(CodeAuthenticator.AUTHENTIC, check(authenticator, code, parsed), code);
            assertEquals(1, parsed.keyId());
        }

        final Path file = dir.resolve(KeyRing.FILE_NAME);
        assertEquals(List.of("1", "2"), keyIdsIn(file));
        assertFalse(Files.exists(dir.resolve(KeyRing.FILE_NAME + ".tmp")));
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        }

        final KeyRing reopened = KeyRing.openOrCreate(dir);
        final CodeAuthenticator afterRestart = new CodeAuthenticator(reopened);
        assertEquals(2, reopened.currentKeyId());
        assertEquals(CodeAuthenticator.AUTHENTIC, check(afterRestart, newCode, parsed));
        for (final String code : oldCodes) {
            assertEquals(CodeAuthenticator.AUTHENTIC, check(afterRestart, code, parsed), code);
        }
        assertEquals(newCode, afterRestart.issue(2, 0));
    }

    @Test
    void shouldNeverShowTheSecretsInToString() throws IOException {
        final KeyRing ring = KeyRing.openOrCreate(dir);
        final String text = ring.toString();
        for (final String line : Files.readAllLines(dir.resolve(KeyRing.FILE_NAME), StandardCharsets.US_ASCII)) {
            if (KEY_LINE.matcher(line).matches()) {
                final String secret = line.substring(line.indexOf(':') + 1);
                assertFalse(text.contains(secret));
                assertFalse(text.toLowerCase().contains(secret.substring(0, 16)));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "garbage\n",
        "1:000102030405060708090a0b0c0d0e0\n",
        "1:000102030405060708090a0b0c0d0e0f00\n",
        "1:000102030405060708090a0b0c0d0ezz\n",
        "1 000102030405060708090a0b0c0d0e0f\n",
        "x:000102030405060708090a0b0c0d0e0f\n",
        "256:000102030405060708090a0b0c0d0e0f\n",
        "-1:000102030405060708090a0b0c0d0e0f\n",
        "1:000102030405060708090a0b0c0d0e0f\n2:0001020304050607\n",
        "",
        "# only a comment\n\n",
    })
    void shouldRefuseACorruptedKeyFileNamingIt(final String content) throws IOException {
        final Path file = dir.resolve(KeyRing.FILE_NAME);
        Files.writeString(file, content, StandardCharsets.US_ASCII);
        final IllegalStateException e = assertThrows(IllegalStateException.class, () -> KeyRing.openOrCreate(dir));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertFalse(e.getMessage().contains("000102030405060708090a0b0c0d0e0f"), "the message must not echo a secret");
    }

    @Test
    void shouldRefuseAKeyFileWithNonAsciiBytesNamingIt() throws IOException {
        // Binary damage is refused too, though as an UncheckedIOException (the US-ASCII decoder
        // fails before the lines are parsed), not as an IllegalStateException.
        final Path file = dir.resolve(KeyRing.FILE_NAME);
        Files.write(file, new byte[] {'1', ':', (byte) 0xC3, (byte) 0xA9, '\n'});
        final RuntimeException e = assertThrows(RuntimeException.class, () -> KeyRing.openOrCreate(dir));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    }

    private static int check(final CodeAuthenticator authenticator, final String code, final ParsedCode into) {
        final byte[] raw = code.getBytes(StandardCharsets.US_ASCII);
        return authenticator.check(raw, 0, raw.length, into);
    }

    private static List<String> keyIdsIn(final Path file) throws IOException {
        return Files.readAllLines(file, StandardCharsets.US_ASCII).stream()
            .filter(line -> KEY_LINE.matcher(line).matches())
            .map(line -> line.substring(0, line.indexOf(':')))
            .toList();
    }
}
