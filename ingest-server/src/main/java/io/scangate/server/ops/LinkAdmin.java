package io.scangate.server.ops;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.scangate.verifier.link.Anchor;
import io.scangate.verifier.link.Link;
import io.scangate.verifier.link.LinkParser;
import io.scangate.verifier.link.LinkSet;

/**
 * The Digital Link resolver's links in the admin API (docs/RESOLVER.md): {@code GET /admin/links}
 * and, per anchor {@code /admin/links/{gtin}}, {@code .../lot/{lot}} or {@code .../serial/{serial}},
 * {@code PUT} (replace the anchor's links), {@code GET} and {@code DELETE}. A GTIN of 8, 12, 13 or
 * 14 digits is taken; answers name it with 14. Changes go through the ring (durable when
 * answered); reads too, so they follow every change answered before.
 *
 * <p>Concurrency: stateless, shared by every ops connection; handlers run on their event loops.
 */
final class LinkAdmin {
    /** {@code GET /admin/links}: every anchor with links, by GTIN, the GTIN's own first, then its lots, then its serials. */
    void list(final AdminExchange x) {
        x.viaRing(HttpResponseStatus.OK, v -> v.links().all(), sets -> {
            final List<Object> list = new ArrayList<>(sets.size());
            for (final LinkSet s : sets) {
                list.add(setJson(s));
            }
            return Map.of("anchors", list);
        });
    }

    /** {@code PUT} an anchor: {@code {"links": [...]}} replaces its links (an empty list removes them); 400 naming every bad field. */
    void put(final AdminExchange x) {
        final LinkSet set = LinkParser.parse(x.segment("gtin"), optional(x, "lot"), optional(x, "serial"), x.bodyBytes());
        x.viaRing(HttpResponseStatus.OK, v -> setJson(v.setLinks(set)));
    }

    /** {@code GET} an anchor: exactly its links (no walk-up); 404 if it has none. */
    void show(final AdminExchange x) {
        final Anchor anchor = anchor(x);
        x.viaRing(HttpResponseStatus.OK, v -> {
            final LinkSet set = v.links().get(anchor);
            if (set == null) {
                throw AdminException.notFound("no links for " + anchor);
            }
            return setJson(set);
        });
    }

    /** {@code DELETE} an anchor: removes its links; 404 if it had none. */
    void delete(final AdminExchange x) {
        final Anchor anchor = anchor(x);
        x.viaRing(HttpResponseStatus.OK, v -> {
            if (!v.deleteLinks(anchor)) {
                throw AdminException.notFound("no links for " + anchor);
            }
            return setJson(LinkSet.empty(anchor));
        });
    }

    private static Anchor anchor(final AdminExchange x) {
        return Anchor.of(x.segment("gtin"), optional(x, "lot"), optional(x, "serial")); // bad parts: LinkRejectedException, 400
    }

    private static String optional(final AdminExchange x, final String name) {
        return x.hasCapture(name) ? x.segment(name) : null;
    }

    /** An anchor's links as the admin API shows them, and as {@code links set} takes them (the extra anchor fields aside). */
    static Map<String, Object> setJson(final LinkSet s) {
        final Map<String, Object> m = new LinkedHashMap<>();
        m.put("gtin", s.anchor().gtin());
        if (s.anchor().lot() != null) {
            m.put("lot", s.anchor().lot());
        }
        if (s.anchor().serial() != null) {
            m.put("serial", s.anchor().serial());
        }
        m.put("level", s.anchor().level().name());
        final List<Object> links = new ArrayList<>(s.links().size());
        for (final Link l : s.links()) {
            links.add(linkJson(l));
        }
        m.put("links", links);
        return m;
    }

    private static Map<String, Object> linkJson(final Link l) {
        final Map<String, Object> m = new LinkedHashMap<>();
        m.put("linkType", l.linkType());
        m.put("href", l.href());
        m.put("title", l.title());
        if (!l.hreflang().isEmpty()) {
            m.put("hreflang", l.hreflang());
        }
        if (l.type() != null) {
            m.put("type", l.type());
        }
        m.put("default", l.isDefault());
        return m;
    }
}
