package io.scangate.server.resolver;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A valid GS1 Digital Link URI with primary key 01 (GTIN), as a resolver receives it: the GTIN
 * (always 14 digits), its key qualifiers CPV (22), lot (10) and serial (21), data attributes from the
 * query string, and the other query parameters ({@code linkType}, {@code context}, {@code lang},
 * anything else) in their order, for pass-through.
 *
 * <p>{@link #parse} takes the path and query of a request (no scheme or host). The syntax it accepts
 * is the key-01 part of GS1 Digital Link: URI Syntax (path pairs for key and qualifiers, data
 * attributes in the query string, as in the standard's ABNF and in GS1's reference toolkit):
 * <ul>
 *   <li>an optional custom path prefix, then {@code /01/{gtin}}: 8, 12, 13 or 14 digits, valid check
 *       digit, not all zeros; padded with zeros to 14 digits;
 *   <li>then key qualifiers as {@code /{ai}/{value}} pairs, each at most once and in the only allowed
 *       order 22, 10, 21; values percent-decoded (UTF-8) and checked against the AI's format
 *       (1 to 20 characters of GS1 AI encodable character set 82);
 *   <li>at most one trailing slash, which is ignored (as GS1's toolkit does);
 *   <li>a query string of {@code &}-separated parameters: an all-digit name is an AI and must be a
 *       supported data attribute (11, 13, 15, 16, 17 dates YYMMDD; 3103 six digits; 7003 YYMMDDHHMM),
 *       given at most once; any other name is passed through.
 * </ul>
 * Numeric AIs only: the alphabetic short names some resolvers accept ({@code /gtin/}, {@code /lot/},
 * {@code ?exp=}), deprecated since URI Syntax 1.2, are not AIs here ({@code /gtin/...} has no primary
 * key; {@code ?exp=} is passed through as an ordinary parameter).
 *
 * <p>A path with no {@code 01} segment whose last segment is base64url characters, not all digits,
 * is read as a compressed Digital Link URI (GS1 Digital Link compression, see
 * {@link DigitalLinkCompressor}); its element strings must satisfy the same rules, and
 * {@link #compressed()} says it was compressed. So is a partly compressed one,
 * {@code /01/{gtin}/{compressed}}: the key uncompressed and one such segment where a qualifier pair
 * would stand. A prefix must not itself contain a segment {@code 01} an even number of segments
 * before the end of the path.
 *
 * <p>Every fault raises a {@link DigitalLinkException} whose message is the reason for a 400 answer.
 * Immutable.
 */
public final class DigitalLinkUri {
    private final String prefix;
    private final Map<Ai, String> values;
    private final List<QueryParam> otherParams;
    private final boolean compressed;

    DigitalLinkUri(final String prefix, final Map<Ai, String> values, final List<QueryParam> otherParams,
                   final boolean compressed) {
        this.prefix = prefix;
        this.values = Collections.unmodifiableMap(new EnumMap<>(values));
        this.otherParams = List.copyOf(otherParams);
        this.compressed = compressed;
    }

    /**
     * Parses a request's raw path (starting with {@code /}, still percent-encoded) and raw query
     * string (without {@code ?}; {@code null} or empty when there is none). Query parameters are
     * separated by {@code &} only.
     *
     * @throws DigitalLinkException with the reason for a 400 when the URI is malformed
     */
    public static DigitalLinkUri parse(final String path, final String query) throws DigitalLinkException {
        return DigitalLinkParser.parse(path, query);
    }

    /** The GTIN, 14 digits. */
    public String gtin14() {
        return values.get(Ai.GTIN);
    }

    /** The consumer product variant (AI 22), if given. */
    public Optional<String> cpv() {
        return Optional.ofNullable(values.get(Ai.CPV));
    }

    /** The lot or batch (AI 10), if given. */
    public Optional<String> lot() {
        return Optional.ofNullable(values.get(Ai.LOT));
    }

    /** The serial number (AI 21), if given. */
    public Optional<String> serial() {
        return Optional.ofNullable(values.get(Ai.SERIAL));
    }

    /** The data attributes, AI code to value, in ascending AI order. */
    public Map<String, String> attributes() {
        final Map<String, String> out = new LinkedHashMap<>();
        for (final AiValue e : elements()) {
            if (e.ai().role() == Ai.Role.ATTRIBUTE) {
                out.put(e.ai().code(), e.value());
            }
        }
        return Collections.unmodifiableMap(out);
    }

    /** The value of data attribute {@code ai}, if given. */
    public Optional<String> attribute(final Ai ai) {
        return ai.role() == Ai.Role.ATTRIBUTE ? Optional.ofNullable(values.get(ai)) : Optional.empty();
    }

    /** The query parameters that are no AI, in request order. */
    public List<QueryParam> otherParams() {
        return otherParams;
    }

    /** The path before {@code /01/}, e.g. {@code "/products"}; empty when there is none. */
    public String prefix() {
        return prefix;
    }

    /** Whether the request named the element strings in compressed form. */
    public boolean compressed() {
        return compressed;
    }

    /**
     * The canonical uncompressed path, without prefix: {@code /01/{gtin14}}, then {@code /22/},
     * {@code /10/}, {@code /21/} pairs as given, values percent-encoded (everything but RFC 3986
     * unreserved characters).
     */
    public String canonicalPath() {
        final StringBuilder path = new StringBuilder(64);
        for (final AiValue e : elements()) {
            if (e.ai().role() != Ai.Role.ATTRIBUTE) {
                path.append('/').append(e.ai().code()).append('/').append(PercentCodec.encode(e.value()));
            }
        }
        return path.toString();
    }

    /**
     * The canonical query string, without {@code ?}: the data attributes in ascending AI order, then
     * the other parameters as they were given; empty when there are none.
     */
    public String canonicalQuery() {
        final List<String> parts = new ArrayList<>();
        attributes().forEach((ai, v) -> parts.add(ai + "=" + PercentCodec.encode(v)));
        otherParams.forEach(p -> parts.add(p.raw()));
        return String.join("&", parts);
    }

    /** {@link #canonicalPath()} with {@code ?}{@link #canonicalQuery()} when that is not empty. */
    public String canonicalPathAndQuery() {
        final String q = canonicalQuery();
        return q.isEmpty() ? canonicalPath() : canonicalPath() + "?" + q;
    }

    /** The element strings in canonical order: 01, 22, 10, 21, then data attributes by ascending AI. */
    List<AiValue> elements() {
        final List<AiValue> out = new ArrayList<>(values.size());
        for (final Ai ai : List.of(Ai.GTIN, Ai.CPV, Ai.LOT, Ai.SERIAL)) {
            if (values.containsKey(ai)) {
                out.add(new AiValue(ai, values.get(ai)));
            }
        }
        values.entrySet().stream()
                .filter(e -> e.getKey().role() == Ai.Role.ATTRIBUTE)
                .sorted(Map.Entry.comparingByKey((a, b) -> Integer.compare(
                        Integer.parseInt(a.code()), Integer.parseInt(b.code()))))
                .forEach(e -> out.add(new AiValue(e.getKey(), e.getValue())));
        return out;
    }

    @Override
    public boolean equals(final Object o) {
        return o instanceof DigitalLinkUri && ((DigitalLinkUri) o).values.equals(values)
                && ((DigitalLinkUri) o).otherParams.equals(otherParams) && ((DigitalLinkUri) o).prefix.equals(prefix)
                && ((DigitalLinkUri) o).compressed == compressed;
    }

    @Override
    public int hashCode() {
        return Objects.hash(values, otherParams, prefix, compressed);
    }

    @Override
    public String toString() {
        return prefix + canonicalPathAndQuery() + (compressed ? " (compressed)" : "");
    }
}
