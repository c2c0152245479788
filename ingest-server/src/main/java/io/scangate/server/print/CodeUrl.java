package io.scangate.server.print;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * The public URL printed for a code: {@code BASE/c/CODE}, or the GS1 Digital Link form
 * {@code BASE/01/GTIN14/21/CODE} that the scan port reads alike (docs/API.md). The base is the
 * address consumers reach, not the ops port, so it is given by the operator.
 *
 * <p>Immutable.
 */
public final class CodeUrl {
    /** The two URL forms a code can be printed in. */
    public enum Form {
        /** {@code /c/{code}}: the shortest, so the smallest symbol. */
        SHORT,
        /** {@code /01/{gtin}/21/{code}}: GS1 Digital Link, readable by any GS1 resolver client. */
        DIGITAL_LINK
    }

    private final String base;
    private final Form form;

    private CodeUrl(final String base, final Form form) {
        this.base = base;
        this.form = form;
    }

    /**
     * The URLs under {@code base} (an http or https URL with a host and no query or fragment; a
     * trailing {@code /} is dropped) in {@code form}; {@link IllegalArgumentException} naming what
     * is wrong with the base.
     */
    public static CodeUrl of(final String base, final Form form) {
        final String text = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        final URI uri;
        try {
            uri = new URI(text);
        } catch (final URISyntaxException e) {
            throw new IllegalArgumentException("must be an http:// or https:// URL such as https://s.example.com, was '" + base + "'");
        }
        final String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            throw new IllegalArgumentException("must be an http:// or https:// URL such as https://s.example.com, was '" + base + "'");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("must have no query or fragment (the code's path follows it), was '" + base + "'");
        }
        return new CodeUrl(text, form);
    }

    /** The URL of {@code code} (20 characters, normalised) of a batch with GTIN-14 {@code gtin}. */
    public String of(final String gtin, final String code) {
        return form == Form.SHORT ? base + "/c/" + code : base + "/01/" + gtin + "/21/" + code;
    }

    /** The GS1 element string {@code 01 GTIN 21 SERIAL} (without FNC1, which the symbol adds), for a GS1 DataMatrix. */
    public static String elementString(final String gtin, final String code) {
        return "01" + gtin + "21" + code;
    }
}
