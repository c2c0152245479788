package io.scangate.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import io.scangate.verifier.ledger.Regions;

class PageLanguageTest {
    @Test
    void shouldHonourQValuesAndExclusions() {
        assertEquals(PageLanguage.ZH, PageLanguage.preference("zh-CN,zh;q=0.9,en;q=0.8"));
        assertEquals(PageLanguage.ZH, PageLanguage.preference("en;q=0.5, zh-Hans;q=0.7"));
        assertEquals(PageLanguage.EN, PageLanguage.preference("zh;q=0, en;q=0.001"));
        assertEquals(PageLanguage.EN, PageLanguage.preference("EN-us"));
        assertEquals(PageLanguage.EN, PageLanguage.preference("de, fr;q=0.5"), "only unsupported languages");
        assertEquals(PageLanguage.EN, PageLanguage.preference("en, zh"), "a tie goes to the first");
        assertEquals(PageLanguage.EN, PageLanguage.preference("zh;q=abc, en;q=0.2"), "a malformed q counts as 0");
    }

    @Test
    void shouldStateNoPreferenceWithoutALanguage() {
        assertEquals(PageLanguage.NONE, PageLanguage.preference(null));
        assertEquals(PageLanguage.NONE, PageLanguage.preference(" "));
        assertEquals(PageLanguage.NONE, PageLanguage.preference("*"));
    }

    @Test
    void shouldDefaultToChineseForChinaAndItsSubdivisionsOnly() {
        assertEquals(PageLanguage.ZH, PageLanguage.choose(PageLanguage.NONE, Regions.pack("CN")));
        assertEquals(PageLanguage.ZH, PageLanguage.choose(PageLanguage.NONE, Regions.pack("CN-31")));
        assertEquals(PageLanguage.EN, PageLanguage.choose(PageLanguage.NONE, Regions.pack("HK")));
        assertEquals(PageLanguage.EN, PageLanguage.choose(PageLanguage.NONE, Regions.NONE));
        assertEquals(PageLanguage.EN, PageLanguage.choose(PageLanguage.EN, Regions.pack("CN")));
        assertEquals("zh-CN", PageLanguage.tag(PageLanguage.ZH));
    }

    @Test
    void shouldEscapeHtmlAndFormatMoney() {
        assertEquals("&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;", ConsumerPage.escape("<a href=\"x\" title='y'>&"));
        assertEquals("¥8.88", ConsumerPage.money(888, "CNY", java.util.Locale.SIMPLIFIED_CHINESE));
        assertEquals("¥500", ConsumerPage.money(500, "JPY", java.util.Locale.SIMPLIFIED_CHINESE).replace("JP", ""));
        assertEquals("8.88 XQQ", ConsumerPage.money(888, "XQQ", java.util.Locale.US));
    }
}
