package io.scangate.verifier.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/** What recovery opens is checked, all at once, before anything is opened. */
class RecoveryContextTest {
    @Test
    void shouldNameEveryBadSettingAtOnce() {
        final IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new RecoveryContext().ledgerEntries(5).segmentBytes(100).requestWindow(0).conclude());
        assertTrue(e.getMessage().contains("data dir is missing"), e.getMessage());
        assertTrue(e.getMessage().contains("ledger entries must be 1000.."), e.getMessage());
        assertTrue(e.getMessage().contains("journal segment bytes must be 65536.."), e.getMessage());
        assertTrue(e.getMessage().contains("request window must be 1.."), e.getMessage());
    }

    @Test
    void shouldKeepItsDefaultsAndServeOneRecoveryOnly() {
        final RecoveryContext ctx = new RecoveryContext().dataDir(Path.of("x")).conclude();
        assertEquals(RecoveryContext.LEDGER_ENTRIES_DEFAULT, ctx.ledgerEntries());
        assertEquals(RecoveryContext.SEGMENT_BYTES_DEFAULT, ctx.segmentBytes());
        assertEquals(RecoveryContext.REQUEST_WINDOW_DEFAULT, ctx.requestWindow());
        assertThrows(IllegalStateException.class, ctx::conclude);
    }
}
