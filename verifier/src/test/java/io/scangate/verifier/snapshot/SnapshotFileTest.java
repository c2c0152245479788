package io.scangate.verifier.snapshot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.scangate.verifier.journal.JournalPosition;

/** The snapshot file: what is written reads back; a torn, truncated or flipped file is refused and skipped for an older one. */
class SnapshotFileTest {
    @TempDir
    Path dir;

    private final byte[] big = new byte[3 << 20];

    private Path write(final SnapshotStore store, final long position) throws IOException {
        new Random(position).nextBytes(big);
        final Path f = store.fileFor(position);
        try (SnapshotWriter w = SnapshotWriter.create(f, position, 1_700_000_000_000L)) {
            w.section("batches", position, "{\"batches\":[]}".getBytes(StandardCharsets.UTF_8));
            final OutputStream ledger = w.beginSection("ledger", position - 100);
            for (int i = 0; i < big.length; i += 4096) {
                ledger.write(big, i, Math.min(4096, big.length - i));
            }
            w.endSection();
            w.section("empty", position, new byte[0]);
            w.commit();
        }
        return f;
    }

    @Test
    void whatIsWrittenReadsBackSectionBySection() throws IOException {
        final SnapshotStore store = new SnapshotStore(dir);
        final long at = JournalPosition.of(3, 4096);
        final Path f = write(store, at);
        final SnapshotReader r = SnapshotReader.open(f);
        assertEquals(at, r.position());
        assertEquals(1_700_000_000_000L, r.createdAtMillis());
        assertEquals(List.of("batches", "ledger", "empty"), r.sections().stream().map(SnapshotReader.Section::name).toList());
        assertEquals(at - 100, r.sections().get(1).position());
        assertArrayEquals(big, r.read("ledger"));
        assertEquals("{\"batches\":[]}", new String(r.read("batches"), StandardCharsets.UTF_8));
        assertEquals(0, r.read("empty").length);
        assertNull(r.read("nothing"));
        assertEquals(f, store.newestValid(s -> { }).file());
    }

    @Test
    void anUncommittedSnapshotLeavesNothingAReaderLists() throws IOException {
        final SnapshotStore store = new SnapshotStore(dir);
        final Path f = store.fileFor(JournalPosition.of(1, 64));
        try (SnapshotWriter w = SnapshotWriter.create(f, JournalPosition.of(1, 64), 0)) {
            w.section("batches", 0, new byte[10]);
        }
        assertFalse(Files.exists(f));
        try (var files = Files.list(dir)) {
            assertEquals(0, files.count(), "the temporary file is gone too");
        }
        assertNull(store.newestValid(s -> { }));
    }

    @Test
    void aTruncatedSnapshotIsRefusedAtEveryLength() throws IOException {
        final Path f = write(new SnapshotStore(dir), JournalPosition.of(2, 8));
        final long size = Files.size(f);
        for (final long cut : new long[] {0, 10, 40, size / 2, size - 25, size - 1}) {
            final Path copy = dir.resolve("cut-" + cut);
            Files.copy(f, copy);
            try (RandomAccessFile raf = new RandomAccessFile(copy.toFile(), "rw")) {
                raf.setLength(cut);
            }
            final SnapshotCorruptException e = assertThrows(SnapshotCorruptException.class, () -> SnapshotReader.open(copy), "cut at " + cut);
            assertTrue(e.getMessage().contains("unusable"), e.getMessage());
        }
    }

    @Test
    void aFlippedByteAnywhereIsRefused() throws IOException {
        final Path f = write(new SnapshotStore(dir), JournalPosition.of(2, 8));
        final long size = Files.size(f);
        for (final long at : new long[] {0, 9, 20, 30, 40, 100, size / 2, size - 30, size - 20, size - 5, size - 1}) {
            final Path copy = dir.resolve("flip-" + at);
            Files.copy(f, copy);
            try (RandomAccessFile raf = new RandomAccessFile(copy.toFile(), "rw")) {
                raf.seek(at);
                final int b = raf.read();
                raf.seek(at);
                raf.write(b ^ 0x10);
            }
            assertThrows(SnapshotCorruptException.class, () -> SnapshotReader.open(copy), "flipped at " + at);
        }
    }

    @Test
    void aDamagedNewestSnapshotIsSkippedForThePreviousWithItsReason() throws IOException {
        final SnapshotStore store = new SnapshotStore(dir);
        final Path older = write(store, JournalPosition.of(1, 1024));
        final Path newer = write(store, JournalPosition.of(5, 0));
        try (RandomAccessFile raf = new RandomAccessFile(newer.toFile(), "rw")) {
            raf.setLength(raf.length() - 7); // torn
        }
        final List<String> skipped = new ArrayList<>();
        assertEquals(older, store.newestValid(skipped::add).file());
        assertEquals(1, skipped.size());
        assertTrue(skipped.get(0).contains(newer.getFileName().toString()) && skipped.get(0).contains("truncated"), skipped.toString());
    }

    @Test
    void pruningKeepsTheNewestAndNamesTheOldestKept() throws IOException {
        final SnapshotStore store = new SnapshotStore(dir);
        write(store, JournalPosition.of(1, 0));
        final Path second = write(store, JournalPosition.of(2, 0));
        final Path third = write(store, JournalPosition.of(10, 0));
        Files.write(dir.resolve("snapshot-0000000011-0000000000.snap.tmp"), new byte[3]); // a crash mid-write
        assertEquals(second, store.prune(2));
        assertEquals(List.of(third, second), store.files());
        try (var files = Files.list(dir)) {
            assertEquals(2, files.count());
        }
    }
}
