package io.scangate.verifier.link;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * Every anchor's links: the resolver's store. The verifier thread (the single writer) changes it
 * with {@link #apply}; readers on any thread (the event loops, without the ring) see an immutable
 * snapshot published through a volatile reference, so a read sees one whole state, before or
 * after a change.
 *
 * <p>Concurrency: {@link #apply} and {@link #replayed} only on the writer's thread;
 * {@link #find}, {@link #get} and {@link #all} on any.
 */
public final class LinkBook {
    /** Writer-owned; copied into a snapshot when published. */
    private final TreeMap<Anchor, LinkSet> sets = new TreeMap<>();
    private volatile NavigableMap<Anchor, LinkSet> snapshot = Collections.emptyNavigableMap();

    /** Replaces {@code set}'s anchor's links with it (removes them when it is empty) and publishes the result. */
    public void apply(final LinkSet set) {
        replayed(set);
        publish();
    }

    /** As {@link #apply} without publishing: for a replay of many records, which ends with {@link #publish}. */
    public void replayed(final LinkSet set) {
        if (set.isEmpty()) {
            sets.remove(set.anchor());
        } else {
            sets.put(set.anchor(), set);
        }
    }

    /**
     * Throws {@link LinkConflictException} if applying {@code set} would leave an anchor without a
     * default link to redirect a bare request to, itself or up at its GTIN (the GS1 resolver
     * standard's 5.16): links without a default at a lot or serial whose GTIN has no links, or
     * removing a GTIN's links while a lot or serial of it has links but no default of its own.
     * Nothing changes either way.
     */
    public void checkDefaults(final LinkSet set) {
        final Anchor a = set.anchor();
        final Anchor gtin = new Anchor(a.gtin(), null, null);
        if (a.level() != LinkLevel.GTIN) {
            if (!set.isEmpty() && set.defaultLink() == null && sets.get(gtin) == null) {
                throw new LinkConflictException(a + " would have links without a default and GTIN " + a.gtin()
                        + " has none to fall back on: set the GTIN's links (with a default) first, or mark one of these \"default\": true");
            }
            return;
        }
        if (!set.isEmpty()) {
            return; // a GTIN's own links carry their default (LinkSet.of)
        }
        final List<Anchor> relying = new ArrayList<>();
        for (final Map.Entry<Anchor, LinkSet> e : sets.tailMap(gtin, false).entrySet()) {
            if (!e.getKey().gtin().equals(a.gtin())) {
                break;
            }
            if (e.getValue().defaultLink() == null) {
                relying.add(e.getKey());
            }
        }
        if (!relying.isEmpty()) {
            throw new LinkConflictException("GTIN " + a.gtin() + "'s default link is the one " + relying.size()
                    + " anchor(s) without their own fall back on (" + String.join(", ", relying.stream().limit(3).map(Anchor::toString).toList())
                    + (relying.size() > 3 ? ", ..." : "") + "): give them a default or remove their links first");
        }
    }

    /**
     * Writer: replaces the links of {@code set}'s anchor with it (an empty set removes them),
     * journaled and forced first, then visible to every reader; returns {@code set}. Throws
     * {@link LinkConflictException} (nothing changed) when it would leave an anchor without a
     * default link to fall back on.
     */
    public LinkSet change(final LinkSet set, final io.scangate.verifier.journal.Journal journal) {
        checkDefaults(set);
        journal.appendJson(io.scangate.verifier.journal.JournalRecord.TYPE_LINKS, LinkRecords.json(set));
        journal.force();
        apply(set);
        return set;
    }

    /** Makes what was applied visible to readers. */
    public void publish() {
        snapshot = Collections.unmodifiableNavigableMap(new TreeMap<>(sets));
    }

    /** The links of exactly {@code anchor}, or null if it has none. */
    public LinkSet get(final Anchor anchor) {
        return snapshot.get(anchor);
    }

    /**
     * The links for a request naming {@code gtin14} (14 digits) and optionally a lot and a serial:
     * the serial's anchor if it has links, else the lot's, else the GTIN's; null if none has any.
     */
    public LinkMatch find(final String gtin14, final String lot, final String serial) {
        final NavigableMap<Anchor, LinkSet> s = snapshot;
        if (serial != null) {
            final LinkSet set = s.get(new Anchor(gtin14, null, serial));
            if (set != null) {
                return new LinkMatch(set, LinkLevel.SERIAL);
            }
        }
        if (lot != null) {
            final LinkSet set = s.get(new Anchor(gtin14, lot, null));
            if (set != null) {
                return new LinkMatch(set, LinkLevel.LOT);
            }
        }
        final LinkSet set = s.get(new Anchor(gtin14, null, null));
        return set == null ? null : new LinkMatch(set, LinkLevel.GTIN);
    }

    /** Every anchor's links, ordered by GTIN, then the GTIN's own, its lots, its serials. */
    public List<LinkSet> all() {
        return new ArrayList<>(snapshot.values());
    }

    /** Anchors that have links. */
    public int size() {
        return snapshot.size();
    }
}
