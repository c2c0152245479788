package io.scangate.verifier.journal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The journal directory's files: listing segments, deleting unused prepared ones, and moving or
 * deleting the oldest at compaction. File names are {@link FileJournal#segmentFile}'s.
 *
 * <p>Concurrency: stateless.
 */
final class SegmentFiles {
    private static final Logger LOG = LoggerFactory.getLogger(SegmentFiles.class);
    private static final String PREFIX = "segment-";
    private static final String SUFFIX = ".log";

    private SegmentFiles() {
    }

    /** Moves the segments numbered below {@code before} to {@code archive} (created if absent), or deletes them if it is null; returns their numbers. */
    static List<Integer> compact(final Path dir, final int before, final Path archive) throws IOException {
        if (archive != null) {
            Files.createDirectories(archive);
        }
        final List<Integer> gone = new ArrayList<>();
        for (final int number : list(dir)) {
            if (number >= before) {
                break;
            }
            final Path f = FileJournal.segmentFile(dir, number);
            if (archive == null) {
                Files.deleteIfExists(f);
            } else {
                Files.move(f, archive.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
            gone.add(number);
        }
        return gone;
    }

    /** A prepared segment never holds a durable record: left over from a crash or a stop, it goes. */
    static void deleteUnusedReady(final Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            for (final Path f : files.filter(p -> p.getFileName().toString().startsWith(PREFIX)
                    && p.getFileName().toString().endsWith(SUFFIX + FileJournal.READY_SUFFIX)).toList()) {
                LOG.info("event=journal_unused_segment_deleted file={}", f.getFileName());
                Files.delete(f);
            }
        }
    }

    static void deleteQuietly(final Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (final IOException e) {
            LOG.warn("event=journal_ready_segment_not_deleted file={} error=\"{}\"", file, e.toString());
        }
    }

    static List<Integer> list(final Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith(PREFIX) && n.endsWith(SUFFIX))
                    .map(n -> Integer.parseInt(n.substring(PREFIX.length(), n.length() - SUFFIX.length())))
                    .sorted()
                    .toList();
        }
    }
}
