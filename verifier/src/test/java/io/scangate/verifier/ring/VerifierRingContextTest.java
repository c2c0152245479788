package io.scangate.verifier.ring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class VerifierRingContextTest {
    @Test
    void shouldTakeOnlyPowersOfTwoInRangeAsTheSize() {
        assertTrue(VerifierRing.Context.validSize(64));
        assertTrue(VerifierRing.Context.validSize(1 << 22));
        assertFalse(VerifierRing.Context.validSize(32));
        assertFalse(VerifierRing.Context.validSize(1000));
        assertFalse(VerifierRing.Context.validSize(1 << 23));
        final IllegalStateException e = assertThrows(IllegalStateException.class, () -> new VerifierRing.Context().size(1000).conclude());
        assertEquals("ring size must be a power of two between 64 and 4194304, was 1000", e.getMessage());
    }

    @Test
    void shouldNameEveryMissingPartAtOnce() {
        final IllegalStateException e = assertThrows(IllegalStateException.class, () -> new VerifierRing.Context().conclude());
        assertEquals("VerifierRing.Context needs verifier, router", e.getMessage());
    }

    @Test
    void shouldDefaultToTheServersRingSizeAndTheBlockingWait() {
        final VerifierRing.Context ctx = new VerifierRing.Context();
        assertEquals(65_536, ctx.size());
        assertEquals(VerifierRing.Wait.BLOCKING, ctx.waitStrategy());
    }

    @Test
    void shouldRefuseEventsMadeForAnotherSize() {
        final VerifierRing.Context ctx = new VerifierRing.Context().size(64).events(VerifierRing.allocateEvents(128));
        final IllegalStateException e = assertThrows(IllegalStateException.class, ctx::conclude);
        assertEquals("ring of 64 slots given 128 events", e.getMessage());
    }

    @Test
    void shouldMakeAsManyBlankDistinctEventsAsAsked() {
        final io.scangate.verifier.verdict.ScanEvent[] events = VerifierRing.allocateEvents(64);
        assertEquals(64, events.length);
        assertEquals(64, java.util.Arrays.stream(events).distinct().count());
        assertEquals(0, events[63].codeId);
    }
}
