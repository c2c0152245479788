package io.scangate.verifier.fs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
    void aLargeFilesNameIsFreeAtOnceAndItIsGoneAfterTheSweep() throws Exception {
        final Path file = dir.resolve("ledger.cm3");
        sparse(file, Discard.BACKGROUND_BYTES);
        Discard.file(file);
        assertFalse(Files.exists(file), "the name is free before anything is deleted");
        Files.write(file, new byte[] {7}); // a new file of the same name is not touched
        final String[] aside = names();
        assertEquals(2, aside.length);
        assertTrue(aside[1].startsWith("ledger.cm3" + Discard.SUFFIX), aside[1]);
        join(Discard.sweep(dir));
        assertArrayEquals(new String[] {"ledger.cm3"}, names());
        assertArrayEquals(new byte[] {7}, Files.readAllBytes(file));
    }

    @Test
    void filesLeftAsideByAProcessThatDiedAreDeletedByTheNextSweep() throws Exception {
        Files.write(dir.resolve("ledger.cm3" + Discard.SUFFIX + "123-1"), new byte[10]);
        Files.write(dir.resolve("journal.keep"), new byte[10]);
        join(Discard.sweep(dir));
        assertArrayEquals(new String[] {"journal.keep"}, names());
    }

    @Test
    void aSmallFileIsDeletedBeforeTheCallReturns() throws Exception {
        final Path file = dir.resolve("ledger.cm3");
        sparse(file, Discard.BACKGROUND_BYTES - 1);
        Discard.file(file);
        assertArrayEquals(new String[0], names());
        assertNull(Discard.sweep(dir), "nothing left to sweep");
    }

    @Test
    void aMissingFileIsNothingToDo() throws Exception {
        Discard.file(dir.resolve("absent"));
        assertArrayEquals(new String[0], names());
        assertNull(Discard.sweep(dir));
    }

    private static void join(final Thread t) throws InterruptedException {
        assertNotNull(t);
        t.join(10_000);
        assertFalse(t.isAlive());
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
