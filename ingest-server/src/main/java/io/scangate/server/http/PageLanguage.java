package io.scangate.server.http;

import io.scangate.verifier.ledger.Regions;

/**
 * The language of the consumer page: Chinese (zh-CN) or English, chosen from the request's
 * {@code Accept-Language} (RFC 9110 §12.5.4, q-values honoured, {@code q=0} excludes) and, when it
 * states no language, from the scan's region: zh-CN for CN and its subdivisions, else English. A
 * header naming only languages the page does not speak gives English.
 *
 * <p>Concurrency: stateless.
 */
final class PageLanguage {
    /** No language preference was stated. */
    static final int NONE = 0;
    static final int ZH = 1;
    static final int EN = 2;
    private static final long CN = Regions.pack("CN");

    private PageLanguage() {
    }

    /** The preference in an {@code Accept-Language} value (null: none): {@link #NONE}, {@link #ZH} or {@link #EN}. */
    static int preference(final String header) {
        if (header == null || header.isBlank()) {
            return NONE;
        }
        int best = NONE;
        int bestQ = 0;
        boolean named = false;
        for (final String part : header.split(",", 32)) {
            final int semi = part.indexOf(';');
            final String tag = (semi < 0 ? part : part.substring(0, semi)).trim().toLowerCase(java.util.Locale.ROOT);
            if (tag.isEmpty() || tag.equals("*")) {
                continue;
            }
            named = true;
            final int lang = tag.equals("zh") || tag.startsWith("zh-") ? ZH : tag.equals("en") || tag.startsWith("en-") ? EN : NONE;
            final int q = semi < 0 ? 1000 : quality(part.substring(semi + 1));
            if (lang != NONE && q > bestQ) {
                best = lang;
                bestQ = q;
            }
        }
        return best == NONE && named ? EN : best;
    }

    /** The page's language for a stated preference and the scan's packed region. */
    static int choose(final int preference, final long region) {
        if (preference != NONE) {
            return preference;
        }
        return region != Regions.NONE && Regions.within(region, CN) ? ZH : EN;
    }

    /** The {@code lang} attribute of {@code language}. */
    static String tag(final int language) {
        return language == ZH ? "zh-CN" : "en";
    }

    /** A parameter list's {@code q} in thousandths (1000 if absent, 0 if malformed). */
    private static int quality(final String params) {
        for (final String p : params.split(";", 8)) {
            final String t = p.trim();
            if (t.startsWith("q=") || t.startsWith("Q=")) {
                try {
                    final double q = Double.parseDouble(t.substring(2));
                    return q >= 0 && q <= 1 ? (int) Math.round(q * 1000) : 0;
                } catch (final NumberFormatException e) {
                    return 0;
                }
            }
        }
        return 1000;
    }
}
