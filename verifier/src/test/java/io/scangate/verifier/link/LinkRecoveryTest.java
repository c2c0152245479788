package io.scangate.verifier.link;

import static io.scangate.verifier.link.LinkSetTest.GTIN13;
import static io.scangate.verifier.link.LinkSetTest.GTIN14;
import static io.scangate.verifier.link.LinkSetTest.link;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.scangate.verifier.code.KeyRing;
import io.scangate.verifier.journal.Recovery;
import io.scangate.verifier.verdict.Verifier;
import io.scangate.verifier.verdict.VerifierContext;

/** Links set and removed through the verifier come back from the real journal after a crash and after a clean stop. */
class LinkRecoveryTest {
    private static final int SEGMENT = 1 << 20;

    @TempDir
    Path dir;

    private static Verifier verifier(final Recovery.State s) {
        return new Verifier(new VerifierContext().ledger(s.ledger()).journal(s.journal()).batches(s.batches()).keys(KeyRing.of(1, 1, 2))
                .requestWindow(s.requests()).campaigns(s.campaigns()).channel(s.channel()).links(s.links()));
    }

    private final LinkSet product = LinkSet.of(Anchor.gtin(GTIN13), List.of(link("gs1:pip", "https://b.example/p", true, "zh-CN", "en")));
    private final LinkSet lot = LinkSet.of(Anchor.of(GTIN13, "L7", null), List.of(link("gs1:recallStatus", "https://b.example/l7", true)));
    private final LinkSet serial = LinkSet.of(Anchor.of(GTIN13, null, "S9"), List.of(link("gs1:traceability", "https://b.example/s9", false)));

    /** Sets the three anchors, replaces the product's, removes the serial's; returns the product's final links. */
    private LinkSet change(final Verifier v) {
        v.setLinks(product);
        v.setLinks(lot);
        v.setLinks(serial);
        final LinkSet replaced = LinkSet.of(Anchor.gtin("0" + GTIN13), List.of(link("gs1:recipeInfo", "https://b.example/r", true)));
        v.setLinks(replaced);
        assertTrue(v.deleteLinks(serial.anchor()));
        assertFalse(v.deleteLinks(serial.anchor()), "nothing left to remove");
        return replaced;
    }

    private static void assertBack(final LinkBook links, final LinkSet replaced, final LinkSet lot) {
        assertEquals(List.of(replaced, lot), links.all());
        assertEquals(new LinkMatch(lot, LinkLevel.LOT), links.find(GTIN14, "L7", "S9"), "the removed serial walks up to its lot");
        assertEquals(new LinkMatch(replaced, LinkLevel.GTIN), links.find(GTIN14, null, null));
    }

    @Test
    void shouldBringTheLinksBackAfterACrash() {
        final Recovery.State first = Recovery.open(dir, 10_000, SEGMENT);
        final LinkSet replaced = change(verifier(first));
        first.ledger().close();
        first.journal().close(); // kill -9: no clean checkpoint
        final Recovery.State second = Recovery.open(dir, 10_000, SEGMENT);
        try {
            assertEquals(Recovery.Mode.REBUILT, second.report().mode());
            assertBack(second.links(), replaced, lot);
        } finally {
            second.ledger().close();
            second.journal().close();
        }
    }

    @Test
    void shouldBringTheLinksBackAfterACleanStopAndKeepChangingThem() {
        final Recovery.State first = Recovery.open(dir, 10_000, SEGMENT);
        final LinkSet replaced = change(verifier(first));
        first.closeCleanly(dir);
        final Recovery.State second = Recovery.open(dir, 10_000, SEGMENT);
        assertEquals(Recovery.Mode.OPENED, second.report().mode());
        assertBack(second.links(), replaced, lot);
        assertTrue(verifier(second).deleteLinks(lot.anchor()));
        second.closeCleanly(dir);
        final Recovery.State third = Recovery.open(dir, 10_000, SEGMENT);
        try {
            assertNull(third.links().find(GTIN14, "L7", null).set().anchor().lot());
            assertEquals(List.of(replaced), third.links().all());
        } finally {
            third.ledger().close();
            third.journal().close();
        }
    }
}
