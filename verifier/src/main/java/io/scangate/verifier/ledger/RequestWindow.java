package io.scangate.verifier.ledger;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import org.agrona.collections.Long2LongHashMap;

/**
 * The idempotency window: the last {@code capacity} counted scans that carried a request id,
 * keyed by a hash of (device, request id), with the code and the scan count they were answered
 * with. A retry inside the window gets the original answer and counts nothing. Oldest entries
 * are forgotten first. Rebuilt from the journal after a crash; saved to a file at a clean stop.
 *
 * <p>Concurrency: single writer (the verifier thread), or the lifecycle thread while the verifier
 * does not run.
 */
public final class RequestWindow {
    public static final String FILE_NAME = "requests.window";
    private static final int MAGIC = 0x53475257; // "SGRW"

    private final int capacity;
    private final Long2LongHashMap slots;
    private final long[] keys;
    private final long[] codeIds;
    private final int[] counts;
    private int next;
    private int size;

    public RequestWindow(final int capacity) {
        this.capacity = capacity;
        this.slots = new Long2LongHashMap(capacity * 2, 0.65f, -1L);
        this.keys = new long[capacity];
        this.codeIds = new long[capacity];
        this.counts = new int[capacity];
    }

    /** The scan count {@code key} was answered with for {@code codeId}, or 0 if unknown here. */
    public int answeredCount(final long key, final long codeId) {
        final long slot = slots.get(key);
        if (slot < 0) {
            return 0;
        }
        final int i = (int) slot;
        return codeIds[i] == codeId ? counts[i] : 0;
    }

    /** Remembers that {@code key} was answered with {@code count} for {@code codeId}. */
    public void remember(final long key, final long codeId, final int count) {
        if (key == 0) {
            return;
        }
        final long existing = slots.get(key);
        if (existing >= 0) {
            codeIds[(int) existing] = codeId;
            counts[(int) existing] = count;
            return;
        }
        if (size == capacity) {
            slots.remove(keys[next]);
        } else {
            size++;
        }
        keys[next] = key;
        codeIds[next] = codeId;
        counts[next] = count;
        slots.put(key, next);
        next = next + 1 == capacity ? 0 : next + 1;
    }

    public int size() {
        return size;
    }

    public int capacity() {
        return capacity;
    }

    /** Writes the window, oldest first, to {@code <dataDir>/requests.window} atomically. */
    public void save(final Path dataDir) {
        final Path file = dataDir.resolve(FILE_NAME);
        final Path tmp = dataDir.resolve(FILE_NAME + ".tmp");
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16))) {
            new Frozen(keys, codeIds, counts, next, size, capacity).writeTo(out); // the verifier does not run: no copy needed
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot save request window " + tmp, e);
        }
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot save request window " + file, e);
        }
    }

    /**
     * The window as it is now, copied (a few array copies on the verifier thread: a snapshot takes
     * it between two events and writes it out on its own thread).
     */
    public Frozen copy() {
        return copy(null);
    }

    /**
     * As {@link #copy()}, into {@code reuse}'s arrays when it is an earlier copy of a window as
     * large (nothing allocated: a snapshot's copy of a million-entry window is 20 MB the heap need
     * not find again each time), and only the entries in use.
     */
    public Frozen copy(final Frozen reuse) {
        final boolean fits = reuse != null && reuse.keys().length == capacity;
        final long[] k = fits ? reuse.keys() : new long[capacity];
        final long[] c = fits ? reuse.codeIds() : new long[capacity];
        final int[] n = fits ? reuse.counts() : new int[capacity];
        System.arraycopy(keys, 0, k, 0, size); // in use: [0, size), or all of it once full
        System.arraycopy(codeIds, 0, c, 0, size);
        System.arraycopy(counts, 0, n, 0, size);
        return new Frozen(k, c, n, next, size, capacity);
    }

    /**
     * An empty copy with arrays as large as this window's, for a later {@link #copy(Frozen)} to
     * reuse (any thread: it reads only the capacity), so that not even the first snapshot
     * allocates them on the verifier thread.
     */
    public Frozen blankCopy() {
        return new Frozen(new long[capacity], new long[capacity], new int[capacity], 0, 0, capacity);
    }

    /** A window's entries at one moment, writable oldest first in the saved file's format. */
    public record Frozen(long[] keys, long[] codeIds, int[] counts, int next, int size, int capacity) {
        /** Writes the entries, oldest first. */
        public void writeTo(final DataOutputStream out) throws IOException {
            out.writeInt(MAGIC);
            out.writeInt(size);
            final int start = size == capacity ? next : 0;
            for (int n = 0; n < size; n++) {
                final int i = (start + n) % capacity;
                out.writeLong(keys[i]);
                out.writeLong(codeIds[i]);
                out.writeInt(counts[i]);
            }
        }
    }

    /** Adds the entries of a saved window or a snapshot section (oldest first); false if it is not one. */
    public boolean readFrom(final DataInputStream in) throws IOException {
        if (in.readInt() != MAGIC) {
            return false;
        }
        final int n = in.readInt();
        for (int i = 0; i < n; i++) {
            remember(in.readLong(), in.readLong(), in.readInt());
        }
        return true;
    }

    /** Loads a saved window into this one (oldest first); false if there is no usable file. */
    public boolean load(final Path dataDir) {
        final Path file = dataDir.resolve(FILE_NAME);
        if (!Files.exists(file)) {
            return false;
        }
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            return readFrom(in);
        } catch (final IOException e) {
            return false;
        }
    }

    /** Deletes the saved file, so a later crash cannot load a stale window. */
    public static void discardSaved(final Path dataDir) {
        try {
            Files.deleteIfExists(dataDir.resolve(FILE_NAME));
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot remove " + dataDir.resolve(FILE_NAME), e);
        }
    }
}
