package io.scangate.verifier.batch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.scangate.verifier.code.CodeFormat;
import io.scangate.verifier.fs.AtomicFile;

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
            final List<Form> forms = JSON.readValue(file.toFile(), new TypeReference<List<Form>>() { });
            final List<Batch> batches = new ArrayList<>(forms.size());
            for (final Form f : forms) {
                batches.add(f.batch());
            }
            return new BatchRegistry(file, new BatchIndex(batches));
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot read batch file " + file, e);
        }
    }

    /** An empty registry that will persist to {@code <dataDir>/batches.json} (replacing what is there). */
    public static BatchRegistry empty(final Path dataDir) {
        return new BatchRegistry(dataDir.resolve(FILE_NAME), BatchIndex.EMPTY);
    }

    /** A registry that is never persisted (tests, benchmarks). */
    public static BatchRegistry inMemory() {
        return new BatchRegistry(null, BatchIndex.EMPTY);
    }

    /** The current snapshot; cheap, lock-free. */
    public BatchIndex index() {
        return index;
    }

    /** Creates a batch under {@code keyId} at the next free serial (plan + apply). */
    public Batch create(final BatchSpec spec, final int keyId, final long nowMillis) {
        return apply(plan(spec, keyId, nowMillis));
    }

    /**
     * The batch {@link #create} would make, without making it (so it can be journaled first);
     * {@link BatchConflictException} if the key has too few serials left.
     */
    public Batch plan(final BatchSpec spec, final int keyId, final long nowMillis) {
        final BatchIndex current = index;
        long nextSerial = 1;
        long nextId = 1;
        for (final Batch b : current.all()) {
            if (b.keyId() == keyId) {
                nextSerial = Math.max(nextSerial, b.firstSerial() + b.serials());
            }
            nextId = Math.max(nextId, b.batchId() + 1);
        }
        final Batch batch = new Batch(nextId, keyId, nextSerial, spec.count(), spec.unitsPerCase(), spec.sku(), spec.gtin(),
                spec.plannedRegion(), spec.campaign(), spec.state(), nowMillis);
        if (nextSerial + batch.serials() - 1 > CodeFormat.MAX_SERIAL) {
            throw new BatchConflictException("key id " + keyId + " has no room for " + batch.serials() + " more serials; rotate the key");
        }
        return batch;
    }

    /**
     * Adds {@code batch}, or replaces the batch with its id: idempotent, so journal replay can
     * apply a batch record any number of times. Returns the batch.
     */
    public Batch apply(final Batch batch) {
        final BatchIndex current = index;
        final Batch old = current.byId(batch.batchId());
        if (batch.equals(old)) {
            return batch;
        }
        final List<Batch> all = new ArrayList<>(current.all().size() + 1);
        for (final Batch b : current.all()) {
            if (b.batchId() != batch.batchId()) {
                if (b.keyId() == batch.keyId() && b.firstSerial() < batch.firstSerial() + batch.serials()
                        && batch.firstSerial() < b.firstSerial() + b.serials()) {
                    throw new IllegalStateException("batch " + batch.batchId() + " overlaps batch " + b.batchId());
                }
                all.add(b);
            }
        }
        all.add(batch);
        publish(all);
        return batch;
    }

    /** The JSON form journaled for a batch. */
    public static byte[] toJson(final Batch batch) {
        try {
            return JSON.writeValueAsBytes(Form.of(batch));
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Batch fromJson(final byte[] json) {
        try {
            return JSON.readValue(json, Form.class).batch();
        } catch (final IOException e) {
            throw new UncheckedIOException("malformed batch record", e);
        }
    }

    /**
     * The batch after a state change, without applying it; {@link BatchConflictException} to leave
     * {@code VOIDED} (final), {@link java.util.NoSuchElementException} for no such batch.
     */
    public Batch planState(final long batchId, final BatchState state) {
        final BatchIndex current = index;
        final Batch old = current.byId(batchId);
        if (old == null) {
            throw new java.util.NoSuchElementException("no batch " + batchId);
        }
        if (old.state() == state) {
            return old;
        }
        if (old.state() == BatchState.VOIDED) {
            throw new BatchConflictException("batch " + batchId + " is voided; voiding is final");
        }
        return old.withState(state);
    }

    /**
     * The batch with {@code meta} (null removes it), without applying it;
     * {@link java.util.NoSuchElementException} for no such batch.
     */
    public Batch planMeta(final long batchId, final BatchMeta meta) {
        final Batch old = index.byId(batchId);
        if (old == null) {
            throw new java.util.NoSuchElementException("no batch " + batchId);
        }
        return old.withMeta(meta);
    }

    /** The JSON of a {@code TYPE_BATCH_META} record: {@code {"batchId":N,"meta":{...}}}. */
    public static byte[] metaToJson(final long batchId, final BatchMeta meta) {
        try {
            return JSON.writeValueAsBytes(new MetaForm(batchId, meta));
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Applies a {@code TYPE_BATCH_META} record (replay); idempotent. A record for a batch not known fails the replay. */
    public Batch applyMeta(final byte[] json) {
        final MetaForm f;
        try {
            f = JSON.readValue(json, MetaForm.class);
        } catch (final IOException e) {
            throw new UncheckedIOException("malformed batch meta record", e);
        }
        try {
            return apply(planMeta(f.batchId(), f.meta()));
        } catch (final java.util.NoSuchElementException e) {
            throw new IllegalStateException("batch meta record for batch " + f.batchId() + ", which no batch record made", e);
        }
    }

    /** A {@code TYPE_BATCH_META} record's JSON. */
    record MetaForm(long batchId, BatchMeta meta) {
    }

    /** Replaces every batch by {@code all} at once (a snapshot's), written once. */
    public void restore(final List<Batch> all) {
        publish(new ArrayList<>(all));
    }

    /** Forgets every batch (a rebuild from the whole journal starts here). */
    public void clear() {
        publish(List.of());
    }

    private void publish(final List<Batch> all) {
        if (file != null) {
            write(all);
        }
        index = new BatchIndex(all);
    }

    private void write(final List<Batch> all) {
        final List<Form> forms = new ArrayList<>(all.size());
        for (final Batch b : all) {
            forms.add(Form.of(b));
        }
        try {
            AtomicFile.write(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(forms));
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot write batch file " + file, e);
        }
    }

    /**
     * A batch as {@code batches.json} and the journal hold it: these fields, in this order (the
     * form {@link Batch} had when it was a record, so files and journals of earlier versions read),
     * then {@code unitsPerCase} only when the batch has cases (absent reads as 0, no cases), then
     * {@code meta} only when the batch has metadata.
     */
    record Form(long batchId, int keyId, long firstSerial, long count, String sku, String gtin, String plannedRegion,
                String campaign, BatchState state, long createdAtMillis,
                @JsonInclude(JsonInclude.Include.NON_DEFAULT) int unitsPerCase,
                @JsonInclude(JsonInclude.Include.NON_NULL) BatchMeta meta) {
        static Form of(final Batch b) {
            return new Form(b.batchId(), b.keyId(), b.firstSerial(), b.count(), b.sku(), b.gtin(), b.plannedRegion(), b.campaign(),
                    b.state(), b.createdAtMillis(), b.unitsPerCase(), b.meta());
        }

        Batch batch() {
            return new Batch(batchId, keyId, firstSerial, count, unitsPerCase, sku, gtin, plannedRegion, campaign, state, createdAtMillis,
                    meta);
        }
    }
}
