package io.scangate.server.resolver;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a {@link DigitalLinkUri} as a compressed GS1 Digital Link path segment, the way GS1's toolkit
 * does in {@code compressGS1AIarrayToBinary}: with optimisations on, while some {@code tableOpt}
 * sequence has all its AIs among those left, the one naming the most AI digits (the first in table
 * order on a tie) is written as its code and then its values; then every AI left, in ascending string
 * order, as its digits (4 bits each) and its value; then, when asked, the non-GS1 query parameters
 * as h1 = F pairs. Decompressing the result with the toolkit gives back the same URI; the tests hold
 * the toolkit's own output for a set of URIs.
 *
 * <p>Concurrency: stateless.
 */
public final class DigitalLinkCompressor {
    private DigitalLinkCompressor() {
    }

    /**
     * The compressed segment (without the leading slash) for {@code uri}'s element strings.
     *
     * @param optimise whether to use {@code tableOpt} codes, as the toolkit does when asked
     * @param withOthers whether to compress the non-GS1 query parameters too; they must have a
     *     base64url name and an ASCII value, both of at most 127 characters
     * @throws IllegalArgumentException when {@code withOthers} and a parameter cannot be compressed
     */
    public static String compress(final DigitalLinkUri uri, final boolean optimise, final boolean withOthers) {
        return encode(uri.elements(), withOthers ? uri.otherParams() : List.of(), optimise);
    }

    /**
     * The partly compressed path {@code /01/{gtin14}/{segment}}: the key uncompressed, the qualifiers and
     * data attributes (and, when asked, the non-GS1 parameters) compressed as {@link #compress} does;
     * just {@code /01/{gtin14}} when there is nothing else. The toolkit's
     * {@code gs1ElementStringsToCompressedGS1DigitalLink} with {@code uncompressedPrimary}.
     */
    public static String compressPartly(final DigitalLinkUri uri, final boolean optimise, final boolean withOthers) {
        final List<AiValue> rest = new ArrayList<>(uri.elements());
        rest.removeIf(e -> e.ai() == Ai.GTIN);
        final String segment = encode(rest, withOthers ? uri.otherParams() : List.of(), optimise);
        return "/01/" + uri.gtin14() + (segment.isEmpty() ? "" : "/" + segment);
    }

    private static String encode(final List<AiValue> elements, final List<QueryParam> others, final boolean optimise) {
        final Map<String, AiValue> byCode = new HashMap<>();
        for (final AiValue e : elements) {
            byCode.put(e.ai().code(), e);
        }
        final List<String> left = new ArrayList<>(byCode.keySet());
        left.sort(null);
        final BitWriter out = new BitWriter();
        for (String code = optimise ? bestOptimisation(left) : null; code != null; code = bestOptimisation(left)) {
            out.write(Integer.parseInt(code, 16), 8);
            for (final String ai : CompressionTables.optimisation(code)) {
                writeValue(out, byCode.get(ai));
                left.remove(ai);
            }
        }
        for (final String ai : left) {
            for (int i = 0; i < ai.length(); i++) {
                out.write(ai.charAt(i) - '0', 4);
            }
            writeValue(out, byCode.get(ai));
        }
        for (final QueryParam p : others) {
            writePair(out, p);
        }
        return out.toBase64Url();
    }

    private static String bestOptimisation(final List<String> left) {
        String best = null;
        int most = 0;
        for (final Map.Entry<String, List<String>> e : CompressionTables.TABLE_OPT) {
            final int digits = String.join("", e.getValue()).length();
            if (left.containsAll(e.getValue()) && digits > most) {
                best = e.getKey();
                most = digits;
            }
        }
        return best;
    }

    private static void writeValue(final BitWriter out, final AiValue e) {
        final int digits = CompressionTables.fixedDigits(e.ai());
        if (digits == 0) {
            ValueCodec.write(out, e.value(), CompressionTables.lengthBits(20));
        } else {
            out.write(new BigInteger(e.value()), CompressionTables.valueBits(digits));
        }
    }

    private static void writePair(final BitWriter out, final QueryParam p) {
        final String key = p.name();
        final boolean keyOk = !key.isEmpty() && key.length() <= 127
                && key.chars().allMatch(c -> c < 0x80 && CompressionTables.BASE64URL.indexOf(c) >= 0);
        if (!keyOk || p.value().length() > 127) {
            throw new IllegalArgumentException("query parameter cannot be compressed: " + p.raw());
        }
        out.write(0xF, 4).write(key.length(), CompressionTables.FREE_LENGTH_BITS);
        for (int i = 0; i < key.length(); i++) {
            out.write(CompressionTables.BASE64URL.indexOf(key.charAt(i)), 6);
        }
        ValueCodec.write(out, p.value(), CompressionTables.FREE_LENGTH_BITS);
    }
}
