package io.scangate.server.resolver;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads a compressed GS1 Digital Link path segment (e.g. {@code AQnYUc1gmiCNV4JG}) back into element
 * strings, as GS1's toolkit does in {@code decompressBinaryToGS1AIarray}: while more than 8 bits
 * remain, two hex digits h1 h2 select either a numeric AI (its length from {@code tableP}, then its
 * value), or an optimisation code of {@code tableOpt} (then the values of its AIs), or, with h1 = F, a
 * non-GS1 key=value pair (7-bit key length, 6-bit base64url characters, then a text value with a 7-bit
 * length). Trailing padding bits are ignored. Only the AIs of {@link Ai} are supported; any other AI is
 * an error naming it.
 *
 * <p>Concurrency: stateless.
 */
final class DigitalLinkDecompressor {
    /** Longest compressed segment read: far more than any supported element strings need. */
    static final int MAX_CHARS = 512;

    private DigitalLinkDecompressor() {
    }

    /**
     * The element strings and non-GS1 pairs {@code segment} encodes.
     *
     * @param elements the GS1 element strings, in the order they were encoded
     * @param others non-GS1 key=value pairs, in the order they were encoded
     */
    record Decompressed(List<AiValue> elements, List<QueryParam> others) {
    }

    /** Decodes {@code segment}, which must be base64url; checks AI values against nothing but their encoding. */
    static Decompressed decompress(final String segment) throws DigitalLinkException {
        if (segment.length() > MAX_CHARS) {
            throw DigitalLinkException.of("compressed Digital Link: longer than " + MAX_CHARS + " characters");
        }
        final BitReader in = BitReader.ofBase64Url(segment);
        final List<AiValue> elements = new ArrayList<>();
        final List<QueryParam> others = new ArrayList<>();
        while (in.remaining() > 8) {
            final int h1 = in.read(4);
            final int h2 = in.read(4);
            if (h1 <= 9 && h2 <= 9) {
                final Ai ai = readAi(in, "" + h1 + h2);
                elements.add(new AiValue(ai, readValue(in, ai)));
            } else if (h1 == 0xF) {
                others.add(readPair(in, h2));
            } else {
                final String code = "" + CompressionTables.HEX.charAt(h1) + CompressionTables.HEX.charAt(h2);
                final List<String> seq = CompressionTables.optimisation(code);
                if (seq == null) {
                    throw DigitalLinkException.of("compressed Digital Link: unsupported optimisation code " + code);
                }
                for (final String s : seq) {
                    final Ai ai = Ai.of(s).orElseThrow();
                    elements.add(new AiValue(ai, readValue(in, ai)));
                }
            }
        }
        return new Decompressed(List.copyOf(elements), List.copyOf(others));
    }

    private static Ai readAi(final BitReader in, final String firstTwo) throws DigitalLinkException {
        final int length = CompressionTables.aiLength(firstTwo);
        if (length == 0) {
            throw DigitalLinkException.of("compressed Digital Link: no AI starts with " + firstTwo);
        }
        final StringBuilder code = new StringBuilder(firstTwo);
        while (code.length() < length) {
            final int d = in.read(4);
            if (d > 9) {
                throw DigitalLinkException.of("compressed Digital Link: AI " + code + " continues with a non-digit");
            }
            code.append(d);
        }
        final String ai = code.toString();
        return Ai.of(ai).orElseThrow(() -> new DigitalLinkException(ai,
                "compressed Digital Link: unknown or unsupported AI " + ai));
    }

    private static String readValue(final BitReader in, final Ai ai) throws DigitalLinkException {
        final int digits = CompressionTables.fixedDigits(ai);
        if (digits == 0) {
            return ValueCodec.read(in, CompressionTables.lengthBits(20));
        }
        final String v = in.readBig(CompressionTables.valueBits(digits)).toString();
        if (v.length() > digits) {
            throw new DigitalLinkException(ai.code(), "compressed Digital Link: " + ai.named()
                    + ": value overflows " + digits + " digits");
        }
        return "0".repeat(digits - v.length()) + v;
    }

    private static QueryParam readPair(final BitReader in, final int h2) throws DigitalLinkException {
        final int keyLength = h2 << 3 | in.read(3);
        final StringBuilder key = new StringBuilder(keyLength);
        for (int i = 0; i < keyLength; i++) {
            key.append(CompressionTables.BASE64URL.charAt(in.read(6)));
        }
        final String value = ValueCodec.read(in, CompressionTables.FREE_LENGTH_BITS);
        final String name = key.toString();
        return new QueryParam(name, value, PercentCodec.encode(name) + "=" + PercentCodec.encode(value));
    }
}
