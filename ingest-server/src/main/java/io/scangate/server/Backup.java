package io.scangate.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.scangate.server.ops.AdminTokens;
import io.scangate.verifier.code.KeyRing;
import io.scangate.verifier.journal.FileJournal;
import io.scangate.verifier.journal.JournalPosition;
import io.scangate.verifier.journal.Recovery;
import io.scangate.verifier.snapshot.Snapshotter;

/**
 * An online backup: a data directory that {@code serve --data-dir DIR} opens with every change
 * acknowledged up to the backup's position. It holds the snapshot just taken, the journal
 * segments from that snapshot's position on (forced first, so everything the snapshot holds is in
 * them), the code keys and the admin tokens; no checkpoint, so the server it starts restores from
 * the snapshot and replays the journal after it. Every file is forced, then the directories.
 *
 * <p>Concurrency: the maintenance thread, one at a time.
 */
final class Backup {
    private final Path dataDir;
    private final FileJournal journal;

    Backup(final Path dataDir, final FileJournal journal) {
        this.dataDir = dataDir;
        this.journal = journal;
    }

    /** Checks {@code to} (absolute, outside the data dir, absent or an empty directory), then writes the backup of {@code snap} there. */
    Map<String, Object> write(final Path to, final Snapshotter.Result snap) {
        final long t0 = System.nanoTime();
        final long durable = journal.force();
        try {
            final Path journalTo = to.resolve(Recovery.JOURNAL_DIR);
            Files.createDirectories(journalTo);
            Files.createDirectories(to.resolve(Snapshotter.DIR));
            long bytes = copy(snap.file(), to.resolve(Snapshotter.DIR).resolve(snap.file().getFileName()));
            int segments = 0;
            for (final Path seg : segmentsFrom(JournalPosition.segment(snap.position()))) {
                bytes += copy(seg, journalTo.resolve(seg.getFileName()));
                segments++;
            }
            for (final String name : List.of(KeyRing.FILE_NAME, DataDir.TOKEN_FILE, AdminTokens.FILE_NAME)) {
                if (Files.exists(dataDir.resolve(name))) {
                    bytes += copy(dataDir.resolve(name), to.resolve(name));
                }
            }
            final Map<String, Object> m = new LinkedHashMap<>();
            m.put("to", to.toString());
            m.put("snapshot", snap.file().getFileName().toString());
            m.put("position", JournalPosition.toString(durable));
            m.put("journalSegments", segments);
            m.put("bytes", bytes);
            m.put("millis", (System.nanoTime() - t0) / 1_000_000);
            Files.writeString(to.resolve("BACKUP"), m.toString() + "\n", StandardCharsets.UTF_8);
            force(to.resolve("BACKUP"));
            force(journalTo);
            force(to.resolve(Snapshotter.DIR));
            force(to);
            return m;
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot write the backup to " + to + ": " + e.getMessage(), e);
        }
    }

    /** Refuses ({@link IllegalArgumentException}, a 400) a target that is relative, inside the data dir, or a directory that is not empty. */
    static Path target(final Path dataDir, final String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("'to' is required: the directory to write the backup to");
        }
        final Path to = Path.of(text);
        if (!to.isAbsolute()) {
            throw new IllegalArgumentException("'to' must be an absolute path (the server's working directory is not yours): " + text);
        }
        final Path norm = to.normalize();
        if (norm.startsWith(dataDir.toAbsolutePath().normalize())) {
            throw new IllegalArgumentException("'to' must be outside the data dir " + dataDir.toAbsolutePath());
        }
        if (Files.exists(norm)) {
            try (Stream<Path> s = Files.list(norm)) {
                if (s.findAny().isPresent()) {
                    throw new IllegalArgumentException("'to' " + norm + " exists and is not empty: a backup goes into a new or empty directory");
                }
            } catch (final IOException e) {
                throw new IllegalArgumentException("'to' " + norm + " exists and is not a readable directory");
            }
        }
        return norm;
    }

    private List<Path> segmentsFrom(final int first) throws IOException {
        try (Stream<Path> s = Files.list(dataDir.resolve(Recovery.JOURNAL_DIR))) {
            return s.filter(p -> {
                final String n = p.getFileName().toString();
                return n.startsWith("segment-") && n.endsWith(".log") && Integer.parseInt(n.substring(8, n.length() - 4)) >= first;
            }).sorted().toList();
        }
    }

    private static long copy(final Path from, final Path to) throws IOException {
        Files.copy(from, to);
        force(to);
        return Files.size(to);
    }

    private static void force(final Path p) {
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (final IOException e) {
            // a directory some file systems cannot force: the files themselves are forced
        }
    }
}
