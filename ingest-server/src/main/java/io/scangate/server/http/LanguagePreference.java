package io.scangate.server.http;

import java.util.List;
import java.util.Locale;

/**
 * How well a target's languages fit an {@code Accept-Language} header (RFC 9110 section 12.5.4,
 * basic filtering): the best quality value among the ranges that match one of the languages, a
 * primary-subtag match ({@code zh} for {@code zh-CN}) slightly below a full one; a target that
 * names no language fits anybody a little; no header: everything fits equally.
 */
final class LanguagePreference {
    private LanguagePreference() {
    }

    /** A score, higher is better; 0 when the header refuses every language of the target. */
    static double score(final String acceptLanguage, final List<String> languages) {
        if (acceptLanguage == null || acceptLanguage.isBlank()) {
            return 1;
        }
        if (languages.isEmpty()) {
            return 0.001;
        }
        double best = 0;
        for (final String part : acceptLanguage.split(",")) {
            final String[] pieces = part.trim().split(";");
            final String range = pieces[0].trim().toLowerCase(Locale.ROOT);
            final double q = quality(pieces);
            for (final String lang : languages) {
                final String l = lang.toLowerCase(Locale.ROOT);
                final double fit = range.equals("*") || range.equals(l) ? q
                        : l.startsWith(range + "-") || range.startsWith(l + "-") || primary(l).equals(primary(range)) ? q * 0.9 : 0;
                best = Math.max(best, fit);
            }
        }
        return best;
    }

    private static double quality(final String[] pieces) {
        for (int i = 1; i < pieces.length; i++) {
            final String p = pieces[i].trim();
            if (p.startsWith("q=")) {
                try {
                    return Math.max(0, Math.min(1, Double.parseDouble(p.substring(2))));
                } catch (final NumberFormatException e) {
                    return 0;
                }
            }
        }
        return 1;
    }

    private static String primary(final String tag) {
        final int dash = tag.indexOf('-');
        return dash < 0 ? tag : tag.substring(0, dash);
    }
}
