package io.scangate.server.resolver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * GS1 Digital Link compression against vectors from GS1's reference toolkit.
 *
 * <p>Where the vectors come from: {@link #published()} are published test data, the table of
 * Solidsoft-Reply/Gs1DigitalLinkLib {@code Tests/Features/CompressGs1DigitalLink.feature} (a port of
 * the toolkit, all-optimisations-off) and the examples in the comments of GS1's own
 * gs1/GS1DigitalLinkToolkit.js {@code src/GS1DigitalLinkToolkit.js}. {@link #toolkit()} were produced
 * for this test by running GS1's toolkit (gs1/GS1DigitalLinkToolkit.js at commit 52dc9ce,
 * {@code compressGS1DigitalLink(uri, false, stem, false, optimise, false)}) under Node.js 20 and checked
 * by decompressing them with the same toolkit. (While this was written, 400 random URIs of the same
 * shape compressed by the toolkit, half of them optimised, also matched this compressor bit for bit;
 * that one-off check is not kept here as it needs Node.js.)
 */
class DigitalLinkCompressionTest {
    private static final String G = "09506000134352";
    private static final String B = "05412345000013";

    /** compressed segment, canonical uncompressed path and query. */
    static Stream<Arguments> published() {
        return Stream.of(
                Arguments.of("AQnYUc1gmg", "/01/" + B),
                Arguments.of("AQnYUc1gmiCNV4JG", "/01/" + B + "/10/ABC123"),
                Arguments.of("AQnYUc1gmiCNV4JGQhcNT6K6c", "/01/" + B + "/10/ABC123/21/72292641703"),
                Arguments.of("AQnYUc1gmiCNV4JGQhcNT6K6cibQCWN9Pee9tT-PQ",
                        "/01/" + B + "/22/AJY3095721P49/10/ABC123/21/72292641703"),
                Arguments.of("AQnYUc1gmiCNV4JGRNoBLG-nvPe2p_Ho", "/01/" + B + "/22/AJY3095721P49/10/ABC123"),
                Arguments.of("AQnYUc1gmkIXDU-iun", "/01/" + B + "/21/72292641703"),
                Arguments.of("AQnYUc1gmkIXDU-iunIm0AljfT3nvbU_j0", "/01/" + B + "/22/AJY3095721P49/21/72292641703"),
                Arguments.of("AQnYUc1gmkTaASxvp7z3tqfx6", "/01/" + B + "/22/AJY3095721P49"),
                Arguments.of("AQnYUc1gmiCNV4JGLo3DY", "/01/" + B + "/10/ABC123?17=290331"),
                Arguments.of("AQnYUc1gmiERBhQ0ytiyZuAGOLc1TXgpNWCv1",
                        "/01/" + B + "/10/ABC%26%2B123?7003=1903061658&k1=v1"),
                Arguments.of("AQnYUc1gmiERBhQ0ytiyZuAGOLc1TXhXsaXbQKHFuaprwUmrBX6g",
                        "/01/" + B + "/10/ABC%26%2B123?7003=1903061658&expdt=1903061658&k1=v1"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("published")
    void shouldDecompressPublishedVectors(final String segment, final String canonical) throws DigitalLinkException {
        final DigitalLinkUri uri = DigitalLinkUri.parse("/" + segment, null);
        assertTrue(uri.compressed());
        assertEquals(canonical, uri.canonicalPathAndQuery());
        assertEquals(segment, DigitalLinkCompressor.compress(uri, false, true), "compressed back the same");
    }

    /** partly compressed path, canonical uncompressed path (Solidsoft's "Partially compress" table). */
    static Stream<Arguments> publishedPartly() {
        return Stream.of(
                Arguments.of("/01/" + B + "/EEarwSM", "/01/" + B + "/10/ABC123"),
                Arguments.of("/01/" + B + "/EEarwSMhC4an0V04", "/01/" + B + "/10/ABC123/21/72292641703"),
                Arguments.of("/01/" + B + "/EEarwSMhC4an0V05E2gEsb6e897an8eg",
                        "/01/" + B + "/22/AJY3095721P49/10/ABC123/21/72292641703"),
                Arguments.of("/01/" + B + "/EEarwSMibQCWN9Pee9tT-PQ", "/01/" + B + "/22/AJY3095721P49/10/ABC123"),
                Arguments.of("/01/" + B + "/Im0AljfT3nvbU_j0", "/01/" + B + "/22/AJY3095721P49"),
                Arguments.of("/01/" + B + "/IQuGp9FdO", "/01/" + B + "/21/72292641703"),
                Arguments.of("/01/" + B + "/IQuGp9FdORNoBLG-nvPe2p_Ho",
                        "/01/" + B + "/22/AJY3095721P49/21/72292641703"),
                Arguments.of("/01/" + B, "/01/" + B));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("publishedPartly")
    void shouldDecompressAndCompressPartlyCompressedVectors(final String path, final String canonical)
            throws DigitalLinkException {
        final DigitalLinkUri uri = DigitalLinkUri.parse(path, null);
        assertEquals(canonical, uri.canonicalPathAndQuery());
        assertEquals(!path.equals(canonical), uri.compressed());
        assertEquals(path, DigitalLinkCompressor.compressPartly(uri, true, false));
    }

    /** uncompressed path, query, optimise, the toolkit's compressed segment. */
    static Stream<Arguments> toolkit() {
        return Stream.of(
                Arguments.of("/01/" + B + "/10/ABC123", "", true, "CwnYUc1gmo1XgkY"),
                Arguments.of("/01/" + B + "/10/ABC123/21/72292641703", "", true, "CwnYUc1gmo1XgkZCFw1Porpw"),
                Arguments.of("/01/" + B + "/22/AJY3095721P49/10/ABC123/21/72292641703", "", true,
                        "CgnYUc1gmtoBLG-nvPe2p_HogjVeCRkIXDU-iun"),
                Arguments.of("/01/" + B + "/21/72292641703", "", true, "DAnYUc1gmhcNT6K6c"),
                Arguments.of("/01/" + G + "/10/abc123/21/ABCDEF", "", false, "ARFKk4XBoCBNV4JGQo1Xm94"),
                Arguments.of("/01/" + G + "/10/abc123/21/ABCDEF", "", true, "CxFKk4XBoE1XgkZCjVeb3g"),
                Arguments.of("/01/" + G + "/21/Serial_-42x", "", false, "ARFKk4XBoELWk9XE1L_9xti"),
                Arguments.of("/01/" + G + "/21/Serial_-42x", "", true, "DBFKk4XBoNaT1cTUv_3G2I"),
                Arguments.of("/01/" + G + "/10/ABC%26%2B123", "", false, "ARFKk4XBoCERBhQ0ytiyZg"),
                Arguments.of("/01/" + G + "/10/ABC%26%2B123", "", true, "CxFKk4XBoREGFDTK2LJm"),
                Arguments.of("/01/" + G + "/10/LOT1/21/S1", "17=281231", false, "ARFKk4XBoCDIWcnqLolR5CxJag"),
                Arguments.of("/01/" + G + "/10/LOT1/21/S1", "17=281231", true, "GhFKk4XBoMhZyeqJUexJag"),
                Arguments.of("/01/" + G, "11=250101&3103=000189", false, "ARFKk4XBoCJ6HqYgYAF6"),
                Arguments.of("/01/" + G, "11=250101&3103=000189", true, "LRFKk4XBoAAXoieh6g"),
                Arguments.of("/01/" + G + "/10/A1", "13=250102&15=260630", false, "ARFKk4XBoCCFQiZ6HsKn9Cw"),
                Arguments.of("/01/" + G + "/10/A1", "13=250102&15=260630", true, "HxFKk4XBoIVCf0LCZ6Hs"),
                Arguments.of("/01/" + G, "7003=2812311530", false, "ARFKk4XBoOAGU9A79Q"),
                Arguments.of("/01/" + G, "7003=2812311530", true, "DhFKk4XBoFPQO_U"),
                Arguments.of("/01/" + G + "/22/2A", "", false, "ARFKk4XBoESEVA"),
                Arguments.of("/01/" + G + "/22/2A", "", true, "ChFKk4XBoIRU"),
                Arguments.of("/01/" + G + "/10/12345/21/abcdef", "", false, "ARFKk4XBoCAKMDkhJqvN7w"),
                Arguments.of("/01/" + G + "/10/12345/21/abcdef", "", true, "CxFKk4XBoAowOSEmq83v"),
                Arguments.of("/01/" + G + "/21/%21%22%25%3F", "", false, "ARFKk4XBoEMIhRJX4"),
                Arguments.of("/01/" + G + "/21/%21%22%25%3F", "", true, "DBFKk4XBoQiFElfg"),
                Arguments.of("/01/" + G + "/10/ABC", "linkType=gs1%3Apip&lang=en", true,
                        "CxFKk4XBoIdXniJYp5E8qXoHz82Lrhp4eElangYJ6c"));
    }

    @ParameterizedTest(name = "{0}?{1} optimised={2}")
    @MethodSource("toolkit")
    void shouldCompressAndDecompressAsTheGs1ToolkitDoes(final String path, final String query, final boolean optimise,
                                                       final String segment) throws DigitalLinkException {
        final DigitalLinkUri plain = DigitalLinkUri.parse(path, query);
        assertEquals(segment, DigitalLinkCompressor.compress(plain, optimise, true));
        final DigitalLinkUri decompressed = DigitalLinkUri.parse("/" + segment, null);
        assertEquals(plain.canonicalPathAndQuery(), decompressed.canonicalPathAndQuery());
    }

    @Test
    void shouldTakeAPrefixAndAQueryAlongWithACompressedSegment() throws DigitalLinkException {
        final DigitalLinkUri uri = DigitalLinkUri.parse("/dl/CwnYUc1gmo1XgkY/", "linkType=gs1:pip");
        assertTrue(uri.compressed());
        assertEquals("/dl", uri.prefix());
        assertEquals(B, uri.gtin14());
        assertEquals("/01/" + B + "/10/ABC123?linkType=gs1:pip", uri.canonicalPathAndQuery());
    }

    /** compressed segment, query, words the reason must hold. */
    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("AQnYUc1gHZaw", null, "unsupported optimisation code CB"),
                Arguments.of("AN2yxDhfaiaw", null, "unknown or unsupported AI 00"),
                Arguments.of("JTLIetaiHYA", null, "unknown or unsupported AI 253"),
                Arguments.of("AQnYUc1g", null, "truncated"),
                Arguments.of(new BitWriter().write(1, 8).write(BigInteger.valueOf(5412345000014L), 47).toBase64Url(),
                        null, "AI 01 (GTIN): bad check digit: 4, expected 3"),
                Arguments.of(new BitWriter().write(0x10, 8).write(0, 3).write(2, 5).write(1, 7).toBase64Url(),
                        null, "no AI 01 (GTIN)"),
                Arguments.of(new BitWriter().write(1, 8).write(BigInteger.valueOf(5412345000013L), 47)
                        .write(0x21, 8).write(4, 3).write(1, 5).write('#', 7).toBase64Url(), null,
                        "AI 21 (SERIAL): bad character U+0023"),
                Arguments.of(new BitWriter().write(1, 8).write(BigInteger.valueOf(5412345000013L), 47)
                        .write(0x21, 8).write(5, 3).write(1, 5).toBase64Url(), null, "unknown value encoding 5"),
                Arguments.of("GhFKk4XBoMhZyeqJUexJag", "17=281231", "AI 17 (USE BY OR EXPIRY): given more than once"),
                Arguments.of("A".repeat(513), null, "longer than 512"),
                Arguments.of("01/" + B + "/AQnYUc1gmg", null, "AI 01 (GTIN): given more than once"),
                Arguments.of("01/" + B + "/IQuGp9FdO/", "21=1", "AI 21 (SERIAL): belongs in the path"));
    }

    @ParameterizedTest(name = "{0}?{1}")
    @MethodSource("malformed")
    void shouldRefuseABadCompressedUriWithAReason(final String segment, final String query, final String reason) {
        final DigitalLinkException e = assertThrows(DigitalLinkException.class,
                () -> DigitalLinkUri.parse("/" + segment, query));
        assertTrue(e.getMessage().contains(reason), () -> "reason: " + e.getMessage());
    }

    @Test
    void shouldKeepTheLeadingZerosOfAnAllDigitValue() throws DigitalLinkException {
        final DigitalLinkUri uri = DigitalLinkUri.parse("/01/" + G + "/10/0012/21/000", null);
        for (final boolean optimise : new boolean[] {false, true}) {
            final String segment = DigitalLinkCompressor.compress(uri, optimise, false);
            final DigitalLinkUri back = DigitalLinkUri.parse("/" + segment, null);
            assertEquals("/01/" + G + "/10/0012/21/000", back.canonicalPath());
        }
    }

    @Test
    void shouldRoundTripRandomUris() throws DigitalLinkException {
        final Random random = new Random(15);
        for (int i = 0; i < 1000; i++) {
            final DigitalLinkUri uri = DigitalLinkUri.parse(randomPath(random), randomQuery(random));
            final String segment = DigitalLinkCompressor.compress(uri, random.nextBoolean(), true);
            final DigitalLinkUri back = DigitalLinkUri.parse("/" + segment, null);
            assertEquals(uri.canonicalPathAndQuery(), back.canonicalPathAndQuery(), segment);
            final String partly = DigitalLinkCompressor.compressPartly(uri, true, true);
            assertEquals(uri.canonicalPathAndQuery(), DigitalLinkUri.parse(partly, null).canonicalPathAndQuery(),
                    partly);
        }
    }

    private static String randomPath(final Random random) {
        final StringBuilder body = new StringBuilder();
        for (int i = 0; i < 13; i++) {
            body.append(random.nextInt(10));
        }
        final StringBuilder path = new StringBuilder("/01/").append(body)
                .append(io.scangate.verifier.code.Gtin.checkDigit(body));
        for (final String ai : List.of("22", "10", "21")) {
            if (random.nextBoolean()) {
                path.append('/').append(ai).append('/').append(PercentCodec.encode(randomValue(random)));
            }
        }
        return path.toString();
    }

    private static String randomValue(final Random random) {
        final String[] alphabets = {"0123456789", "0123456789ABCDEF", "0123456789abcdef",
            CompressionTables.BASE64URL,
            "!\"%&'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz"};
        final String alphabet = alphabets[random.nextInt(alphabets.length)];
        final StringBuilder s = new StringBuilder();
        for (int n = 1 + random.nextInt(20); n > 0; n--) {
            s.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return s.toString();
    }

    private static String randomQuery(final Random random) {
        final List<String> parts = new ArrayList<>();
        final String[][] attributes = {{"11", "250101"}, {"13", "240229"}, {"15", "251200"}, {"16", "991231"},
            {"17", "000131"}, {"3103", "000189"}, {"7003", "2812312359"}};
        for (final String[] a : attributes) {
            if (random.nextInt(4) == 0) {
                parts.add(a[0] + "=" + a[1]);
            }
        }
        if (random.nextBoolean()) {
            parts.add("linkType=" + PercentCodec.encode(randomValue(random)));
        }
        return String.join("&", parts);
    }

    @Test
    void shouldAnswerAnyBase64UrlWithAUriOrADigitalLinkExceptionOnly() {
        final Random random = new Random(15);
        for (int i = 0; i < 5_000; i++) {
            final StringBuilder segment = new StringBuilder(random.nextBoolean() ? "A" : "C");
            for (int n = random.nextInt(40); n > 0; n--) {
                segment.append(CompressionTables.BASE64URL.charAt(random.nextInt(64)));
            }
            try {
                assertTrue(DigitalLinkUri.parse("/" + segment, null).compressed());
            } catch (final DigitalLinkException expected) {
                assertTrue(expected.getMessage().startsWith("compressed Digital Link") || expected.ai() != null,
                        expected.getMessage());
            }
        }
    }
}
