package io.scangate.server.http;

import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.scangate.verifier.link.Link;

/**
 * The RFC 9264 linkset ({@code application/linkset+json}) of one request, in the shape GS1's
 * resolver linkset schema requires: one context object with the request's {@code anchor}, an
 * {@code itemDescription}, and per link relation type (a GS1 vocabulary IRI such as
 * {@code https://gs1.org/voc/pip}) an array of target objects with {@code href}, {@code title} and
 * optional {@code hreflang} and {@code type}; the default link again under
 * {@code https://gs1.org/voc/defaultLink}.
 */
final class LinksetJson {
    static final String GS1_VOC = "https://gs1.org/voc/";
    private static final ObjectMapper JSON = new ObjectMapper();

    private LinksetJson() {
    }

    /** The linkset of {@code anchor} (the request's uncompressed URI without query) over {@code chain}. */
    static byte[] of(final String anchor, final LinkChain chain) {
        final Link d = chain.defaultLink();
        final ObjectNode set = JSON.createObjectNode().put("anchor", anchor).put("itemDescription", describe(chain, d));
        for (final Link l : chain.links()) {
            final String rel = relation(l.linkType());
            final ArrayNode targets = set.has(rel) ? (ArrayNode) set.get(rel) : set.putArray(rel);
            final ObjectNode t = targets.addObject().put("href", l.href()).put("title", l.title());
            if (!l.hreflang().isEmpty()) {
                final ArrayNode langs = t.putArray("hreflang");
                l.hreflang().forEach(langs::add);
            }
            if (l.type() != null) {
                t.put("type", l.type());
            }
        }
        if (d != null) {
            set.putArray(GS1_VOC + "defaultLink").addObject().put("href", d.href()).put("title", d.title());
        }
        final ObjectNode root = JSON.createObjectNode();
        root.putArray("linkset").add(set);
        return root.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** A link type as its relation IRI: {@code gs1:pip} becomes {@code https://gs1.org/voc/pip}; an IRI stays. */
    static String relation(final String linkType) {
        return linkType.startsWith("gs1:") ? GS1_VOC + linkType.substring(4) : linkType;
    }

    /**
     * A requested {@code linkType} as the links store it: the GS1 vocabulary's IRI forms
     * ({@code https://gs1.org/voc/pip}, {@code https://ref.gs1.org/voc/pip}, also over http) become
     * {@code gs1:pip}; anything else stays.
     */
    static String curie(final String linkType) {
        for (final String ns : new String[] {"https://gs1.org/voc/", "http://gs1.org/voc/", "https://ref.gs1.org/voc/", "http://ref.gs1.org/voc/"}) {
            if (linkType.startsWith(ns) && linkType.length() > ns.length()) {
                return "gs1:" + linkType.substring(ns.length());
            }
        }
        return linkType;
    }

    /** The item's description: the title of the default link, else of the first link (the schema requires one). */
    private static String describe(final LinkChain chain, final Link d) {
        return d != null ? d.title() : chain.links().get(0).title();
    }
}
