package io.scangate.server.resolver;

import java.util.List;
import java.util.Map;

/**
 * Tables of GS1 Digital Link compression, as GS1's reference implementation has them
 * (github.com/gs1/GS1DigitalLinkToolkit.js, {@code src/GS1DigitalLinkToolkit.js}: {@code tableP},
 * {@code tableOpt}, {@code safeBase64Alphabet}, {@code numberOfValueBits}, {@code numberOfLengthBits}).
 *
 * <p>{@code tableOpt} here holds only the optimisation codes whose AIs this resolver supports. The
 * AI sequences are in ascending string order, not in the order the toolkit's source lists them: the
 * toolkit's constructor sorts them in place ({@code tableOpt[k].sort()} while building
 * {@code tableOptReverse}), so at run time it writes and reads the values of {@code 1A} as 01, 10,
 * 17, 21, and so must anyone who wants to read what it writes.
 */
final class CompressionTables {
    /** GS1's URI-safe base64 alphabet (RFC 4648 base64url). */
    static final String BASE64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    /** Upper-case hexadecimal digits. */
    static final String HEX = "0123456789ABCDEF";

    /** For the first two digits of an AI, how many digits the AI has. */
    private static final Map<String, Integer> TABLE_P = Map.ofEntries(
            Map.entry("00", 2), Map.entry("01", 2), Map.entry("02", 2), Map.entry("10", 2), Map.entry("11", 2),
            Map.entry("12", 2), Map.entry("13", 2), Map.entry("15", 2), Map.entry("16", 2), Map.entry("17", 2),
            Map.entry("20", 2), Map.entry("21", 2), Map.entry("22", 2), Map.entry("23", 3), Map.entry("24", 3),
            Map.entry("25", 3), Map.entry("30", 2), Map.entry("31", 4), Map.entry("32", 4), Map.entry("33", 4),
            Map.entry("34", 4), Map.entry("35", 4), Map.entry("36", 4), Map.entry("37", 2), Map.entry("39", 4),
            Map.entry("40", 3), Map.entry("41", 3), Map.entry("42", 3), Map.entry("43", 4), Map.entry("70", 4),
            Map.entry("71", 3), Map.entry("72", 4), Map.entry("80", 4), Map.entry("81", 4), Map.entry("82", 4),
            Map.entry("90", 2), Map.entry("91", 2), Map.entry("92", 2), Map.entry("93", 2), Map.entry("94", 2),
            Map.entry("95", 2), Map.entry("96", 2), Map.entry("97", 2), Map.entry("98", 2), Map.entry("99", 2));

    /** Optimisation codes (two hex digits, one of them A-F) for sequences of supported AIs, in table order. */
    static final List<Map.Entry<String, List<String>>> TABLE_OPT = List.of(
            Map.entry("0A", List.of("01", "22")),
            Map.entry("0B", List.of("01", "10")),
            Map.entry("0C", List.of("01", "21")),
            Map.entry("0D", List.of("01", "17")),
            Map.entry("0E", List.of("01", "7003")),
            Map.entry("1A", List.of("01", "10", "17", "21")),
            Map.entry("1B", List.of("01", "15")),
            Map.entry("1C", List.of("01", "11")),
            Map.entry("1D", List.of("01", "16")),
            Map.entry("1F", List.of("01", "10", "15")),
            Map.entry("2D", List.of("01", "3103")));

    /** Bits of the length field of a variable-length value of at most 127 characters (non-GS1 pairs). */
    static final int FREE_LENGTH_BITS = 7;

    private CompressionTables() {
    }

    /** The number of digits of an AI starting with {@code firstTwo}, or 0 when no AI starts so. */
    static int aiLength(final String firstTwo) {
        return TABLE_P.getOrDefault(firstTwo, 0);
    }

    /** The AIs optimisation code {@code code} stands for, or {@code null}. */
    static List<String> optimisation(final String code) {
        for (final Map.Entry<String, List<String>> e : TABLE_OPT) {
            if (e.getKey().equals(code)) {
                return e.getValue();
            }
        }
        return null;
    }

    /** Bits for a numeric value of {@code digits} digits: the toolkit's {@code numberOfValueBits}. */
    static int valueBits(final int digits) {
        return (int) Math.ceil(digits * StrictMath.log(10) / StrictMath.log(2) + 0.01);
    }

    /** Bits for the length of a value of at most {@code max} characters: {@code numberOfLengthBits}. */
    static int lengthBits(final int max) {
        return (int) Math.ceil(StrictMath.log(max) / StrictMath.log(2) + 0.01);
    }

    /** The fixed digit count of a numeric AI value, or 0 when the AI takes variable set-82 text. */
    static int fixedDigits(final Ai ai) {
        switch (ai.format()) {
            case GTIN:
                return 14;
            case N6:
            case DATE:
                return 6;
            case DATE_TIME:
                return 10;
            default:
                return 0;
        }
    }
}
