package io.scangate.server.resolver;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The rules behind {@link DigitalLinkUri#parse}; one instance per request.
 */
final class DigitalLinkParser {
    private static final List<Ai> QUALIFIER_ORDER = List.of(Ai.CPV, Ai.LOT, Ai.SERIAL);

    private final Map<Ai, String> values = new EnumMap<>(Ai.class);
    private final List<QueryParam> others = new ArrayList<>();

    private DigitalLinkParser() {
    }

    static DigitalLinkUri parse(final String path, final String query) throws DigitalLinkException {
        if (path == null || !path.startsWith("/")) {
            throw DigitalLinkException.of("the path must start with /");
        }
        final String trimmed = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        final String[] segs = trimmed.substring(1).split("/", -1);
        final DigitalLinkParser p = new DigitalLinkParser();
        final int key = keyIndex(segs);
        final String last = segs[segs.length - 1];
        final boolean compressed = key < 0 && isBase64Url(last);
        final boolean partly = key >= 0 && segs.length - key == 3 && isBase64Url(last);
        if (compressed) {
            p.decompressed(last);
        } else if (key < 0) {
            throw DigitalLinkException.of("no GS1 primary key: the path has no /01/{gtin}");
        } else {
            p.path(segs, key, partly ? key + 2 : segs.length);
        }
        if (partly) {
            p.decompressed(last);
        }
        p.query(query);
        final int prefixEnd = compressed ? segs.length - 1 : key;
        final String prefix = prefixEnd == 0 ? "" : "/" + String.join("/", List.of(segs).subList(0, prefixEnd));
        if (!p.values.containsKey(Ai.GTIN)) {
            throw new DigitalLinkException(Ai.GTIN.code(), "compressed Digital Link: no " + Ai.GTIN.named());
        }
        p.values.put(Ai.GTIN, "0".repeat(14 - p.values.get(Ai.GTIN).length()) + p.values.get(Ai.GTIN));
        return new DigitalLinkUri(prefix, p.values, p.others, compressed || partly);
    }

    /**
     * Where the primary key 01 stands: the first segment {@code 01} an even number of segments from
     * the end (so it heads the AI/value pairs), else the first segment {@code 01} at all (so the
     * fault is reported about its pairs), else -1.
     */
    private static int keyIndex(final String[] segs) {
        int any = -1;
        for (int i = 0; i < segs.length; i++) {
            if (segs[i].equals(Ai.GTIN.code())) {
                if ((segs.length - i) % 2 == 0) {
                    return i;
                }
                any = any < 0 ? i : any;
            }
        }
        return any;
    }

    /**
     * Whether {@code seg} can be a compressed Digital Link: base64url characters, not all digits (a
     * compressed URI opens with an AI or optimisation code, which no digit character spells, and an
     * all-digit last segment is more likely a key value under an unsupported key such as {@code /gtin/}).
     */
    private static boolean isBase64Url(final String seg) {
        return !seg.isEmpty() && seg.chars().allMatch(c -> c < 0x80 && CompressionTables.BASE64URL.indexOf(c) >= 0)
                && !seg.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    /** Reads the AI/value pairs of {@code segs} from index {@code key} to {@code end}. */
    private void path(final String[] segs, final int key, final int end) throws DigitalLinkException {
        int lastOrder = -1;
        for (int i = key; i < end; i += 2) {
            final String code = segs[i];
            final Ai ai = Ai.of(code).orElseThrow(() -> new DigitalLinkException(code,
                    "unknown AI " + shown(code) + " in the path: key 01 takes only 22, 10, 21 there"));
            if (i + 1 == end) {
                throw new DigitalLinkException(code, ai.named() + ": no value follows it in the path");
            }
            if (i == key) {
                put(ai, PercentCodec.decode(segs[i + 1], ai.named()));
                continue;
            }
            if (ai.role() != Ai.Role.QUALIFIER) {
                throw new DigitalLinkException(code, ai.named() + ": not a key qualifier of 01; the path takes"
                        + " 22, 10, 21 and data attributes go in the query string");
            }
            final int order = QUALIFIER_ORDER.indexOf(ai);
            if (order < lastOrder && !values.containsKey(ai)) {
                throw new DigitalLinkException(code, ai.named() + ": bad qualifier order: AI " + code + " after AI "
                        + QUALIFIER_ORDER.get(lastOrder).code() + "; key 01 takes 22, 10, 21 in that order");
            }
            lastOrder = order;
            put(ai, PercentCodec.decode(segs[i + 1], ai.named()));
        }
    }

    private void decompressed(final String segment) throws DigitalLinkException {
        final DigitalLinkDecompressor.Decompressed d = DigitalLinkDecompressor.decompress(segment);
        for (final AiValue e : d.elements()) {
            put(e.ai(), e.value());
        }
        others.addAll(d.others());
    }

    private void query(final String query) throws DigitalLinkException {
        if (query == null || query.isEmpty()) {
            return;
        }
        for (final String part : query.split("&", -1)) {
            if (part.isEmpty()) {
                continue;
            }
            final int eq = part.indexOf('=');
            final String name = PercentCodec.decode(eq < 0 ? part : part.substring(0, eq), "query parameter name");
            final String raw = eq < 0 ? "" : part.substring(eq + 1);
            if (name.isEmpty() || !name.chars().allMatch(c -> c >= '0' && c <= '9')) {
                others.add(new QueryParam(name, PercentCodec.decode(raw, "query parameter " + shown(name)), part));
                continue;
            }
            final Ai ai = Ai.of(name).orElseThrow(() -> new DigitalLinkException(name,
                    "unknown AI " + shown(name) + " in the query string: supported data attributes are"
                            + " 11, 13, 15, 16, 17, 3103, 7003"));
            if (ai.role() != Ai.Role.ATTRIBUTE) {
                throw new DigitalLinkException(name, ai.named() + ": belongs in the path, not the query string");
            }
            put(ai, PercentCodec.decode(raw, ai.named()));
        }
    }

    private void put(final Ai ai, final String value) throws DigitalLinkException {
        if (values.containsKey(ai)) {
            throw new DigitalLinkException(ai.code(), ai.named() + ": given more than once");
        }
        ai.check(value);
        values.put(ai, value);
    }

    /** {@code text} safe to quote in a reason: printable ASCII, at most 20 characters. */
    private static String shown(final String text) {
        final StringBuilder s = new StringBuilder();
        for (int i = 0; i < text.length() && i < 20; i++) {
            final char c = text.charAt(i);
            s.append(c >= 0x20 && c < 0x7F ? c : '?');
        }
        return "'" + s + (text.length() > 20 ? "...'" : "'");
    }
}
