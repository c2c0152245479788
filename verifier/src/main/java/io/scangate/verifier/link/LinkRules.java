package io.scangate.verifier.link;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The validation of links: what a field must be, and the rules across a set. Every problem is
 * reported with its JSON path ({@code links[1].hreflang[0]}).
 *
 * <p>Concurrency: stateless.
 */
final class LinkRules {
    static final int MAX_HREF = 2048;
    static final int MAX_TITLE = 200;
    static final int MAX_LANGUAGES = 20;

    private static final Pattern GS1_TERM = Pattern.compile("gs1:[A-Za-z]{1,64}");
    private static final String ALNUM = "[A-Za-z0-9]";
    /** RFC 5646 langtag (without the grandfathered tags), or a private-use tag. */
    private static final Pattern BCP47 = Pattern.compile("(?:[A-Za-z]{2,3}(?:-[A-Za-z]{3}){0,3}|[A-Za-z]{4,8})"
            + "(?:-[A-Za-z]{4})?(?:-(?:[A-Za-z]{2}|[0-9]{3}))?(?:-(?:" + ALNUM + "{5,8}|[0-9]" + ALNUM + "{3}))*"
            + "(?:-[0-9A-WY-Za-wy-z](?:-" + ALNUM + "{2,8})+)*(?:-[xX](?:-" + ALNUM + "{1,8})+)?"
            + "|[xX](?:-" + ALNUM + "{1,8})+");
    private static final String TOKEN = "[A-Za-z0-9!#$%&'*+.^_`|~-]+";
    private static final Pattern MEDIA_TYPE = Pattern.compile(TOKEN + "/" + TOKEN
            + "(?:\\s*;\\s*" + TOKEN + "=(?:" + TOKEN + "|\"[^\"\\\\]*\"))*");

    private LinkRules() {
    }

    /** Every problem of {@code links} as one anchor's set; empty if none. */
    static List<LinkProblem> problems(final List<Link> links) {
        final List<LinkProblem> problems = new ArrayList<>();
        if (links == null) {
            problems.add(new LinkProblem("links", "is required (a list; empty removes the anchor's links)"));
            return problems;
        }
        if (links.size() > LinkSet.MAX_LINKS) {
            problems.add(new LinkProblem("links", "at most " + LinkSet.MAX_LINKS + " links per anchor, was " + links.size()));
        }
        final Set<List<Object>> seen = new HashSet<>();
        int defaults = 0;
        for (int i = 0; i < links.size(); i++) {
            final Link l = links.get(i);
            final String at = "links[" + i + "]";
            if (l == null) {
                problems.add(new LinkProblem(at, "must be a link object"));
                continue;
            }
            link(problems, at, l);
            if (l.isDefault() && ++defaults == 2) {
                problems.add(new LinkProblem(at + ".default", "only one link of an anchor may be the default"));
            }
            final Set<String> languages = new TreeSet<>();
            l.hreflang().forEach(t -> languages.add(t == null ? "" : t.toLowerCase(Locale.ROOT)));
            if (!seen.add(List.of(String.valueOf(l.linkType()), languages, String.valueOf(l.href())))) {
                problems.add(new LinkProblem(at, "repeats the linkType, hreflang and href of an earlier link"));
            }
        }
        return problems;
    }

    /**
     * The rule of a GTIN's own links: when it has any, one is the default, since a bare request
     * for the GTIN (and for any lot or serial of it without links of its own) is redirected there
     * (GS1-Conformant Resolver Standard 2.5.9; conformance 5.16).
     */
    static List<LinkProblem> gtinProblems(final List<Link> links) {
        if (links == null || links.isEmpty()) {
            return List.of();
        }
        for (final Link l : links) {
            if (l != null && l.isDefault()) {
                return List.of();
            }
        }
        return List.of(new LinkProblem("links", "a GTIN's links need a default: mark one \"default\": true"
                + " (a bare request for the GTIN, and for its lots and serials without a default of their own, is redirected to it)"));
    }

    private static void link(final List<LinkProblem> problems, final String at, final Link l) {
        if (!linkType(l.linkType())) {
            problems.add(new LinkProblem(at + ".linkType",
                    "must be a GS1 web vocabulary term such as gs1:pip (gs1: and letters) or an absolute http(s) IRI, was " + quoted(l.linkType())));
        }
        if (!href(l.href())) {
            problems.add(new LinkProblem(at + ".href", "must be an absolute http or https URL of at most " + MAX_HREF
                    + " characters, was " + quoted(l.href())));
        }
        final int title = l.title() == null ? 0 : l.title().codePointCount(0, l.title().length());
        if (title == 0 || title > MAX_TITLE || l.title().isBlank()) {
            problems.add(new LinkProblem(at + ".title", "is required: 1 to " + MAX_TITLE + " characters, not only blanks"));
        }
        if (l.hreflang().size() > MAX_LANGUAGES) {
            problems.add(new LinkProblem(at + ".hreflang", "at most " + MAX_LANGUAGES + " languages"));
        }
        final Set<String> tags = new HashSet<>();
        for (int j = 0; j < l.hreflang().size(); j++) {
            final String tag = l.hreflang().get(j);
            if (tag == null || tag.length() > 35 || !BCP47.matcher(tag).matches()) {
                problems.add(new LinkProblem(at + ".hreflang[" + j + "]", "must be a BCP 47 language tag such as en or zh-CN, was " + quoted(tag)));
            } else if (!tags.add(tag.toLowerCase(Locale.ROOT))) {
                problems.add(new LinkProblem(at + ".hreflang[" + j + "]", "repeats language " + tag));
            }
        }
        if (l.type() != null && (l.type().length() > 255 || !MEDIA_TYPE.matcher(l.type()).matches())) {
            problems.add(new LinkProblem(at + ".type", "must be a media type such as text/html, was " + quoted(l.type())));
        }
    }

    /** A compact {@code gs1:} term of letters, or an absolute http(s) IRI. */
    static boolean linkType(final String t) {
        if (t == null) {
            return false;
        }
        return t.regionMatches(true, 0, "gs1:", 0, 4) ? GS1_TERM.matcher(t).matches() : web(t, MAX_HREF);
    }

    static boolean href(final String h) {
        return h != null && web(h, MAX_HREF);
    }

    private static boolean web(final String text, final int max) {
        if (text.length() > max) {
            return false;
        }
        try {
            final URI uri = new URI(text);
            final String scheme = uri.getScheme();
            return uri.isAbsolute() && ("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))
                    && uri.getHost() != null && !uri.getHost().isEmpty();
        } catch (final URISyntaxException e) {
            return false;
        }
    }

    private static String quoted(final String s) {
        return s == null ? "nothing" : "'" + (s.length() > 80 ? s.substring(0, 80) + "..." : s) + "'";
    }
}
