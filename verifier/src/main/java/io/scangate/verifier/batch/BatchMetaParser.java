package io.scangate.verifier.batch;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Reads and strictly validates batch metadata from its JSON form: strings of at most
 * {@value #MAX_TEXT} characters without control characters, the image an http(s) URL of at most
 * {@value #MAX_URL} characters, dates ISO, at most {@value #MAX_STEPS} steps, no unknown field.
 * Throws {@link IllegalArgumentException} naming every bad field.
 */
public final class BatchMetaParser {
    public static final int MAX_TEXT = 200;
    public static final int MAX_URL = 2048;
    public static final int MAX_STEPS = 20;
    /** The most bytes the metadata may take on the consumer page (escaped, UTF-8), so the page stays under 30 KB. */
    public static final int MAX_PAGE_BYTES = 20 * 1024;
    private static final Set<String> FIELDS = Set.of("name", "imageUrl", "productionDate", "line", "steps");
    private static final Set<String> STEP_FIELDS = Set.of("step", "at", "place");

    private BatchMetaParser() {
    }

    /** The metadata in {@code node} (a JSON object). */
    public static BatchMeta parse(final JsonNode node) {
        final List<String> problems = new ArrayList<>();
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("'meta' must be a JSON object");
        }
        unknown(node, FIELDS, "meta.", problems);
        final String name = text(node, "name", "meta.name", problems);
        final String image = text(node, "imageUrl", "meta.imageUrl", MAX_URL, problems);
        if (image != null && !httpUrl(image)) {
            problems.add("'meta.imageUrl' must be an absolute http or https URL");
        }
        final String date = text(node, "productionDate", "meta.productionDate", problems);
        if (date != null && !isoDate(date)) {
            problems.add("'meta.productionDate' must be an ISO date such as 2026-03-01");
        }
        final String line = text(node, "line", "meta.line", problems);
        final List<BatchMeta.Step> steps = steps(node.get("steps"), problems);
        if (problems.isEmpty()) {
            final int bytes = pageBytes(new BatchMeta(name, image, date, line, steps));
            if (bytes > MAX_PAGE_BYTES) {
                problems.add("'meta' would take " + bytes + " bytes of the consumer page, at most " + MAX_PAGE_BYTES
                        + " (the page stays under 30 KB): shorten 'meta.name', 'meta.line' or 'meta.steps'");
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        return new BatchMeta(name, image, date, line, steps);
    }

    /** The bytes {@code meta}'s text takes on the page: HTML-escaped UTF-8, the name twice (heading and image text). */
    static int pageBytes(final BatchMeta meta) {
        int n = 2 * escaped(meta.name()) + escaped(meta.imageUrl()) + escaped(meta.productionDate()) + escaped(meta.line());
        for (final BatchMeta.Step s : meta.steps()) {
            n += escaped(s.step()) + escaped(s.at()) + escaped(s.place());
        }
        return n;
    }

    private static int escaped(final String s) {
        if (s == null) {
            return 0;
        }
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            final char c = s.charAt(i);
            n += switch (c) {
                case '&', '\'' -> 5;
                case '<', '>' -> 4;
                case '"' -> 6;
                default -> c < 0x80 ? 1 : c < 0x800 || Character.isSurrogate(c) ? 2 : 3;
            };
        }
        return n;
    }

    private static List<BatchMeta.Step> steps(final JsonNode node, final List<String> problems) {
        final List<BatchMeta.Step> steps = new ArrayList<>();
        if (node == null || node.isNull()) {
            return steps;
        }
        if (!node.isArray() || node.size() > MAX_STEPS) {
            problems.add("'meta.steps' must be an array of at most " + MAX_STEPS + " steps");
            return steps;
        }
        for (int i = 0; i < node.size(); i++) {
            final JsonNode s = node.get(i);
            final String where = "meta.steps[" + i + "].";
            if (!s.isObject()) {
                problems.add("'" + where.substring(0, where.length() - 1) + "' must be an object {step, at, place}");
                continue;
            }
            unknown(s, STEP_FIELDS, where, problems);
            final String step = text(s, "step", where + "step", problems);
            if (step == null) {
                problems.add("'" + where + "step' is required");
            }
            final String at = text(s, "at", where + "at", problems);
            if (at != null && !isoDate(at) && !isoDateTime(at)) {
                problems.add("'" + where + "at' must be an ISO date or date-time such as 2026-03-01 or 2026-03-01T08:00:00Z");
            }
            steps.add(new BatchMeta.Step(step, at, text(s, "place", where + "place", problems)));
        }
        return steps;
    }

    private static void unknown(final JsonNode node, final Set<String> known, final String prefix, final List<String> problems) {
        for (final Iterator<String> it = node.fieldNames(); it.hasNext();) {
            final String f = it.next();
            if (!known.contains(f)) {
                problems.add("'" + prefix + f + "' is not a field (known: " + String.join(", ", new java.util.TreeSet<>(known)) + ")");
            }
        }
    }

    private static String text(final JsonNode node, final String field, final String name, final List<String> problems) {
        return text(node, field, name, MAX_TEXT, problems);
    }

    private static String text(final JsonNode node, final String field, final String name, final int max, final List<String> problems) {
        final JsonNode n = node.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isTextual()) {
            problems.add("'" + name + "' must be a string");
            return null;
        }
        final String s = n.asText();
        if (s.isEmpty() || s.length() > max || s.chars().anyMatch(Character::isISOControl)) {
            problems.add("'" + name + "' must be 1 to " + max + " characters without control characters");
            return null;
        }
        return s;
    }

    /** Whether {@code s} is an absolute http or https URL with a host. */
    public static boolean httpUrl(final String s) {
        if (s == null || s.length() > MAX_URL) {
            return false;
        }
        try {
            final java.net.URI u = new java.net.URI(s);
            final String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            return (scheme.equals("http") || scheme.equals("https")) && u.getHost() != null;
        } catch (final java.net.URISyntaxException e) {
            return false;
        }
    }

    private static boolean isoDate(final String s) {
        try {
            LocalDate.parse(s);
            return true;
        } catch (final DateTimeParseException e) {
            return false;
        }
    }

    private static boolean isoDateTime(final String s) {
        try {
            OffsetDateTime.parse(s);
            return true;
        } catch (final DateTimeParseException e) {
            return false;
        }
    }
}
