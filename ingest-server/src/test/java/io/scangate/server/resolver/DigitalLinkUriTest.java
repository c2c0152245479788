package io.scangate.server.resolver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Parsing and validation of uncompressed GS1 Digital Link URIs with key 01, table-driven. */
class DigitalLinkUriTest {
    private static final String G = "09506000134352";

    /** path, query, expected canonical path and query, expected prefix. */
    static Stream<Arguments> valid() {
        return Stream.of(
                Arguments.of("/01/" + G, null, "/01/" + G, ""),
                Arguments.of("/01/9506000134352", null, "/01/" + G, ""),
                Arguments.of("/01/614141000036", "", "/01/00614141000036", ""),
                Arguments.of("/01/96385074", null, "/01/00000096385074", ""),
                Arguments.of("/01/" + G + "/10/ABC123/21/12345", null, "/01/" + G + "/10/ABC123/21/12345", ""),
                Arguments.of("/01/" + G + "/21/S1", null, "/01/" + G + "/21/S1", ""),
                Arguments.of("/01/" + G + "/22/2A/10/L1/21/S1", null, "/01/" + G + "/22/2A/10/L1/21/S1", ""),
                Arguments.of("/01/" + G + "/22/2A/21/S1", null, "/01/" + G + "/22/2A/21/S1", ""),
                Arguments.of("/01/" + G, "17=281231&3103=000189&11=250101&linkType=gs1:pip&lang=en",
                        "/01/" + G + "?11=250101&17=281231&3103=000189&linkType=gs1:pip&lang=en", ""),
                Arguments.of("/01/" + G, "13=250100&15=240229&16=251130&7003=2812311530",
                        "/01/" + G + "?13=250100&15=240229&16=251130&7003=2812311530", ""),
                Arguments.of("/products/gs1/01/" + G + "/21/X", null, "/01/" + G + "/21/X", "/products/gs1"),
                Arguments.of("/2024/01/01/" + G, null, "/01/" + G, "/2024/01"),
                Arguments.of("/01/" + G + "/10/ABC%26%2B123/21/%2f%21x", null,
                        "/01/" + G + "/10/ABC%26%2B123/21/%2F%21x", ""),
                Arguments.of("/01/" + G + "/10/A+B", null, "/01/" + G + "/10/A%2BB", ""),
                Arguments.of("/01/" + G + "/21/01", null, "/01/" + G + "/21/01", ""),
                Arguments.of("/01/" + G + "/21/X/", null, "/01/" + G + "/21/X", ""),
                Arguments.of("/01/" + G + "/", null, "/01/" + G, ""),
                Arguments.of("/01/" + G + "/21/12345678901234567890", null,
                        "/01/" + G + "/21/12345678901234567890", ""),
                Arguments.of("/01/" + G, "&linkType=all&&context=x%20y&flag", "/01/" + G
                        + "?linkType=all&context=x%20y&flag", ""),
                Arguments.of("/01/" + G, "exp=281231", "/01/" + G + "?exp=281231", ""));
    }

    @ParameterizedTest(name = "{0}?{1}")
    @MethodSource("valid")
    void shouldAcceptAValidUriAndGiveItsCanonicalForm(final String path, final String query, final String canonical,
                                                      final String prefix) throws DigitalLinkException {
        final DigitalLinkUri uri = DigitalLinkUri.parse(path, query);
        assertEquals(canonical, uri.canonicalPathAndQuery());
        assertEquals(prefix, uri.prefix());
        assertFalse(uri.compressed());
        assertEquals(14, uri.gtin14().length());
        assertEquals(uri, DigitalLinkUri.parse(prefix + uri.canonicalPath(), uri.canonicalQuery()),
                "the canonical form parses to the same URI");
    }

    /** path, query, AI named (or null), words the reason must hold. */
    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("/01/09506000134353", null, "01", "AI 01 (GTIN): bad check digit: 3, expected 2"),
                Arguments.of("/01/9506000134353", null, "01", "bad check digit"),
                Arguments.of("/01/95060001343", null, "01", "AI 01 (GTIN): wrong length: 11 digits"),
                Arguments.of("/01/095060001343520", null, "01", "wrong length: 15 digits"),
                Arguments.of("/01/0950600013435X", null, "01", "bad character U+0058 at 14: digits only"),
                Arguments.of("/01/00000000000000", null, "01", "all zeros"),
                Arguments.of("/01/" + G + "/99/X", null, "99", "unknown AI '99' in the path"),
                Arguments.of("/01/" + G + "/lot/X", null, "lot", "unknown AI 'lot' in the path"),
                Arguments.of("/01/" + G, "99=1", "99", "unknown AI '99' in the query string"),
                Arguments.of("/01/" + G, "3922=1", "3922", "unknown AI '3922'"),
                Arguments.of("/01/" + G + "/17/281231", null, "17", "AI 17 (USE BY OR EXPIRY): not a key qualifier"),
                Arguments.of("/01/" + G + "/01/" + G, null, "01", "not a key qualifier"),
                Arguments.of("/01/" + G, "10=L1", "10", "AI 10 (BATCH/LOT): belongs in the path"),
                Arguments.of("/01/" + G, "01=" + G, "01", "belongs in the path"),
                Arguments.of("/01/" + G + "/21/S/10/L", null, "10",
                        "AI 10 (BATCH/LOT): bad qualifier order: AI 10 after AI 21"),
                Arguments.of("/01/" + G + "/10/L/22/C", null, "22", "bad qualifier order: AI 22 after AI 10"),
                Arguments.of("/01/" + G + "/21/S/22/C", null, "22", "bad qualifier order: AI 22 after AI 21"),
                Arguments.of("/01/" + G + "/10/A/10/B", null, "10", "AI 10 (BATCH/LOT): given more than once"),
                Arguments.of("/01/" + G + "/10/A/21/S/10/B", null, "10", "given more than once"),
                Arguments.of("/01/" + G, "17=281231&17=281231", "17", "AI 17 (USE BY OR EXPIRY): given more than once"),
                Arguments.of("/01/" + G + "/10//21/S", null, "10", "AI 10 (BATCH/LOT): empty value"),
                Arguments.of("/01//10/L", null, "01", "AI 01 (GTIN): empty value"),
                Arguments.of("/01/" + G, "17=", "17", "AI 17 (USE BY OR EXPIRY): empty value"),
                Arguments.of("/01/" + G, "17", "17", "empty value"),
                Arguments.of("/01/" + G + "/21", null, "21", "AI 21 (SERIAL): no value follows it"),
                Arguments.of("/01/" + G + "/21/", null, "21", "no value follows it"),
                Arguments.of("/01/" + G + "/21/S//", null, "", "unknown AI '' in the path"),
                Arguments.of("/01/" + G + "/21/123456789012345678901", null, "21",
                        "AI 21 (SERIAL): too long: 21 characters, at most 20"),
                Arguments.of("/01/" + G + "/22/ABCDEFGHIJKLMNOPQRSTU", null, "22", "too long: 21 characters"),
                Arguments.of("/01/" + G + "/10/A%23B", null, "10", "bad character U+0023 at 2: not in GS1 AI"
                        + " encodable character set 82"),
                Arguments.of("/01/" + G + "/21/A%20B", null, "21", "bad character U+0020"),
                Arguments.of("/01/" + G + "/21/%E4%B8%AD", null, "21", "bad character U+4E2D"),
                Arguments.of("/01/" + G + "/21/A%2", null, null, "AI 21 (SERIAL): bad percent-encoding"),
                Arguments.of("/01/" + G + "/21/A%ZZ", null, null, "bad percent-encoding"),
                Arguments.of("/01/" + G + "/21/%C3%28", null, null, "not UTF-8"),
                Arguments.of("/01/" + G, "lang=%G1", null, "bad percent-encoding"),
                Arguments.of("/01/" + G, "17=281332", "17", "AI 17 (USE BY OR EXPIRY): bad date 281332 (YYMMDD)"),
                Arguments.of("/01/" + G, "11=230229", "11", "bad date 230229"),
                Arguments.of("/01/" + G, "15=250431", "15", "bad date 250431"),
                Arguments.of("/01/" + G, "13=2501", "13", "wrong length: 4 digits, expected 6"),
                Arguments.of("/01/" + G, "7003=2812312460", "7003", "bad time 2460 (YYMMDDHHMM)"),
                Arguments.of("/01/" + G, "7003=2812001200", "7003", "bad date 281200"),
                Arguments.of("/01/" + G, "3103=18", "3103", "AI 3103 (NET WEIGHT (kg)): wrong length"),
                Arguments.of("/gtin/" + G, null, null, "no GS1 primary key"),
                Arguments.of("/", null, null, "no GS1 primary key"),
                Arguments.of("01/" + G, null, null, "must start with /"));
    }

    @ParameterizedTest(name = "{0}?{1}")
    @MethodSource("malformed")
    void shouldRefuseAMalformedUriWithAReasonNamingTheAiAndRule(final String path, final String query,
                                                                 final String ai, final String reason) {
        final DigitalLinkException e = assertThrows(DigitalLinkException.class,
                () -> DigitalLinkUri.parse(path, query));
        assertTrue(e.getMessage().contains(reason), () -> "reason: " + e.getMessage());
        assertEquals(ai, e.ai(), e::getMessage);
    }

    @Test
    void shouldExposeEveryPartOfTheUri() throws DigitalLinkException {
        final DigitalLinkUri uri = DigitalLinkUri.parse("/shop/01/9506000134352/22/V%2F1/10/L-7/21/S.9",
                "17=281231&linkType=gs1%3Apip&3103=000189&lang=en&lang=zh");
        assertEquals(G, uri.gtin14());
        assertEquals(Optional.of("V/1"), uri.cpv());
        assertEquals(Optional.of("L-7"), uri.lot());
        assertEquals(Optional.of("S.9"), uri.serial());
        assertEquals(Map.of("17", "281231", "3103", "000189"), uri.attributes());
        assertEquals(List.of("17", "3103"), List.copyOf(uri.attributes().keySet()));
        assertEquals(Optional.of("281231"), uri.attribute(Ai.EXPIRY));
        assertEquals(Optional.empty(), uri.attribute(Ai.PROD_DATE));
        assertEquals(List.of(new QueryParam("linkType", "gs1:pip", "linkType=gs1%3Apip"),
                new QueryParam("lang", "en", "lang=en"), new QueryParam("lang", "zh", "lang=zh")), uri.otherParams());
        assertEquals("/shop", uri.prefix());
        assertEquals("/01/" + G + "/22/V%2F1/10/L-7/21/S.9", uri.canonicalPath());
        assertEquals("17=281231&3103=000189&linkType=gs1%3Apip&lang=en&lang=zh", uri.canonicalQuery());
    }

    @Test
    void shouldLeaveAbsentQualifiersEmpty() throws DigitalLinkException {
        final DigitalLinkUri uri = DigitalLinkUri.parse("/01/" + G, null);
        assertEquals(Optional.empty(), uri.cpv());
        assertEquals(Optional.empty(), uri.lot());
        assertEquals(Optional.empty(), uri.serial());
        assertTrue(uri.attributes().isEmpty());
        assertTrue(uri.otherParams().isEmpty());
        assertEquals("", uri.canonicalQuery());
    }

    @Test
    void shouldAcceptEveryCharacterOfSet82AndNoOther() throws DigitalLinkException {
        final String set82 = "!\"%&'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz";
        assertEquals(82, set82.length());
        for (int c = 0; c < 0x80; c++) {
            final String value = PercentCodec.encode(String.valueOf((char) c));
            final String path = "/01/" + G + "/21/" + value;
            if (set82.indexOf(c) >= 0) {
                assertEquals(String.valueOf((char) c), DigitalLinkUri.parse(path, null).serial().orElseThrow());
            } else {
                assertThrows(DigitalLinkException.class, () -> DigitalLinkUri.parse(path, null), path);
            }
        }
    }

    @Test
    void shouldAnswerAnyGarbageWithADigitalLinkExceptionOnly() {
        final Random random = new Random(15);
        final String alphabet = "/0123456789%ABCDEFabcdefz_-.+&=?#~\u00e9\u4e2d ";
        for (int i = 0; i < 5_000; i++) {
            final StringBuilder path = new StringBuilder(i % 3 == 0 ? "/01/" + G : "/");
            final StringBuilder query = new StringBuilder();
            for (int n = random.nextInt(40); n > 0; n--) {
                (random.nextInt(4) == 0 ? query : path).append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            try {
                DigitalLinkUri.parse(path.toString(), query.toString());
            } catch (final DigitalLinkException expected) {
                assertFalse(expected.getMessage().isEmpty());
            }
        }
    }
}
