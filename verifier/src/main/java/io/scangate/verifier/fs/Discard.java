package io.scangate.verifier.fs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes a large file without making the caller wait for it. Unlinking a ledger of a gigabyte
 * whose pages are cached takes the kernel 0.7-0.8 s (measured at 11M entries), time a restart after
 * a crash would otherwise spend before it can build the new ledger. The file is renamed aside at
 * once (so its name is free) and deleted by a daemon thread of its own; a file left aside by a
 * process that died first is deleted by the next {@link #file(Path)} in the same directory. Files
 * under {@link #BACKGROUND_BYTES} are deleted at once: they cost nothing, and nothing of theirs
 * outlives the call.
 */
public final class Discard {
    /** What a discarded file's name ends in, before a unique number. */
    public static final String SUFFIX = ".discarded-";
    /** Apparent size from which a file is deleted in the background. */
    public static final long BACKGROUND_BYTES = 256L << 20;
    private static final Logger LOG = LoggerFactory.getLogger(Discard.class);
    private static final AtomicLong NEXT = new AtomicLong();

    private Discard() {
    }

    /**
     * Frees {@code file}'s name now and deletes its contents in the background; nothing if it does
     * not exist. Returns the thread doing the deletion (for tests), or null if there was nothing to
     * delete.
     */
    public static Thread file(final Path file) {
        final Path dir = file.toAbsolutePath().getParent();
        final Path aside = dir.resolve(file.getFileName() + SUFFIX + ProcessHandle.current().pid() + "-" + NEXT.incrementAndGet());
        final boolean moved;
        try {
            if (Files.exists(file) && Files.size(file) < BACKGROUND_BYTES) {
                Files.delete(file);
            }
            moved = Files.exists(file);
            if (moved) {
                Files.move(file, aside, StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot move " + file + " aside to delete it", e);
        }
        final List<Path> doomed = new ArrayList<>(leftovers(dir, aside));
        if (moved) {
            doomed.add(aside);
        }
        if (doomed.isEmpty()) {
            return null;
        }
        final Path[] paths = doomed.toArray(Path[]::new);
        final Thread t = new Thread(() -> delete(paths), "scangate-discard");
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** Discarded files in {@code dir} other than {@code current}: left by a process that stopped before deleting them. */
    private static List<Path> leftovers(final Path dir, final Path current) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().contains(SUFFIX) && !p.equals(current)).collect(Collectors.toList());
        } catch (final IOException e) {
            return new ArrayList<>();
        }
    }

    private static void delete(final Path[] paths) {
        for (final Path p : paths) {
            try {
                Files.deleteIfExists(p);
            } catch (final IOException e) {
                LOG.warn("event=discard_failed file={} error=\"{}\"", p, e.toString());
            }
        }
    }
}
