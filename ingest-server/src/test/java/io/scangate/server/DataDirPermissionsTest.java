package io.scangate.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The data dir is its owner's alone (issue 13): journal segments hold the campaign seeds in clear
 * and every scan; keys hold the code secrets. A data dir made readable by others is tightened at start.
 */
class DataDirPermissionsTest {
    @TempDir
    Path dir;

    private static String mode(final Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    @Test
    void shouldKeepTheDataDirJournalLedgerAndKeysToTheOwner() throws Exception {
        final Path data = dir.resolve("data");
        Files.createDirectories(data, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        try (TestServer server = TestServer.start(data)) {
            assertTrue(server.server.ready());
        }
        assertEquals("rwx------", mode(data), "data dir");
        assertEquals("rwx------", mode(data.resolve("journal")), "journal dir");
        try (Stream<Path> segments = Files.list(data.resolve("journal"))) {
            final var files = segments.filter(Files::isRegularFile).toList();
            assertFalse(files.isEmpty());
            for (final Path segment : files) {
                assertEquals("rw-------", mode(segment), segment.toString());
            }
        }
        assertEquals("rw-------", mode(data.resolve("ledger.cm3")), "ledger");
        assertEquals("rw-------", mode(data.resolve("keys")), "keys");
    }
}
