package io.scangate.server;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongFunction;
import java.util.function.LongPredicate;

/**
 * One key of the server configuration: its name, its default and what it allows, each written
 * once. {@link #read} turns the key's text into its value; text the key does not allow becomes a
 * problem naming the key, what it allows and what it was, and the default stands in for it, so
 * the other keys are still read and every problem is reported at once.
 *
 * <p>Immutable.
 */
final class ConfigKey<T> {
    /** Turns a key's text into its value, or tells {@code problem} why not and returns null. */
    @FunctionalInterface
    interface Reader<T> {
        /** @param problem takes what the key allows and what the text was: "must be ..., was ..." */
        T read(String text, Consumer<String> problem);
    }

    private final String name;
    private final String defaultText;
    private final T defaultValue;
    private final Reader<T> reader;

    private ConfigKey(final String name, final String defaultText, final Reader<T> reader) {
        this.name = name;
        this.defaultText = defaultText;
        this.reader = reader;
        this.defaultValue = reader.read(defaultText, problem -> {
            throw new IllegalStateException("default of '" + name + "' " + problem);
        });
    }

    /** An integer between {@code min} and {@code max}. */
    static ConfigKey<Integer> integer(final String name, final int defaultValue, final int min, final int max) {
        return new ConfigKey<>(name, Integer.toString(defaultValue),
                number("between " + min + " and " + max, "an integer between " + min + " and " + max, v -> v >= min && v <= max, v -> (int) v));
    }

    /** 0 (which turns a feature off) or an integer between {@code min} and {@code max}. */
    static ConfigKey<Integer> offOrInteger(final String name, final int defaultValue, final int min, final int max) {
        final String allowed = "0 (off) or between " + min + " and " + max;
        return new ConfigKey<>(name, Integer.toString(defaultValue),
                number(allowed, "0 (off) or an integer between " + min + " and " + max, v -> v == 0 || v >= min && v <= max, v -> (int) v));
    }

    /** A power of two between {@code min} and {@code max}. */
    static ConfigKey<Integer> powerOfTwo(final String name, final int defaultValue, final int min, final int max) {
        final String allowed = "a power of two between " + min + " and " + max;
        return new ConfigKey<>(name, Integer.toString(defaultValue),
                number(allowed, allowed, v -> v >= min && v <= max && Long.bitCount(v) == 1, v -> (int) v));
    }

    /** A long integer between {@code min} and {@code max}. */
    static ConfigKey<Long> longInteger(final String name, final long defaultValue, final long min, final long max) {
        return new ConfigKey<>(name, Long.toString(defaultValue),
                number("between " + min + " and " + max, "an integer between " + min + " and " + max, v -> v >= min && v <= max, v -> v));
    }

    /**
     * A duration written with its unit, {@code 90s}, {@code 30m}, {@code 12h} or {@code 60d}, between
     * {@code min} and {@code max} milliseconds; the value is in milliseconds.
     */
    static ConfigKey<Long> duration(final String name, final String defaultText, final long min, final long max) {
        final String allowed = "a duration such as 500ms, 90s, 30m, 12h or 60d, between " + words(min) + " and " + words(max);
        return new ConfigKey<>(name, defaultText, (text, problem) -> {
            final String t = text.trim().toLowerCase(Locale.ROOT);
            final boolean ms = t.endsWith("ms");
            final long unit = ms ? 1 : t.endsWith("d") ? 86_400_000L : t.endsWith("h") ? 3_600_000L : t.endsWith("m") ? 60_000L
                    : t.endsWith("s") ? 1000L : 0;
            try {
                final String number = t.substring(0, t.length() - (ms ? 2 : 1)).replace("_", "");
                final long v = unit == 0 ? -1 : Math.multiplyExact(Long.parseLong(number), unit);
                if (v >= min && v <= max) {
                    return v;
                }
            } catch (final NumberFormatException | ArithmeticException e) {
                // reported below
            }
            problem.accept("must be " + allowed + ", was '" + text + "'");
            return null;
        });
    }

    private static String words(final long millis) {
        return millis % 86_400_000L == 0 ? millis / 86_400_000L + "d" : millis % 1000 == 0 ? millis / 1000 + "s" : millis + " ms";
    }

    /** A decimal number between {@code min} and {@code max}. */
    static ConfigKey<Double> decimal(final String name, final double defaultValue, final double min, final double max) {
        return new ConfigKey<>(name, Double.toString(defaultValue), (text, problem) -> {
            try {
                final double v = Double.parseDouble(text.trim());
                if (v >= min && v <= max) {
                    return v;
                }
            } catch (final NumberFormatException e) {
                // reported below
            }
            problem.accept("must be a number between " + min + " and " + max + ", was '" + text + "'");
            return null;
        });
    }

    /** One of {@code values}, written as its name in any case ({@code sync}, {@code SYNC}). */
    static <E extends Enum<E>> ConfigKey<E> oneOf(final String name, final E defaultValue, final E[] values) {
        final List<String> words = new ArrayList<>(values.length);
        for (final E v : values) {
            words.add(v.name().toLowerCase(Locale.ROOT));
        }
        final String allowed = String.join(", ", words.subList(0, words.size() - 1)) + " or " + words.get(words.size() - 1);
        return new ConfigKey<>(name, defaultValue.name().toLowerCase(Locale.ROOT), (text, problem) -> {
            final int i = words.indexOf(text.trim().toLowerCase(Locale.ROOT));
            if (i < 0) {
                problem.accept("must be " + allowed + ", was '" + text + "'");
                return null;
            }
            return values[i];
        });
    }

    /** Text that is not empty once trimmed. */
    static ConfigKey<String> text(final String name, final String defaultValue) {
        return new ConfigKey<>(name, defaultValue, (text, problem) -> {
            if (text.isBlank()) {
                problem.accept("must not be empty");
                return null;
            }
            return text.trim();
        });
    }

    /** A file system path, made absolute. */
    static ConfigKey<Path> path(final String name, final String defaultValue) {
        return new ConfigKey<>(name, defaultValue, (text, problem) -> {
            if (text.isBlank()) {
                problem.accept("must not be empty");
                return null;
            }
            return Path.of(text.trim()).toAbsolutePath().normalize();
        });
    }

    /** An optional file system path, made absolute; empty means none (null). */
    static ConfigKey<Path> optionalPath(final String name) {
        return new ConfigKey<>(name, "", (text, problem) -> text.isBlank() ? null : Path.of(text.trim()).toAbsolutePath().normalize());
    }

    /**
     * Reads whole numbers, {@code _} allowed as a digit separator (1_000_000).
     *
     * @param allowed what the key allows, after "must be" ("between 1 and 64")
     * @param integerAllowed the same, naming that it is an integer, for text that is no number
     */
    private static <T> Reader<T> number(final String allowed, final String integerAllowed, final LongPredicate ok,
                                        final LongFunction<T> value) {
        return (text, problem) -> {
            final long v;
            try {
                v = Long.parseLong(text.trim().replace("_", ""));
            } catch (final NumberFormatException e) {
                problem.accept("must be " + integerAllowed + ", was '" + text + "'");
                return null;
            }
            if (!ok.test(v)) {
                problem.accept("must be " + allowed + ", was " + v);
                return null;
            }
            return value.apply(v);
        };
    }

    String name() {
        return name;
    }

    String defaultText() {
        return defaultText;
    }

    /** The environment variable that sets this key: {@code SCANGATE_} and the name upper-cased, dots as underscores. */
    String envName() {
        return "SCANGATE_" + name.toUpperCase(Locale.ROOT).replace('.', '_');
    }

    /** This key's value in {@code values} (its default if absent); a bad one is added to {@code problems} and the default returned. */
    T read(final Map<String, String> values, final List<String> problems) {
        final String text = values.get(name);
        if (text == null) {
            return defaultValue;
        }
        final T v = reader.read(text, problem -> problems.add("'" + name + "' " + problem));
        return v != null ? v : defaultValue;
    }
}
