package io.scangate.server.http;

import java.util.ArrayList;
import java.util.List;

import io.scangate.verifier.link.Link;
import io.scangate.verifier.link.LinkBook;
import io.scangate.verifier.link.LinkLevel;
import io.scangate.verifier.link.LinkMatch;
import io.scangate.verifier.link.LinkSet;

/**
 * The link sets a request walks up through, finest first: the serial's, the lot's, the GTIN's
 * (those that exist). A requested link type or the default link is taken from the finest level
 * that has one, so a lot's own recall notice does not hide the GTIN's product page (GS1-Conformant
 * Resolver Standard, walk-up from serial to lot to GTIN; a default link at the entry level or
 * higher). Concurrency: immutable.
 */
final class LinkChain {
    private final List<LinkSet> sets;

    private LinkChain(final List<LinkSet> sets) {
        this.sets = sets;
    }

    /** The chain of {@code gtin14} with its optional {@code lot} and {@code serial}, from {@code book}'s snapshot. */
    static LinkChain of(final LinkBook book, final String gtin14, final String lot, final String serial) {
        final List<LinkSet> sets = new ArrayList<>(3);
        LinkMatch m = book.find(gtin14, lot, serial);
        if (m != null && m.level() == LinkLevel.SERIAL) {
            sets.add(m.set());
            m = book.find(gtin14, lot, null);
        }
        if (m != null && m.level() == LinkLevel.LOT) {
            sets.add(m.set());
            m = book.find(gtin14, null, null);
        }
        if (m != null) {
            sets.add(m.set());
        }
        return new LinkChain(List.copyOf(sets));
    }

    boolean isEmpty() {
        return sets.isEmpty();
    }

    /** Every level's links, finest level first: the linkset's content. */
    List<Link> links() {
        final List<Link> all = new ArrayList<>();
        sets.forEach(s -> all.addAll(s.links()));
        return all;
    }

    /** The finest level's default link, or null when no level has one. */
    Link defaultLink() {
        for (final LinkSet s : sets) {
            final Link d = s.defaultLink();
            if (d != null) {
                return d;
            }
        }
        return null;
    }

    /** The link of {@code linkType} at the finest level that has that type, best fitting {@code acceptLanguage}; or null. */
    Link pick(final String linkType, final String acceptLanguage) {
        for (final LinkSet s : sets) {
            final Link l = Resolver.pick(s.links(), linkType, acceptLanguage);
            if (l != null) {
                return l;
            }
        }
        return null;
    }
}
