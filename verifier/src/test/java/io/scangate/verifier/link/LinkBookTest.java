package io.scangate.verifier.link;

import static io.scangate.verifier.link.LinkSetTest.GTIN13;
import static io.scangate.verifier.link.LinkSetTest.GTIN14;
import static io.scangate.verifier.link.LinkSetTest.link;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The store's walk-up from serial to lot to GTIN, replacement, removal and snapshots. */
class LinkBookTest {
    private final LinkBook book = new LinkBook();
    private final LinkSet product = LinkSet.of(Anchor.gtin(GTIN13), List.of(link("gs1:pip", "https://b.example/p", true)));
    private final LinkSet lot = LinkSet.of(Anchor.of(GTIN13, "L7", null), List.of(link("gs1:recallStatus", "https://b.example/l7", true)));
    private final LinkSet serial = LinkSet.of(Anchor.of(GTIN13, null, "S9"), List.of(link("gs1:traceability", "https://b.example/s9", false)));

    @Test
    void shouldWalkUpFromSerialToLotToGtin() {
        book.apply(product);
        book.apply(lot);
        book.apply(serial);
        assertEquals(new LinkMatch(serial, LinkLevel.SERIAL), book.find(GTIN14, "L7", "S9"));
        assertEquals(new LinkMatch(lot, LinkLevel.LOT), book.find(GTIN14, "L7", "S1"));
        assertEquals(new LinkMatch(product, LinkLevel.GTIN), book.find(GTIN14, "L8", "S1"));
        assertEquals(new LinkMatch(product, LinkLevel.GTIN), book.find(GTIN14, null, null));
        assertEquals(new LinkMatch(serial, LinkLevel.SERIAL), book.find(GTIN14, null, "S9"));
        assertNull(book.find("00000096385074", "L7", "S9"));
    }

    @Test
    void shouldFindNothingWhenOnlyAnotherLevelHasLinks() {
        book.apply(serial);
        assertNull(book.find(GTIN14, "L7", null));
        assertNull(book.find(GTIN14, null, "S8"));
    }

    @Test
    void shouldReplaceAnAnchorsLinksAndRemoveThemWhenEmpty() {
        book.apply(product);
        final LinkSet other = LinkSet.of(Anchor.gtin(GTIN14), List.of(link("gs1:recipeInfo", "https://b.example/r", true)));
        book.apply(other);
        assertSame(other, book.get(Anchor.gtin(GTIN13)));
        assertEquals(1, book.size());
        book.apply(LinkSet.empty(Anchor.gtin(GTIN13)));
        assertNull(book.find(GTIN14, null, null));
        assertEquals(0, book.size());
    }

    @Test
    void shouldListEveryAnchorInGtinOrderWithTheGtinFirst() {
        final LinkSet small = LinkSet.of(Anchor.gtin("96385074"), List.of(link("gs1:pip", "https://b.example/s", true)));
        book.apply(serial);
        book.apply(lot);
        book.apply(product);
        book.apply(small);
        assertEquals(List.of(small, product, lot, serial), book.all());
    }

    @Test
    void shouldShowReadersNothingReplayedUntilPublished() {
        book.replayed(product);
        assertNull(book.find(GTIN14, null, null));
        final List<LinkSet> before = book.all();
        book.publish();
        assertEquals(List.of(), before);
        assertEquals(List.of(product), book.all());
    }

    @Test
    void shouldRefuseLinksWithoutADefaultBelowAGtinWithoutLinks() {
        final LinkConflictException e = assertThrows(LinkConflictException.class, () -> book.checkDefaults(serial));
        assertTrue(e.getMessage().contains(GTIN14 + "/serial/S9"), e.getMessage());
        book.checkDefaults(lot); // a lot with its own default needs nothing above it
        book.apply(product);
        book.checkDefaults(serial); // now it falls back on the GTIN's default
    }

    @Test
    void shouldRefuseRemovingAGtinsLinksWhileALotOrSerialFallsBackOnItsDefault() {
        book.apply(product);
        book.apply(lot);
        book.apply(serial);
        book.apply(LinkSet.of(Anchor.gtin("96385074"), List.of(link("gs1:pip", "https://b.example/s", true))));
        final LinkConflictException e = assertThrows(LinkConflictException.class, () -> book.checkDefaults(LinkSet.empty(Anchor.gtin(GTIN13))));
        assertTrue(e.getMessage().contains("1 anchor(s)") && e.getMessage().contains("/serial/S9"), e.getMessage());
        book.checkDefaults(LinkSet.empty(Anchor.gtin("96385074"))); // nothing below it
        book.apply(LinkSet.empty(serial.anchor()));
        book.checkDefaults(LinkSet.empty(Anchor.gtin(GTIN13))); // the lot has its own default
    }
}
