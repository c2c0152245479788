package io.scangate.verifier.batch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.scangate.verifier.code.CodeFormat;

/**
 * All batches, persisted to {@code <data dir>/batches.json} (rewritten atomically and fsynced on
 * every change, so a change is durable once the call returns). Serials are allocated per key id,
 * after the highest serial issued so far, so ranges never overlap. Serial 0 is never issued.
 *
 * <p>Concurrency: written only by the verifier thread; {@link #index()} publishes an immutable
 * snapshot through a volatile field that any thread may read.
 */
public final class BatchRegistry {
    public static final String FILE_NAME = "batches.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private volatile BatchIndex index;

    private BatchRegistry(final Path file, final BatchIndex index) {
        this.file = file;
        this.index = index;
    }

    /** Loads {@code <dataDir>/batches.json}, or starts empty. */
    public static BatchRegistry open(final Path dataDir) {
        final Path file = dataDir.resolve(FILE_NAME);
        if (!Files.exists(file)) {
            return new BatchRegistry(file, BatchIndex.EMPTY);
        }
        try {
            final List<Batch> batches = JSON.readValue(file.toFile(), new TypeReference<List<Batch>>() { });
            return new BatchRegistry(file, new BatchIndex(batches));
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot read batch file " + file, e);
        }
    }

    /** A registry that is never persisted (tests, benchmarks). */
    public static BatchRegistry inMemory() {
        return new BatchRegistry(null, BatchIndex.EMPTY);
    }

    /** The current snapshot; cheap, lock-free. */
    public BatchIndex index() {
        return index;
    }

    /** Creates a batch under {@code keyId} at the next free serial. */
    public Batch create(final BatchSpec spec, final int keyId, final long nowMillis) {
        final BatchIndex current = index;
        long nextSerial = 1;
        long nextId = 1;
        for (final Batch b : current.all()) {
            if (b.keyId() == keyId) {
                nextSerial = Math.max(nextSerial, b.firstSerial() + b.count());
            }
            nextId = Math.max(nextId, b.batchId() + 1);
        }
        if (nextSerial + spec.count() - 1 > CodeFormat.MAX_SERIAL) {
            throw new IllegalStateException("key id " + keyId + " has no room for " + spec.count() + " more serials; rotate the key");
        }
        final Batch batch = new Batch(nextId, keyId, nextSerial, spec.count(), spec.sku(), spec.gtin(),
                spec.plannedRegion(), spec.campaign(), spec.state(), nowMillis);
        final List<Batch> all = new ArrayList<>(current.all());
        all.add(batch);
        publish(all);
        return batch;
    }

    /** Changes a batch's state; {@code VOIDED} is final. Returns the updated batch. */
    public Batch changeState(final long batchId, final BatchState state) {
        final BatchIndex current = index;
        final Batch old = current.byId(batchId);
        if (old == null) {
            throw new java.util.NoSuchElementException("no batch " + batchId);
        }
        if (old.state() == state) {
            return old;
        }
        if (old.state() == BatchState.VOIDED) {
            throw new IllegalStateException("batch " + batchId + " is voided; voiding is final");
        }
        final Batch updated = old.withState(state);
        final List<Batch> all = new ArrayList<>(current.all().size());
        for (final Batch b : current.all()) {
            all.add(b.batchId() == batchId ? updated : b);
        }
        publish(all);
        return updated;
    }

    private void publish(final List<Batch> all) {
        if (file != null) {
            write(all);
        }
        index = new BatchIndex(all);
    }

    private void write(final List<Batch> all) {
        final Path tmp = file.resolveSibling(FILE_NAME + ".tmp");
        try {
            Files.write(tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(all));
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (final AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            try (FileChannel dir = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
                dir.force(true);
            } catch (final IOException ignored) {
                // some file systems cannot fsync a directory; the rename is still atomic
            }
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot write batch file " + file, e);
        }
    }
}
