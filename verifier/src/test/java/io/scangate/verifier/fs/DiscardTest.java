package io.scangate.verifier.fs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiscardTest {
    @TempDir
    Path dir;

    @Test
    void theNameIsFreeAtOnceAndTheFileIsGoneWhenTheThreadEnds() throws Exception {
        final Path file = dir.resolve("ledger.cm3");
        sparse(file, Discard.BACKGROUND_BYTES);
        final Thread t = Discard.file(file);
        assertFalse(Files.exists(file), "the name is free before the deletion ends");
        Files.write(file, new byte[] {7}); // a new file of the same name is not touched
        assertNotNull(t);
        t.join(10_000);
        assertFalse(t.isAlive());
        assertArrayEquals(new String[] {"ledger.cm3"}, names());
        assertArrayEquals(new byte[] {7}, Files.readAllBytes(file));
    }

    @Test
    void filesLeftAsideByAProcessThatDiedAreDeletedByTheNextDiscard() throws Exception {
        Files.write(dir.resolve("ledger.cm3" + Discard.SUFFIX + "123-1"), new byte[10]);
        sparse(dir.resolve("ledger.cm3"), Discard.BACKGROUND_BYTES);
        Files.write(dir.resolve("journal.keep"), new byte[10]);
        final Thread t = Discard.file(dir.resolve("ledger.cm3"));
        t.join(10_000);
        assertArrayEquals(new String[] {"journal.keep"}, names());
    }

    @Test
    void aSmallFileIsDeletedBeforeTheCallReturns() throws Exception {
        final Path file = dir.resolve("ledger.cm3");
        sparse(file, Discard.BACKGROUND_BYTES - 1);
        assertNull(Discard.file(file));
        assertArrayEquals(new String[0], names());
    }

    @Test
    void aMissingFileNeedsNoThread() throws Exception {
        assertNull(Discard.file(dir.resolve("absent")));
        assertTrue(Files.isDirectory(dir));
        assertArrayEquals(new String[0], names());
    }

    @Test
    void aMissingFileStillSweepsLeftovers() throws Exception {
        Files.write(dir.resolve("x" + Discard.SUFFIX + "9-9"), new byte[10]);
        final Thread t = Discard.file(dir.resolve("absent"));
        assertNotNull(t);
        t.join(10_000);
        assertArrayEquals(new String[0], names());
    }

    private static void sparse(final Path file, final long length) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(length);
        }
    }

    private String[] names() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toArray(String[]::new);
        }
    }
}
