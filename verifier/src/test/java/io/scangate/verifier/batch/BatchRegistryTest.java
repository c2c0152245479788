package io.scangate.verifier.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.NoSuchElementException;

import org.junit.jupiter.api.Test;

import io.scangate.verifier.code.CodeFormat;

/** Which refusals of the registry are conflicts with its state, and which are broken invariants. */
class BatchRegistryTest {
    private final BatchRegistry registry = BatchRegistry.inMemory();

    private static Batch batch(final long id, final int keyId, final long firstSerial, final long count, final BatchState state) {
        return new Batch(id, keyId, firstSerial, count, "S", "06901234567892", "CN", null, state, 0);
    }

    private static BatchSpec spec(final long count) {
        return BatchSpec.of("S", "6901234567892", "CN", count, null, null);
    }

    @Test
    void shouldRefuseMoreSerialsThanTheKeyHasLeftAsAConflict() {
        registry.apply(batch(1, 1, CodeFormat.MAX_SERIAL - 9, 10, BatchState.ACTIVE));
        final BatchConflictException e = assertThrows(BatchConflictException.class, () -> registry.plan(spec(1), 1, 0));
        assertEquals("key id 1 has no room for 1 more serials; rotate the key", e.getMessage());
        assertEquals(1, registry.plan(spec(1), 2, 0).firstSerial(), "another key has room");
    }

    @Test
    void shouldRefuseToLeaveVoidedAsAConflictButVoidAgainQuietly() {
        registry.apply(batch(1, 1, 1, 10, BatchState.VOIDED));
        for (final BatchState to : new BatchState[] {BatchState.ACTIVE, BatchState.INACTIVE}) {
            final BatchConflictException e = assertThrows(BatchConflictException.class, () -> registry.planState(1, to));
            assertEquals("batch 1 is voided; voiding is final", e.getMessage());
        }
        assertEquals(BatchState.VOIDED, registry.planState(1, BatchState.VOIDED).state());
    }

    @Test
    void shouldReportAMissingBatchAsNoSuchElement() {
        assertThrows(NoSuchElementException.class, () -> registry.planState(7, BatchState.ACTIVE));
    }

    @Test
    void shouldReportOverlappingRangesAsABrokenInvariantNotAConflict() {
        registry.apply(batch(1, 1, 1, 10, BatchState.ACTIVE));
        final IllegalStateException e = assertThrows(IllegalStateException.class, () -> registry.apply(batch(2, 1, 5, 10, BatchState.ACTIVE)));
        assertFalse(e instanceof BatchConflictException, e.toString());
    }
}
