package io.scangate.server.http;

import java.nio.charset.StandardCharsets;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Currency;
import java.util.Locale;

import io.scangate.verifier.batch.Batch;
import io.scangate.verifier.batch.BatchMeta;
import io.scangate.verifier.batch.BatchMetaParser;
import io.scangate.verifier.campaign.Reward;
import io.scangate.verifier.channel.Actor;
import io.scangate.verifier.code.CodeFormat;
import io.scangate.verifier.link.Link;
import io.scangate.verifier.link.LinkMatch;
import io.scangate.verifier.ledger.Regions;
import io.scangate.verifier.verdict.Alert;
import io.scangate.verifier.verdict.Verdict;

/**
 * The consumer page a browser gets for a scan: mobile-first, inline CSS, no script, in Chinese or
 * English ({@link PageLanguage}). It shows the verdict as a large coloured banner, the product and
 * batch (from the batch's {@link BatchMeta} when it has one, else SKU and GTIN), the reward won and
 * how to claim it, the channel, and the verdict code in small print. Everything that came from a
 * user (batch metadata, SKU, campaign, prize, actor names) is HTML-escaped. A few KB; well under 30.
 *
 * <p>Concurrency: stateless; called on event loops.
 */
final class ConsumerPage {
    private static final String[] COLOURS = {"#1b7f3b", "#2e6b3a", "#c25e00", "#b3261e", "#5f6368", "#455a64", "#7b1f3a"};
    private static final String[] ICONS = {"\u2713", "\u2713", "!", "\u2717", "?", "\u2013", "\u26a0"};
    private static final String CSS = "*{box-sizing:border-box}body{margin:0;font:16px/1.5 system-ui,-apple-system,'PingFang SC',"
            + "'Noto Sans CJK SC','WenQuanYi Micro Hei','Microsoft YaHei',sans-serif;color:#202124;background:#f5f5f5}main{max-width:480px;margin:0 auto}"
            + ".v{color:#fff;padding:28px 20px;text-align:center}.i{display:inline-block;width:72px;height:72px;border-radius:50%;"
            + "border:4px solid #fff;font-size:44px;line-height:64px;font-weight:700}h1{font-size:28px;margin:12px 0 6px}"
            + ".v p{margin:0;font-size:17px}section{background:#fff;margin:12px;padding:14px 16px;border-radius:10px}"
            + "h2{font-size:18px;margin:0 0 8px}dl+h2{margin-top:14px}dl{margin:0;display:grid;grid-template-columns:auto 1fr;gap:4px 12px}"
            + "dt{color:#5f6368}dd{margin:0;word-break:break-word}img{display:block;max-width:100%;max-height:240px;margin:0 auto;border-radius:8px}"
            + "ol{margin:0;padding-left:22px}.r{border:3px solid #e0a100;background:#fff8e1}.r h2{color:#8a5a00;font-size:22px}"
            + "footer{color:#5f6368;font-size:12px;text-align:center;padding:8px 12px 24px}";

    private ConsumerPage() {
    }

    /** The page for {@code r}; {@code codeText} is scratch of at least {@link CodeFormat#LENGTH} bytes. */
    static String render(final PendingReply r, final byte[] codeText) {
        final int language = PageLanguage.choose(r.format >> 1, r.region);
        final PageText t = PageText.of(language);
        final int kind = PageText.kind(r.verdict, r.firstScan);
        final StringBuilder p = new StringBuilder(4096);
        p.append("<!doctype html><html lang=\"").append(PageLanguage.tag(language)).append("\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\"><link rel=\"icon\" href=\"data:,\"><title>").append(t.title(kind))
                .append("</title><style>").append(CSS).append("</style></head><body><main>");
        p.append("<div class=\"v\" id=\"verdict\" style=\"background:").append(COLOURS[kind]).append("\"><span class=\"i\" aria-hidden=\"true\">")
                .append(ICONS[kind]).append("</span><h1>").append(t.title(kind)).append("</h1><p>")
                .append(explanation(r, t, kind)).append("</p></div>");
        reward(p, r, t);
        product(p, r, t);
        channel(p, r, t);
        links(p, r, t, language);
        CodeFormat.encode(r.codeId, r.tag, codeText, 0);
        p.append("<footer>").append(t.verdictCode).append(": <span id=\"code\">").append(r.verdict.name()).append("</span> \u00b7 ")
                .append(t.code).append(' ').append(new String(codeText, 0, CodeFormat.LENGTH, java.nio.charset.StandardCharsets.US_ASCII))
                .append("</footer></main></body></html>");
        return p.toString();
    }

    private static String explanation(final PendingReply r, final PageText t, final int kind) {
        final String region = Regions.toString(r.firstRegion);
        return t.explanation(kind).replace("{n}", Integer.toString(r.scanCount))
                .replace("{date}", Instant.ofEpochMilli(r.firstScanAt).atZone(ZoneOffset.UTC).toLocalDate().toString())
                .replace("{region}", region == null ? "" : t.in + region);
    }

    private static void product(final StringBuilder p, final PendingReply r, final PageText t) {
        final Batch b = r.batch;
        if (b == null || r.verdict == Verdict.FORGED || r.verdict == Verdict.UNKNOWN) {
            if (r.verdict == Verdict.FORGED) {
                p.append("<section><p>").append(t.noProduct).append("</p></section>");
            }
            return;
        }
        final BatchMeta m = b.meta();
        p.append("<section id=\"product\"><h2>").append(escape(m != null && m.name() != null ? m.name() : b.sku())).append("</h2>");
        if (m != null && BatchMetaParser.httpUrl(m.imageUrl())) {
            p.append("<p><img src=\"").append(escape(m.imageUrl())).append("\" alt=\"").append(t.image).append(": ")
                    .append(escape(m.name() != null ? m.name() : b.sku())).append("\"></p>");
        }
        p.append("<dl>");
        row(p, t.sku, b.sku());
        row(p, t.gtin, b.gtin());
        row(p, t.batch, Long.toString(b.batchId()));
        if (m != null) {
            row(p, t.productionDate, m.productionDate());
            row(p, t.line, m.line());
        }
        p.append("</dl>");
        if (m != null && !m.steps().isEmpty()) {
            p.append("<h2>").append(t.steps).append("</h2><ol id=\"steps\">");
            for (final BatchMeta.Step s : m.steps()) {
                p.append("<li><strong>").append(escape(s.step())).append("</strong>");
                if (s.at() != null) {
                    p.append(" \u00b7 ").append(escape(s.at()));
                }
                if (s.place() != null) {
                    p.append(" \u00b7 ").append(escape(s.place()));
                }
                p.append("</li>");
            }
            p.append("</ol>");
        }
        p.append("</section>");
    }

    private static void reward(final StringBuilder p, final PendingReply r, final PageText t) {
        final Reward w = r.reward;
        if (w != null) {
            p.append("<section class=\"r\" id=\"reward\"><h2>").append(t.won).append("</h2><dl>");
            row(p, t.prize, w.prize());
            row(p, t.amount, money(w.amount(), w.currency(), PageText.ZH == t ? Locale.SIMPLIFIED_CHINESE : Locale.US));
            row(p, t.campaign, w.campaign());
            row(p, t.rewardId, Long.toString(w.rewardId()));
            p.append("</dl><p>").append(t.howToClaim).append("</p></section>");
        } else if (Alert.REWARD_ALREADY_CLAIMED.in(r.alerts)) {
            p.append("<section id=\"reward\"><p>").append(t.claimed).append("</p></section>");
        }
    }

    private static void channel(final StringBuilder p, final PendingReply r, final PageText t) {
        final Actor store = r.installStore != null ? r.installStore : r.holder;
        if (store == null || r.verdict == Verdict.FORGED || r.verdict == Verdict.UNKNOWN) {
            return;
        }
        p.append("<section id=\"channel\"><h2>").append(t.channel).append("</h2><dl>");
        row(p, r.installStore != null ? t.installedAt : t.holder, store.name() != null ? store.name() : store.id());
        p.append("</dl></section>");
    }

    /**
     * The brand's links for the product (the resolver's links of its GTIN, or of the code's serial
     * when set there), one per link type, in the page's language where one fits. The GTIN is the
     * batch's, or the one a Digital Link URI named: a serial that is not genuine still gets the
     * product's links (the page says plainly above that it is not genuine).
     */
    private static void links(final StringBuilder p, final PendingReply r, final PageText t, final int language) {
        final String gtin = r.batch != null ? r.batch.gtin() : r.gtin != 0 ? String.format("%014d", r.gtin) : null;
        if (r.links == null || gtin == null) {
            return;
        }
        CodeFormat.encode(r.codeId, r.tag, SERIAL.get(), 0);
        final LinkMatch m = r.links.find(gtin, null, new String(SERIAL.get(), 0, CodeFormat.LENGTH, StandardCharsets.US_ASCII));
        if (m == null || m.set().isEmpty()) {
            return;
        }
        final String accept = PageLanguage.tag(language);
        final java.util.Set<String> shown = new java.util.HashSet<>();
        p.append("<section id=\"links\"><h2>").append(t.links).append("</h2><ul>");
        for (final Link l : m.set().links()) {
            if (shown.add(l.linkType())) {
                final Link best = Resolver.pick(m.set().links(), l.linkType(), accept);
                p.append("<li><a rel=\"noopener\" href=\"").append(escape(best.href())).append("\">").append(escape(best.title())).append("</a></li>");
            }
        }
        p.append("</ul></section>");
    }

    private static final ThreadLocal<byte[]> SERIAL = ThreadLocal.withInitial(() -> new byte[CodeFormat.LENGTH]);

    private static void row(final StringBuilder p, final String label, final String value) {
        if (value != null) {
            p.append("<dt>").append(label).append("</dt><dd>").append(escape(value)).append("</dd>");
        }
    }

    /** {@code minor} units of {@code currency} as the locale writes money ({@code ¥12.50}, {@code CN¥12.50}); plain for an unknown code. */
    static String money(final long minor, final String currency, final Locale locale) {
        try {
            final Currency c = Currency.getInstance(currency);
            final java.text.NumberFormat f = java.text.NumberFormat.getCurrencyInstance(locale);
            f.setCurrency(c);
            final int digits = Math.max(0, c.getDefaultFractionDigits());
            f.setMinimumFractionDigits(digits);
            f.setMaximumFractionDigits(digits);
            return f.format(BigDecimal.valueOf(minor, digits));
        } catch (final IllegalArgumentException | NullPointerException e) {
            return BigDecimal.valueOf(minor, 2).toPlainString() + (currency == null ? "" : " " + currency);
        }
    }

    /** {@code s} safe in HTML text and in quoted attribute values. */
    static String escape(final String s) {
        final StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            final char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
