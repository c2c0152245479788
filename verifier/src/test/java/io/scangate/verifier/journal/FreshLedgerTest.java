package io.scangate.verifier.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.scangate.verifier.ledger.ChronicleLedger;
import io.scangate.verifier.ledger.CodeState;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FreshLedgerTest {
    @TempDir
    Path dir;

    @Test
    void theTakenLedgerIsEmptyUsableAndReplacesTheOldFile() throws Exception {
        final Path file = dir.resolve("ledger.cm3");
        Files.write(file, new byte[] {1, 2, 3}); // an unusable leftover: set aside, never opened
        final FreshLedger fresh = FreshLedger.begin(file, 1_000);
        try (ChronicleLedger ledger = fresh.take()) {
            assertEquals(0, ledger.size());
            final CodeState s = new CodeState();
            s.scanCount = 3;
            ledger.put(42, s);
            final CodeState read = new CodeState();
            assertTrue(ledger.read(42, read));
            assertEquals(3, read.scanCount);
            assertNull(fresh.discard(), "a taken ledger is the caller's to close");
        }
        assertTrue(Files.size(file) > 3, "a new map file in the old one's place");
    }

    @Test
    void anUntakenLedgerIsClosedByDiscard() {
        final FreshLedger fresh = FreshLedger.begin(dir.resolve("ledger.cm3"), 1_000);
        final ChronicleLedger closed = fresh.discard();
        assertNotNull(closed);
        assertThrows(RuntimeException.class, closed::size, "closed");
        assertNull(fresh.discard(), "once");
    }

    @Test
    void aFailedCreationIsThrownByTakeAndNothingIsLeftToDiscard() {
        final FreshLedger fresh = FreshLedger.begin(dir.resolve("no-such-dir").resolve("ledger.cm3"), 1_000);
        assertThrows(RuntimeException.class, fresh::take);
        assertNull(FreshLedger.begin(dir.resolve("no-such-dir").resolve("ledger.cm3"), 1_000).discard());
    }
}
