package io.scangate.verifier.snapshot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.scangate.verifier.journal.JournalPosition;

/**
 * The snapshots in a directory, named by the journal position they hold every effect up to
 * ({@code snapshot-SEGMENT-OFFSET.snap}, so names sort as positions do): the newest valid one for
 * recovery (damaged ones skipped, each with its reason), and pruning to the newest N.
 *
 * <p>Concurrency: stateless over the directory; one writer of snapshots at a time.
 */
public final class SnapshotStore {
    private static final Pattern NAME = Pattern.compile("snapshot-(\\d{10})-(\\d{10})\\.snap");

    private final Path dir;

    public SnapshotStore(final Path dir) {
        this.dir = dir;
    }

    /** The file a snapshot of journal {@code position} is written to. */
    public Path fileFor(final long position) {
        return dir.resolve(String.format(java.util.Locale.ROOT, "snapshot-%010d-%010d.snap",
                JournalPosition.segment(position), JournalPosition.offset(position)));
    }

    /** Snapshot files, newest position first (not checked). */
    public List<Path> files() {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            final List<Path> out = new ArrayList<>();
            s.filter(p -> NAME.matcher(p.getFileName().toString()).matches()).forEach(out::add);
            out.sort(Comparator.comparingLong(SnapshotStore::positionOf).reversed());
            return out;
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    /** The newest snapshot that checks out, or null; each one skipped goes to {@code skipped} with its reason. */
    public SnapshotReader newestValid(final Consumer<String> skipped) {
        for (final Path f : files()) {
            try {
                final SnapshotReader r = SnapshotReader.open(f);
                if (r.position() != positionOf(f)) {
                    skipped.accept("snapshot " + f.getFileName() + " unusable: it holds position " + JournalPosition.toString(r.position()));
                    continue;
                }
                return r;
            } catch (final SnapshotCorruptException e) {
                skipped.accept(e.getMessage());
            }
        }
        return null;
    }

    /** Deletes all but the newest {@code keep} snapshot files (and leftover temporary files); returns the oldest kept, or null. */
    public Path prune(final int keep) {
        final List<Path> all = files();
        try {
            for (int i = keep; i < all.size(); i++) {
                Files.deleteIfExists(all.get(i));
            }
            try (Stream<Path> s = Files.list(dir)) {
                for (final Path p : s.filter(p -> p.getFileName().toString().endsWith(".snap.tmp")).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot prune snapshots in " + dir, e);
        }
        return all.isEmpty() ? null : all.get(Math.min(keep, all.size()) - 1);
    }

    /** The journal position a snapshot file's name gives. */
    static long positionOf(final Path file) {
        final Matcher m = NAME.matcher(file.getFileName().toString());
        if (!m.matches()) {
            throw new IllegalArgumentException("not a snapshot file name: " + file.getFileName());
        }
        return JournalPosition.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
    }
}
