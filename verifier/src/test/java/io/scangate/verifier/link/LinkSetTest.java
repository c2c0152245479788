package io.scangate.verifier.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The validation of anchors and link sets, and their JSON form. */
class LinkSetTest {
    static final String GTIN13 = "6901234567892";
    static final String GTIN14 = "06901234567892";

    static Link link(final String type, final String href, final boolean dflt, final String... langs) {
        return new Link(type, href, "Title of " + type, List.of(langs), "text/html", dflt);
    }

    private static List<String> paths(final Runnable action) {
        final LinkRejectedException e = assertThrows(LinkRejectedException.class, action::run);
        final List<String> paths = new ArrayList<>();
        e.problems().forEach(p -> paths.add(p.path()));
        return paths;
    }

    @Test
    void shouldNormaliseEveryGtinLengthToFourteenDigits() {
        assertEquals(GTIN14, Anchor.gtin(GTIN13).gtin());
        assertEquals("00000096385074", Anchor.gtin("96385074").gtin());
        assertEquals("00614141000036", Anchor.gtin("614141000036").gtin());
        assertEquals(GTIN14, Anchor.gtin(GTIN14).gtin());
        assertEquals(LinkLevel.LOT, Anchor.of(GTIN13, "AB-12/x", null).level());
        assertEquals(LinkLevel.SERIAL, Anchor.of(GTIN13, null, "12345").level());
    }

    @Test
    void shouldRefuseABadGtinLotOrSerialNamingEachPart() {
        assertEquals(List.of("gtin"), paths(() -> Anchor.gtin("6901234567891")));
        assertEquals(List.of("gtin"), paths(() -> Anchor.gtin("690123456789")));
        assertEquals(List.of("lot"), paths(() -> Anchor.of(GTIN13, "x".repeat(21), null)));
        assertEquals(List.of("lot"), paths(() -> Anchor.of(GTIN13, "", null)));
        assertEquals(List.of("serial"), paths(() -> Anchor.of(GTIN13, null, "a b")));
        assertEquals(List.of("serial"), paths(() -> Anchor.of(GTIN13, null, "é")));
        assertEquals(List.of("serial"), paths(() -> Anchor.of(GTIN13, "L1", "S1")));
        assertTrue(Anchor.gs1Chars("!\"%&'()*+,-./:;<=>?_"));
        assertTrue(Anchor.gs1Chars("AZaz09"));
        assertFalse(Anchor.gs1Chars("#"));
    }

    @Test
    void shouldAcceptAWellFormedSet() {
        final LinkSet set = LinkSet.of(Anchor.gtin(GTIN13), List.of(
                link("gs1:pip", "https://brand.example/p/1", true, "zh-CN", "en"),
                link("gs1:certificationInfo", "http://brand.example/cert", false),
                link("https://vocab.example.org/custom", "https://brand.example/x?a=1#b", false, "zh-Hans-CN", "x-private", "sr-Latn-RS"),
                new Link("gs1:recipeInfo", "https://brand.example/r", "Recipes", List.of(), null, false),
                new Link("gs1:pip", "https://brand.example/p/1", "French", List.of("fr"), "text/html; charset=utf-8", false)));
        assertEquals("gs1:pip", set.defaultLink().linkType());
        assertNull(LinkSet.of(Anchor.gtin(GTIN13), List.of()).defaultLink());
    }

    @Test
    void shouldNameEveryBadFieldOfEveryLink() {
        final List<Link> links = List.of(
                new Link("pip", "ftp://brand.example/x", "", List.of("en_US", "en", "EN"), "html", true),
                new Link("gs1:pip2", "/relative", "t".repeat(201), List.of(), "text/html", true),
                new Link("gs1:pip", "https://" + "a".repeat(2048) + ".example", "ok", List.of(), null, false));
        assertEquals(List.of("links[0].linkType", "links[0].href", "links[0].title", "links[0].hreflang[0]", "links[0].hreflang[2]",
                "links[0].type", "links[1].linkType", "links[1].href", "links[1].title", "links[1].default", "links[2].href"),
                paths(() -> LinkSet.of(Anchor.gtin(GTIN13), links)));
    }

    @Test
    void shouldRefuseTheSameTypeLanguagesAndHrefTwice() {
        final List<Link> links = List.of(link("gs1:pip", "https://b.example/p", true, "en", "zh-CN"),
                link("gs1:pip", "https://b.example/p", false, "zh-cn", "EN"));
        assertEquals(List.of("links[1]"), paths(() -> LinkSet.of(Anchor.gtin(GTIN13), links)));
    }

    @Test
    void shouldRequireADefaultAmongAGtinsOwnLinksButNotALotsOrASerials() {
        final List<Link> none = List.of(link("gs1:pip", "https://b.example/p", false), link("gs1:recipeInfo", "https://b.example/r", false));
        assertEquals(List.of("links"), paths(() -> LinkSet.of(Anchor.gtin(GTIN13), none)));
        final String body = "{\"links\":[{\"linkType\":\"gs1:pip\",\"href\":\"https://b.example/p\",\"title\":\"P\"}]}";
        assertEquals(List.of("links"), paths(() -> LinkParser.parse(GTIN13, null, null, body.getBytes(StandardCharsets.UTF_8))));
        assertNull(LinkParser.parse(GTIN13, "L1", null, body.getBytes(StandardCharsets.UTF_8)).defaultLink());
        assertNull(LinkSet.of(Anchor.of(GTIN13, null, "S1"), none).defaultLink());
        assertTrue(LinkSet.of(Anchor.gtin(GTIN13), List.of()).isEmpty(), "removing a GTIN's links needs no default");
    }

    @Test
    void shouldParseTheAdminBodyAndNameMistypedAndUnknownFieldsOnce() {
        final String ok = "{\"links\":[{\"linkType\":\"gs1:pip\",\"href\":\"https://b.example/p\",\"title\":\"Product\","
                + "\"hreflang\":\"en\",\"default\":true}]}";
        final LinkSet set = LinkParser.parse("96385074", "LOT1", null, ok.getBytes(StandardCharsets.UTF_8));
        assertEquals(new Anchor("00000096385074", "LOT1", null), set.anchor());
        assertEquals(List.of("en"), set.links().get(0).hreflang());
        final String bad = "{\"links\":[{\"linkType\":7,\"href\":\"https://b.example/p\",\"title\":\"T\",\"colour\":1,"
                + "\"default\":\"yes\"}, 3], \"extra\":true}";
        assertEquals(List.of("gtin", "extra", "links[0].colour", "links[0].default", "links[0].linkType", "links[1]"),
                paths(() -> LinkParser.parse("123", "LOT1", null, bad.getBytes(StandardCharsets.UTF_8))));
        assertEquals(List.of("$"), paths(() -> LinkParser.parse(GTIN13, null, null, "{".getBytes(StandardCharsets.UTF_8))));
        assertEquals(List.of("links"), paths(() -> LinkParser.parse(GTIN13, null, null, "{}".getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void shouldRoundTripASetThroughItsJournalForm() {
        final LinkSet set = LinkSet.of(Anchor.of(GTIN13, null, "S/1"), List.of(link("gs1:pip", "https://b.example/p", true, "en"),
                new Link("gs1:recipeInfo", "https://b.example/r", "R", List.of(), null, false)));
        final String json = new String(LinkRecords.json(set), StandardCharsets.UTF_8);
        assertFalse(json.contains("\"lot\""), json);
        assertFalse(json.contains("empty"), json);
        assertTrue(json.contains("\"default\":true"), json);
        assertEquals(set, LinkRecords.read(json.getBytes(StandardCharsets.UTF_8)));
    }
}
