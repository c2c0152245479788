package io.scangate.server.http;

import java.nio.charset.StandardCharsets;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import io.scangate.server.resolver.DigitalLinkException;
import io.scangate.server.resolver.DigitalLinkUri;
import io.scangate.server.resolver.QueryParam;
import io.scangate.verifier.link.Link;
import io.scangate.verifier.link.LinkBook;

/**
 * The GS1 Digital Link resolver side of {@code GET}/{@code HEAD} on {@code /01/...} paths (and
 * compressed Digital Link paths): validates the URI (400 with the rule broken), answers the
 * linkset ({@code linkType=linkset} or {@code all}, or {@code Accept: application/linkset+json}: the
 * links of the serial, lot and GTIN together, {@link LinksetJson}), redirects (307) to the link of a
 * requested {@code linkType} (a {@code gs1:} term or its vocabulary IRI) or, for an unserialised
 * URI, to the default link, each taken from the finest level that has one ({@link LinkChain}), with
 * the query string passed on and a {@code Link} header to the linkset; 404 when there is no such link. What it leaves ({@code null}) is the verification view of a serialised
 * URI: a scan, counted through the ring. Nothing it answers is counted.
 *
 * <p>Reads the {@link LinkBook}'s published snapshot (no ring). Concurrency: stateless but for the
 * status of the last answer; one per connection.
 */
final class Resolver {
    static final AsciiString LINKSET = AsciiString.cached("application/linkset+json");
    /** Where the resolver description file is served (GS1 Conformant Resolver Standard). */
    static final String DESCRIPTION_PATH = "/.well-known/gs1resolver";
    /** GS1's JSON-LD context for linksets, announced on every linkset answer. */
    static final String CONTEXT = "https://ref.gs1.org/standards/resolver/linkset-context";
    /** The {@code Link} header line naming {@link #CONTEXT}. */
    static final String CONTEXT_LINK = "Link: <" + CONTEXT + ">; "
            + "rel=\"http://www.w3.org/ns/json-ld#context\"; type=\"application/ld+json\"\r\n";
    private static final String GS1_VOC = LinksetJson.GS1_VOC;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final LinkBook links;
    private final boolean https;
    private int status;

    Resolver(final LinkBook links, final boolean https) {
        this.links = links;
        this.https = https;
    }

    /**
     * Whether {@code path} is the resolver's: a {@code /01/} path, or a single segment that
     * decompresses to a Digital Link URI (any other single segment stays a 404).
     */
    static boolean owns(final String path) {
        if (path.startsWith("/01/")) {
            return true;
        }
        if (path.length() < 8 || path.indexOf('/', 1) >= 0
                || !path.chars().skip(1).allMatch(c -> c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_')) {
            return false;
        }
        try {
            return DigitalLinkUri.parse(path, null).compressed();
        } catch (final DigitalLinkException e) {
            return false;
        }
    }

    /** The status of the last answer. */
    int status() {
        return status;
    }

    /**
     * The answer to {@code GET}/{@code HEAD} {@code uri}, or null when it is the verification view
     * of a serialised URI (the caller scans it).
     */
    ByteBuf answer(final ByteBufAllocator alloc, final ByteBuf scratch, final String uri, final HttpHeaders headers, final boolean head,
                   final boolean keepAlive) {
        final int q = uri.indexOf('?');
        final String rawQuery = q < 0 ? null : uri.substring(q + 1);
        final DigitalLinkUri dl;
        try {
            dl = DigitalLinkUri.parse(q < 0 ? uri : uri.substring(0, q), rawQuery);
        } catch (final DigitalLinkException e) {
            return problem(alloc, scratch, 400, "malformed GS1 Digital Link URI: " + e.getMessage(), keepAlive, head, null);
        }
        final String requested = param(dl, "linkType");
        final String linkType = requested == null ? null : LinksetJson.curie(requested);
        final String accept = headers.get(HttpHeaderNames.ACCEPT);
        final String sameAs = dl.compressed() ? "Link: <" + root(headers) + dl.canonicalPathAndQuery() + ">; rel=\"owl:sameAs\"\r\n" : "";
        final LinkChain chain = LinkChain.of(links, dl.gtin14(), dl.lot().orElse(null), dl.serial().orElse(null));
        if ("linkset".equals(linkType) || "all".equals(linkType) || linkType == null && accept != null && accept.contains("application/linkset+json")) {
            if (chain.isEmpty()) {
                return problem(alloc, scratch, 404, "no links for " + dl.canonicalPath(), keepAlive, head, sameAs);
            }
            status = 200;
            return Responses.frame(alloc, 200, LINKSET, Unpooled.wrappedBuffer(LinksetJson.of(root(headers) + dl.canonicalPath(), chain)),
                    keepAlive, head, CONTEXT_LINK + sameAs);
        }
        if (linkType == null || "gs1:verificationService".equals(linkType)) {
            if (dl.serial().isPresent()) {
                return null; // the verification view: counted as a scan
            }
            final Link target = chain.defaultLink();
            return target == null ? problem(alloc, scratch, 404, "no default link for " + dl.canonicalPath(), keepAlive, head, sameAs)
                    : redirect(alloc, target, dl.canonicalPath(), forwarded(dl, rawQuery), headers, keepAlive, head, sameAs);
        }
        final Link target = chain.pick(linkType, headers.get(HttpHeaderNames.ACCEPT_LANGUAGE));
        return target == null ? problem(alloc, scratch, 404, "no link of type " + requested + " for " + dl.canonicalPath(), keepAlive, head, sameAs)
                : redirect(alloc, target, dl.canonicalPath(), forwarded(dl, rawQuery), headers, keepAlive, head, sameAs);
    }

    /** The resolver description file: who this resolver is, its root, the keys and link types it serves. */
    ByteBuf description(final ByteBufAllocator alloc, final HttpHeaders headers, final boolean head, final boolean keepAlive) {
        final ObjectNode d = JSON.createObjectNode();
        d.put("name", "scangate GS1 Digital Link resolver");
        d.put("resolverRoot", root(headers));
        d.putArray("supportedPrimaryKeys").add("01");
        d.putArray("supportedLinkType").addObject().put("namespace", GS1_VOC).put("prefix", "gs1:")
                .put("profile", GS1_VOC + "?show=linktypes");
        d.put("linkTypeDefaultCanBeLinkset", true);
        d.put("linkTypeDefaultCanBeAll", true);
        d.put("jsonLdContextLocation", CONTEXT);
        d.putArray("supportedContextValuesEnumerated");
        status = 200;
        return Responses.frame(alloc, 200, Responses.JSON, Unpooled.wrappedBuffer(d.toString().getBytes(StandardCharsets.UTF_8)),
                keepAlive, head, null);
    }

    private ByteBuf redirect(final ByteBufAllocator alloc, final Link target, final String canonicalPath, final String forwarded,
                             final HttpHeaders headers, final boolean keepAlive, final boolean head, final String sameAs) {
        status = 307;
        final String location = forwarded.isEmpty() ? target.href()
                : target.href() + (target.href().indexOf('?') < 0 ? '?' : '&') + forwarded;
        final String linkset = root(headers) + canonicalPath + "?linkType=linkset";
        return Responses.frame(alloc, 307, null, null, keepAlive, head, "Location: " + location + "\r\nLink: <" + linkset
                + ">; rel=\"linkset\"; type=\"application/linkset+json\"\r\n" + sameAs);
    }

    /**
     * The query string a redirect passes on: the request's own, byte for byte and in its order (GS1
     * data attributes such as {@code 17=} included), without the {@code linkType} parameter that
     * chose the link; for a compressed URI, its decompressed data attributes and other parameters.
     */
    static String forwarded(final DigitalLinkUri dl, final String rawQuery) {
        final String query = dl.compressed() || rawQuery == null ? dl.canonicalQuery() : rawQuery;
        final StringBuilder out = new StringBuilder(query.length());
        for (final String part : query.split("&")) {
            if (!part.isEmpty() && !"linkType".equals(part) && !part.startsWith("linkType=")) {
                out.append(out.length() == 0 ? "" : "&").append(part);
            }
        }
        return out.toString();
    }

    /** The link of {@code linkType} whose language best fits {@code acceptLanguage} (first listed wins ties), or null. */
    static Link pick(final List<Link> candidates, final String linkType, final String acceptLanguage) {
        Link best = null;
        double bestQ = -1;
        for (final Link l : candidates) {
            if (!l.linkType().equals(linkType)) {
                continue;
            }
            final double q = LanguagePreference.score(acceptLanguage, l.hreflang());
            if (q > bestQ) {
                best = l;
                bestQ = q;
            }
        }
        return best;
    }

    private String root(final HttpHeaders headers) {
        final String host = headers.get(HttpHeaderNames.HOST);
        return (https ? "https://" : "http://") + (host == null ? "localhost" : host);
    }

    private static String param(final DigitalLinkUri dl, final String name) {
        for (final QueryParam p : dl.otherParams()) {
            if (name.equals(p.name())) {
                return p.value();
            }
        }
        return null;
    }

    private ByteBuf problem(final ByteBufAllocator alloc, final ByteBuf scratch, final int code, final String detail, final boolean keepAlive,
                            final boolean head, final String extra) {
        status = code;
        return Responses.problem(alloc, scratch, code, detail, keepAlive, head, extra == null || extra.isEmpty() ? null : extra);
    }
}
