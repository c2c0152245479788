package io.scangate.server.cli;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/** How the {@code actors} commands show actors to people: a summary block or a table. Stateless. */
final class ActorsText {
    private static final String NL = System.lineSeparator();
    private static final String[] COLUMNS = {"ID", "ROLE", "REGION", "PARENT", "STATE", "NAME"};

    private ActorsText() {
    }

    /** One actor, a {@code field: value} line each, ending with a line separator. */
    static String summary(final JsonNode a) {
        final StringBuilder b = new StringBuilder();
        line(b, "actor", a.path("id").asText());
        line(b, "role", a.path("role").asText());
        line(b, "name", a.path("name").asText());
        line(b, "region", a.path("region").asText());
        line(b, "parent", text(a.get("parent")));
        line(b, "state", state(a));
        final List<String> actions = new ArrayList<>();
        a.path("actions").forEach(n -> actions.add(n.asText()));
        line(b, "may", String.join(", ", actions));
        line(b, "created", a.path("createdAt").asText());
        return b.toString();
    }

    /** Every actor as an aligned table with a header row (only the header when there are none). */
    static String table(final JsonNode actors) {
        final List<String[]> rows = new ArrayList<>();
        rows.add(COLUMNS);
        for (final JsonNode a : actors) {
            rows.add(new String[] {a.path("id").asText(), a.path("role").asText(), a.path("region").asText(), text(a.get("parent")),
                state(a), a.path("name").asText()});
        }
        return grid(rows);
    }

    /** Rows (the first is the header) as aligned columns, two spaces apart, each line ending with a line separator. */
    static String grid(final List<String[]> rows) {
        final int[] widths = new int[rows.get(0).length];
        for (final String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        final StringBuilder b = new StringBuilder();
        for (final String[] row : rows) {
            final StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                line.append(i == row.length - 1 ? row[i] : String.format("%-" + (widths[i] + 2) + "s", row[i]));
            }
            b.append(line.toString().stripTrailing()).append(NL);
        }
        return b.toString();
    }

    private static void line(final StringBuilder b, final String label, final String value) {
        b.append(String.format("%-8s %s", label + ":", value)).append(NL);
    }

    private static String state(final JsonNode a) {
        return a.path("disabled").asBoolean() ? "disabled" : "enabled";
    }

    private static String text(final JsonNode n) {
        return n == null || n.isNull() ? "-" : n.asText();
    }
}
