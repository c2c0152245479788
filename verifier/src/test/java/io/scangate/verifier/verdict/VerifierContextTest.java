package io.scangate.verifier.verdict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

import io.scangate.verifier.batch.BatchRegistry;
import io.scangate.verifier.code.KeyRing;
import io.scangate.verifier.journal.Journal;
import io.scangate.verifier.ledger.ChronicleLedger;

class VerifierContextTest {
    @Test
    void shouldNameEveryMissingPartAtOnce() {
        final IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new VerifierContext().journal(Journal.DISCARD).clock(null).conclude());
        assertEquals("VerifierContext needs ledger, batches, keys, clock", e.getMessage());
    }

    @Test
    void shouldFillInTheDefaultsOfWhatWasNotSet() {
        try (ChronicleLedger ledger = ChronicleLedger.inMemory(1_000)) {
            final VerifierContext ctx = new VerifierContext().ledger(ledger).journal(Journal.DISCARD).batches(BatchRegistry.inMemory())
                    .keys(KeyRing.of(1, 1, 2)).conclude();
            assertNotNull(ctx.requestWindow());
            assertNotNull(ctx.campaigns());
            assertNotNull(ctx.clock());
            assertSame(VerdictRules.DEFAULT, ctx.rules());
        }
    }

    @Test
    void shouldServeOneVerifierOnly() {
        try (ChronicleLedger ledger = ChronicleLedger.inMemory(1_000)) {
            final VerifierContext ctx = new VerifierContext().ledger(ledger).journal(Journal.DISCARD).batches(BatchRegistry.inMemory())
                    .keys(KeyRing.of(1, 1, 2));
            new Verifier(ctx);
            assertThrows(IllegalStateException.class, () -> new Verifier(ctx), "a second verifier would share the first one's window");
        }
    }
}
