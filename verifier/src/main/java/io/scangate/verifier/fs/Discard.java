package io.scangate.verifier.fs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes a large file without making a restart wait for it. Unlinking a ledger of a gigabyte
 * whose pages are cached takes the kernel 0.7-0.8 s of a core (measured at 11M entries): time a
 * restart after a crash would spend before it can build the new ledger, or beside the refill that
 * needs both cores. {@link #file(Path)} renames the file aside at once, so its name is free;
 * {@link #sweep(Path)}, called once recovery is done, deletes every file set aside in the directory
 * (this process's and any a process that died first left) on a daemon thread of its own. Files under
 * {@link #BACKGROUND_BYTES} are deleted at once: they cost nothing.
 */
public final class Discard {
    /** What a discarded file's name ends in, before a unique number. */
    public static final String SUFFIX = ".discarded-";
    /** Apparent size from which a file is set aside rather than deleted in the call. */
    public static final long BACKGROUND_BYTES = 256L << 20;
    private static final Logger LOG = LoggerFactory.getLogger(Discard.class);
    private static final AtomicLong NEXT = new AtomicLong();

    private Discard() {
    }

    /** Frees {@code file}'s name now: deleted if small, else renamed aside for {@link #sweep(Path)}; nothing if it does not exist. */
    public static void file(final Path file) {
        try {
            if (!Files.exists(file)) {
                return;
            }
            if (Files.size(file) < BACKGROUND_BYTES) {
                Files.delete(file);
                return;
            }
            final Path aside = file.resolveSibling(file.getFileName() + SUFFIX + ProcessHandle.current().pid() + "-" + NEXT.incrementAndGet());
            Files.move(file, aside, StandardCopyOption.ATOMIC_MOVE);
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot remove " + file, e);
        }
    }

    /**
     * Deletes every file set aside in {@code dir} on a thread of its own; returns the thread (for
     * tests), or null if there is nothing to delete.
     */
    public static Thread sweep(final Path dir) {
        final List<Path> doomed;
        try (Stream<Path> s = Files.list(dir)) {
            doomed = s.filter(p -> p.getFileName().toString().contains(SUFFIX)).collect(Collectors.toList());
        } catch (final IOException e) {
            LOG.warn("event=discard_failed dir={} error=\"{}\"", dir, e.toString());
            return null;
        }
        if (doomed.isEmpty()) {
            return null;
        }
        final Thread t = new Thread(() -> delete(doomed), "scangate-discard");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static void delete(final List<Path> paths) {
        for (final Path p : paths) {
            try {
                Files.deleteIfExists(p);
            } catch (final IOException e) {
                LOG.warn("event=discard_failed file={} error=\"{}\"", p, e.toString());
            }
        }
    }
}
