package io.scangate.server.ops;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A reader of the Prometheus text exposition format (version 0.0.4) as {@code /metrics} writes it:
 * {@code # HELP} / {@code # TYPE} lines and samples {@code name{label="value",...} value}. Used
 * by {@code scangate status} and by the tests that check the format; a malformed line is an
 * {@link IllegalArgumentException} naming the line.
 */
public final class PrometheusText {
    /** One sample line. */
    public record Sample(String name, Map<String, String> labels, double value) {
        public String label(final String key) {
            return labels.get(key);
        }
    }

    private final List<Sample> samples;
    private final Map<String, String> types;
    private final Map<String, String> help;

    private PrometheusText(final List<Sample> samples, final Map<String, String> types, final Map<String, String> help) {
        this.samples = samples;
        this.types = types;
        this.help = help;
    }

    /** Parses a whole exposition. */
    public static PrometheusText parse(final String text) {
        final List<Sample> samples = new ArrayList<>();
        final Map<String, String> types = new LinkedHashMap<>();
        final Map<String, String> help = new LinkedHashMap<>();
        int n = 0;
        for (final String line : text.split("\n", -1)) {
            n++;
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("#")) {
                final String[] parts = line.split(" ", 4);
                if (parts.length >= 3 && parts[1].equals("TYPE")) {
                    if (parts.length != 4 || !isName(parts[2])
                            || !List.of("counter", "gauge", "histogram", "summary", "untyped").contains(parts[3])) {
                        throw bad(n, line, "malformed # TYPE line");
                    }
                    if (types.put(parts[2], parts[3]) != null) {
                        throw bad(n, line, "second # TYPE for " + parts[2]);
                    }
                } else if (parts.length >= 3 && parts[1].equals("HELP")) {
                    if (!isName(parts[2])) {
                        throw bad(n, line, "malformed # HELP line");
                    }
                    if (help.put(parts[2], parts.length == 4 ? parts[3] : "") != null) {
                        throw bad(n, line, "second # HELP for " + parts[2]);
                    }
                }
                continue;
            }
            samples.add(sample(n, line));
        }
        return new PrometheusText(Collections.unmodifiableList(samples), types, help);
    }

    private static Sample sample(final int n, final String line) {
        int i = 0;
        while (i < line.length() && line.charAt(i) != '{' && line.charAt(i) != ' ') {
            i++;
        }
        final String name = line.substring(0, i);
        if (!isName(name)) {
            throw bad(n, line, "bad metric name '" + name + "'");
        }
        final Map<String, String> labels = new LinkedHashMap<>();
        if (i < line.length() && line.charAt(i) == '{') {
            i = labels(n, line, i + 1, labels);
        }
        if (i >= line.length() || line.charAt(i) != ' ') {
            throw bad(n, line, "no value");
        }
        return new Sample(name, Collections.unmodifiableMap(labels), value(n, line, line.substring(i + 1)));
    }

    /** Reads {@code key="value",...} from {@code from} (just after the '{') into {@code labels}; returns the index after the '}'. */
    private static int labels(final int n, final String line, final int from, final Map<String, String> labels) {
        int i = from;
        while (line.charAt(i) != '}') {
            final int eq = line.indexOf('=', i);
            if (eq < 0) {
                throw bad(n, line, "label without '='");
            }
            final String key = line.substring(i, eq);
            if (!key.matches("[a-zA-Z_][a-zA-Z0-9_]*") || eq + 1 >= line.length() || line.charAt(eq + 1) != '"') {
                throw bad(n, line, "bad label '" + key + "'");
            }
            final StringBuilder value = new StringBuilder();
            int j = eq + 2;
            for (; j < line.length() && line.charAt(j) != '"'; j++) {
                char c = line.charAt(j);
                if (c == '\\' && j + 1 < line.length()) {
                    c = line.charAt(++j);
                    value.append(c == 'n' ? '\n' : c);
                } else {
                    value.append(c);
                }
            }
            if (j >= line.length()) {
                throw bad(n, line, "unterminated label value");
            }
            if (labels.put(key, value.toString()) != null) {
                throw bad(n, line, "label '" + key + "' twice");
            }
            i = j + 1;
            if (i < line.length() && line.charAt(i) == ',') {
                i++;
            } else if (i >= line.length() || line.charAt(i) != '}') {
                throw bad(n, line, "expected ',' or '}' after a label");
            }
        }
        return i + 1;
    }

    /** The sample value of {@code text} ({@code value [timestamp]}). */
    private static double value(final int n, final String line, final String text) {
        final String[] rest = text.split(" ");
        if (rest.length > 2) {
            throw bad(n, line, "trailing text after value and timestamp");
        }
        try {
            final double value = switch (rest[0]) {
                case "+Inf" -> Double.POSITIVE_INFINITY;
                case "-Inf" -> Double.NEGATIVE_INFINITY;
                case "NaN" -> Double.NaN;
                default -> Double.parseDouble(rest[0]);
            };
            if (rest.length == 2) {
                Long.parseLong(rest[1]);
            }
            return value;
        } catch (final NumberFormatException e) {
            throw bad(n, line, "value or timestamp is not a number");
        }
    }

    private static boolean isName(final String s) {
        return s.matches("[a-zA-Z_:][a-zA-Z0-9_:]*");
    }

    private static IllegalArgumentException bad(final int n, final String line, final String why) {
        return new IllegalArgumentException("line " + n + ": " + why + ": " + line);
    }

    public List<Sample> samples() {
        return samples;
    }

    /** {@code # TYPE} per metric family. */
    public Map<String, String> types() {
        return types;
    }

    /** {@code # HELP} per metric family. */
    public Map<String, String> help() {
        return help;
    }

    /** The samples named {@code name} whose labels include {@code labels} (key, value, key, value...). */
    public List<Sample> find(final String name, final String... labels) {
        final List<Sample> out = new ArrayList<>();
        for (final Sample s : samples) {
            if (s.name.equals(name) && matches(s, labels)) {
                out.add(s);
            }
        }
        return out;
    }

    /** Sum of the matching samples' values; NaN when there is none. */
    public double sum(final String name, final String... labels) {
        final List<Sample> found = find(name, labels);
        if (found.isEmpty()) {
            return Double.NaN;
        }
        double total = 0;
        for (final Sample s : found) {
            total += s.value;
        }
        return total;
    }

    /**
     * The {@code q} quantile of histogram {@code name} (its {@code _bucket} series whose labels
     * include {@code labels}) since start, interpolated within the bucket as Prometheus'
     * {@code histogram_quantile} does; NaN if empty. The labels must pick one series: buckets of
     * two (http and udp) are not one histogram.
     */
    public double quantile(final double q, final String name, final String... labels) {
        final List<Sample> buckets = new ArrayList<>(find(name + "_bucket", labels));
        buckets.sort((a, b) -> Double.compare(le(a), le(b)));
        if (buckets.isEmpty()) {
            return Double.NaN;
        }
        final double total = buckets.get(buckets.size() - 1).value;
        if (total <= 0) {
            return Double.NaN;
        }
        final double rank = q * total;
        double lower = 0;
        double below = 0;
        for (final Sample b : buckets) {
            final double upper = le(b);
            if (b.value >= rank) {
                if (Double.isInfinite(upper)) {
                    return lower;
                }
                return lower + (upper - lower) * (rank - below) / Math.max(b.value - below, 1e-12);
            }
            lower = upper;
            below = b.value;
        }
        return lower;
    }

    private static double le(final Sample s) {
        final String le = s.labels.get("le");
        return "+Inf".equals(le) ? Double.POSITIVE_INFINITY : Double.parseDouble(le);
    }

    private static boolean matches(final Sample s, final String... labels) {
        for (int i = 0; i + 1 < labels.length; i += 2) {
            if (!labels[i + 1].equals(s.labels.get(labels[i]))) {
                return false;
            }
        }
        return true;
    }
}
