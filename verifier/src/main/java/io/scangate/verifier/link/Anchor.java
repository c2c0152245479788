package io.scangate.verifier.link;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

import io.scangate.verifier.code.Gtin;

/**
 * What a link set belongs to: a GTIN (always in its 14-digit form), and at most one of a lot
 * (GS1 AI 10) or a serial (AI 21). {@link #of} validates and normalises; the record constructor
 * trusts its input (the journal's replay).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Anchor(String gtin, String lot, String serial) implements Comparable<Anchor> {
    /** Longest lot or serial (AI 10 and AI 21 are X..20). */
    public static final int MAX_QUALIFIER = 20;

    private static final Comparator<String> NULLS_FIRST = Comparator.nullsFirst(Comparator.<String>naturalOrder());
    private static final Comparator<Anchor> ORDER = Comparator.comparing((Anchor a) -> a.gtin)
            .thenComparing(Anchor::level).thenComparing(Anchor::lot, NULLS_FIRST).thenComparing(Anchor::serial, NULLS_FIRST);

    /** The anchor of a whole GTIN (8, 12, 13 or 14 digits). */
    public static Anchor gtin(final String gtin) {
        return of(gtin, null, null);
    }

    /**
     * The anchor of {@code gtin} (8, 12, 13 or 14 digits, kept as 14) with an optional lot or
     * serial (not both). Throws {@link LinkRejectedException} naming every bad part.
     */
    public static Anchor of(final String gtin, final String lot, final String serial) {
        final List<LinkProblem> problems = problems(gtin, lot, serial);
        if (!problems.isEmpty()) {
            throw new LinkRejectedException(problems);
        }
        return new Anchor(gtin14(gtin), lot, serial);
    }

    /** What is wrong with these parts of an anchor; empty if nothing. */
    static List<LinkProblem> problems(final String gtin, final String lot, final String serial) {
        final List<LinkProblem> problems = new ArrayList<>(2);
        if (gtin == null || !Gtin.valid(gtin)) {
            problems.add(new LinkProblem("gtin", "must be a GTIN of 8, 12, 13 or 14 digits ending in its check digit, was '" + gtin + "'"));
        }
        qualifier(problems, "lot", lot);
        qualifier(problems, "serial", serial);
        if (lot != null && serial != null) {
            problems.add(new LinkProblem("serial", "an anchor has a lot or a serial, not both"));
        }
        return problems;
    }

    private static void qualifier(final List<LinkProblem> problems, final String name, final String value) {
        if (value != null && !gs1Chars(value)) {
            problems.add(new LinkProblem(name, "must be 1 to " + MAX_QUALIFIER
                    + " characters of the GS1 character set 82 (A-Z a-z 0-9 and !\"%&'()*+,-./:;<=>?_), was '" + value + "'"));
        }
    }

    /** Whether {@code s} is 1 to 20 characters of GS1 AI encodable character set 82 (Gen Specs figure 7.11-1). */
    public static boolean gs1Chars(final String s) {
        if (s.isEmpty() || s.length() > MAX_QUALIFIER) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            final char c = s.charAt(i);
            final boolean alnum = c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9';
            if (!alnum && "!\"%&'()*+,-./:;<=>?_".indexOf(c) < 0) {
                return false;
            }
        }
        return true;
    }

    /** {@code gtin} (a valid GTIN-8/12/13/14) left-padded with zeros to 14 digits. */
    public static String gtin14(final String gtin) {
        return "0".repeat(14 - gtin.length()) + gtin;
    }

    /** Which level this anchor is at. */
    @JsonIgnore
    public LinkLevel level() {
        return serial != null ? LinkLevel.SERIAL : lot != null ? LinkLevel.LOT : LinkLevel.GTIN;
    }

    /** The anchor's admin path below {@code /admin/links}: {@code /GTIN}, {@code /GTIN/lot/L} or {@code /GTIN/serial/S} (unescaped). */
    @Override
    public String toString() {
        return gtin + (lot != null ? "/lot/" + lot : serial != null ? "/serial/" + serial : "");
    }

    @Override
    public int compareTo(final Anchor o) {
        return ORDER.compare(this, o);
    }
}
