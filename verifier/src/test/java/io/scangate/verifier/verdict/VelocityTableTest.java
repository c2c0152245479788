package io.scangate.verifier.verdict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The fixed-size table behind the anti-farming rule. */
class VelocityTableTest {
    private static final long HOUR = FarmingRule.WINDOW_MILLIS;

    @Test
    void shouldKeepACountPerKeyWithinItsWindow() {
        final VelocityTable t = VelocityTable.counting(64);
        final int at = t.claim(42, HOUR);
        t.value(at, 7);
        assertEquals(at, t.claim(42, HOUR));
        assertEquals(7, t.value(t.find(42, HOUR)));
        assertEquals(-1, t.find(43, HOUR));
        assertEquals(42, t.key(at));
    }

    @Test
    void shouldStartAKeyAfreshInANewWindow() {
        final VelocityTable t = VelocityTable.counting(64);
        t.value(t.claim(42, HOUR), 7);
        assertEquals(-1, t.find(42, 2 * HOUR), "last hour's entry is stale");
        assertEquals(0, t.value(t.claim(42, 2 * HOUR)));
        assertEquals(-1, t.evictedWeight(), "a stale entry is no eviction");
    }

    @Test
    void shouldStayTheSameSizeWhateverIsInsertedAndEvictTheLightestFirst() {
        final VelocityTable t = VelocityTable.counting(64);
        assertEquals(64 * 24L, t.bytes());
        final int heavy = t.claim(1, HOUR);
        t.value(heavy, 1000);
        for (long k = 2; k < 100_000; k++) {
            t.value(t.claim(k, HOUR), 1);
        }
        assertEquals(64, t.slots());
        assertEquals(64 * 24L, t.bytes());
        assertTrue(t.evictions() > 99_000);
        assertEquals(1000, t.value(t.find(1, HOUR)), "a heavy entry survives a flood of light ones");
    }

    @Test
    void shouldWeighSketchesByTheirBits() {
        final VelocityTable t = VelocityTable.sketching(64);
        final int at = t.claim(5, HOUR);
        t.value(at, 0b1011);
        assertEquals(3, t.weight(at));
    }

    @Test
    void shouldKeepAnActorWhoseHashIsZero() {
        final VelocityTable t = VelocityTable.counting(64);
        t.value(t.claim(0, HOUR), 3);
        assertNotEquals(-1, t.find(0, HOUR));
        assertEquals(0, t.key(t.find(0, HOUR)));
    }

    @Test
    void shouldRefuseASizeThatIsNoPowerOfTwo() {
        assertThrows(IllegalArgumentException.class, () -> VelocityTable.counting(100));
        assertThrows(IllegalArgumentException.class, () -> VelocityTable.counting(32));
    }
}
