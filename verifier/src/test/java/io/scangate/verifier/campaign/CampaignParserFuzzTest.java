package io.scangate.verifier.campaign;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

import org.junit.jupiter.api.Test;

/**
 * Fuzzing of the campaign file parser: for arbitrary bytes and mutations of valid files it either
 * returns a campaign or throws {@link CampaignRejectedException} with at least one problem,
 * nothing else. Tries: {@code jqwik.tries.default} (docs/SECURITY.md, Fuzzing).
 */
class CampaignParserFuzzTest {
    private static final byte[] VALID = CampaignFixture.campaign("summer-2026", 0.25, 1000, 500_000,
            "[{\"id\":\"gold\",\"amount\":10000,\"weight\":1,\"limit\":5},{\"id\":\"cash\",\"amount\":100,\"weight\":9}]",
            ",\"name\":\"Summer\",\"skus\":[\"COLA-330\"],\"batches\":[1,2],\"regions\":[\"CN\",\"CN-31\"],"
                    + "\"caps\":{\"perDevice\":3,\"perConsumerPerDay\":1},\"onLimit\":\"lowerTier\",\"seed\":\"0123456789abcdef-seed\"")
            .getBytes(StandardCharsets.UTF_8);
    /** Bytes that make JSON, and that the parser's checks turn on: digits, signs, exponents, quotes, brackets, escapes. */
    private static final byte[] TOKENS = "{}[]:,\"\\ 0123456789-+.eEtrufalsn9ZT:".getBytes(StandardCharsets.US_ASCII);
    /** Values spliced in place of others: extremes of each JSON type. */
    private static final List<String> VALUES = List.of("null", "true", "[]", "{}", "\"\"", "-1", "0", "1e400", "-1e400", "1.5",
            "9223372036854775807", "9223372036854775808", "-9223372036854775809", "1e19", "123456789012345678901234567890",
            "\"+999999999-12-31T23:59:59Z\"", "\"-999999999-01-01T00:00:00Z\"", "\"2026-06-01T00:00:00Z\"", "\"\\ud800\"",
            "[1,2,3]", "{\"id\":\"x\"}", "\"none\"", "\"lowerTier\"", "[[[[[[[[[[]]]]]]]]]]", "0.0000001", "-0", "1E-400");

    @Provide
    Arbitrary<byte[]> campaignFiles() {
        final Arbitrary<byte[]> anyBytes = Arbitraries.bytes().array(byte[].class).ofMaxSize(300);
        final Arbitrary<byte[]> tokens = Arbitraries.of(box(TOKENS)).list().ofMaxSize(200).map(CampaignParserFuzzTest::unbox);
        final Arbitrary<byte[]> mutated = Combinators.combine(
                Arbitraries.integers().between(0, 3).list().ofMinSize(1).ofMaxSize(6),
                Arbitraries.integers().between(0, VALID.length - 1).list().ofMinSize(6).ofMaxSize(6),
                Arbitraries.of(box(TOKENS)).list().ofMinSize(6).ofMaxSize(6),
                Arbitraries.of(VALUES).list().ofMinSize(6).ofMaxSize(6)).as(CampaignParserFuzzTest::mutate);
        return Arbitraries.frequencyOf(Tuple.of(1, anyBytes), Tuple.of(1, tokens), Tuple.of(4, mutated));
    }

    @Test
    void shouldAcceptTheFileTheMutationsStartFrom() {
        assertNotNull(CampaignParser.parse(VALID));
    }

    @Property
    void shouldReturnACampaignOrRejectItAndNeverThrowAnythingElse(@ForAll("campaignFiles") final byte[] file) {
        try {
            assertNotNull(CampaignParser.parse(file));
            Statistics.collect("accepted");
        } catch (final CampaignRejectedException e) {
            Statistics.collect("rejected");
            assertFalse(e.problems().isEmpty(), "a rejection names its problems");
        } catch (final RuntimeException | StackOverflowError e) {
            fail("threw " + e + " on " + new String(file, StandardCharsets.UTF_8) + " " + Arrays.toString(file), e);
        }
    }

    /**
     * Applies each edit in turn to the valid file: 0 flips a byte to a token, 1 deletes a byte, 2
     * inserts a token, 3 replaces the value after the nearest ':' with an extreme one.
     */
    private static byte[] mutate(final List<Integer> kinds, final List<Integer> positions, final List<Byte> tokens, final List<String> values) {
        byte[] b = VALID.clone();
        for (int i = 0; i < kinds.size(); i++) {
            final int at = Math.min(positions.get(i), b.length - 1);
            switch (kinds.get(i)) {
                case 0 -> b[at] = tokens.get(i);
                case 1 -> b = splice(b, at, at + 1, new byte[0]);
                case 2 -> b = splice(b, at, at, new byte[] {tokens.get(i)});
                default -> {
                    final int colon = indexOf(b, (byte) ':', at);
                    if (colon >= 0) {
                        b = splice(b, colon + 1, valueEnd(b, colon + 1), values.get(i).getBytes(StandardCharsets.UTF_8));
                    }
                }
            }
            if (b.length == 0) {
                return b;
            }
        }
        return b;
    }

    /** The end of a scalar value from {@code from}: the next ',' or '}' (good enough to replace numbers and strings). */
    private static int valueEnd(final byte[] b, final int from) {
        int i = from;
        while (i < b.length && b[i] != ',' && b[i] != '}') {
            i++;
        }
        return i;
    }

    private static int indexOf(final byte[] b, final byte c, final int from) {
        for (int i = from; i < b.length; i++) {
            if (b[i] == c) {
                return i;
            }
        }
        return -1;
    }

    private static byte[] splice(final byte[] b, final int from, final int to, final byte[] with) {
        final byte[] out = new byte[b.length - (to - from) + with.length];
        System.arraycopy(b, 0, out, 0, from);
        System.arraycopy(with, 0, out, from, with.length);
        System.arraycopy(b, to, out, from + with.length, b.length - to);
        return out;
    }

    private static Byte[] box(final byte[] bytes) {
        final Byte[] out = new Byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            out[i] = bytes[i];
        }
        return out;
    }

    private static byte[] unbox(final List<Byte> bytes) {
        final byte[] out = new byte[bytes.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = bytes.get(i);
        }
        return out;
    }
}
