package io.scangate.server.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code scangate actors stats [ID]}: what one actor, or every actor, did in the channel, in units, and its B-end rewards. */
@Command(name = "stats", mixinStandardHelpOptions = true,
        description = {"Show what actors did in the channel, in units: received, shipped, opened, sold, installed, diverted,",
            "and their B-end rewards. Without ID: every actor, then the totals by role."})
final class ActorsStatsCommand implements Callable<Integer> {
    private static final String[] FIELDS = {"received", "shipped", "opened", "sold", "installed", "diverted", "rewarded", "rewardedAmount"};
    private static final String[] HEADER = {"RECEIVED", "SHIPPED", "OPENED", "SOLD", "INSTALLED", "DIVERTED", "REWARDED", "AMOUNT"};

    @Spec
    CommandLine.Model.CommandSpec spec;
    @Mixin
    AdminOptions admin;
    @Parameters(paramLabel = "ID", arity = "0..1", description = "One actor's id (default: every actor).")
    String id;
    @Option(names = "--json", description = "One JSON object per actor and line instead of a table.")
    boolean json;

    @Override
    public Integer call() {
        final String path = id == null ? "/admin/channel/stats" : ActorsCommand.actorPath(spec.commandLine(), id) + "/stats";
        return admin.execute(client -> {
            final JsonNode answer = client.get(path);
            final List<JsonNode> actors = new ArrayList<>();
            (id == null ? answer.path("actors") : List.of(answer)).forEach(actors::add);
            if (json) {
                actors.forEach(admin::print);
                return 0;
            }
            final PrintWriter out = admin.mixee.commandLine().getOut();
            out.print(table("ACTOR", actors, a -> a.path("actor").asText(), a -> a.path("role").asText()));
            if (id == null) {
                out.print(System.lineSeparator());
                out.print(table("ROLE", roles(answer.path("byRole")), a -> a.path("role").asText(), a -> a.path("actors").asText()));
            }
            out.flush();
            return 0;
        });
    }

    /** The per-role totals, each with its role name added. */
    private static List<JsonNode> roles(final JsonNode byRole) {
        final List<JsonNode> out = new ArrayList<>();
        for (final Map.Entry<String, JsonNode> e : byRole.properties()) {
            final com.fasterxml.jackson.databind.node.ObjectNode o = e.getValue().deepCopy();
            o.put("role", e.getKey());
            out.add(o);
        }
        return out;
    }

    /** Rows of {@code first} and {@code second} (ROLE for actors, ACTORS for roles) then the counts. */
    private static String table(final String firstHeader, final List<JsonNode> items, final java.util.function.Function<JsonNode, String> first,
                                final java.util.function.Function<JsonNode, String> second) {
        final List<String[]> rows = new ArrayList<>();
        final String[] header = new String[HEADER.length + 2];
        header[0] = firstHeader;
        header[1] = "ACTOR".equals(firstHeader) ? "ROLE" : "ACTORS";
        System.arraycopy(HEADER, 0, header, 2, HEADER.length);
        rows.add(header);
        for (final JsonNode a : items) {
            final String[] row = new String[header.length];
            row[0] = first.apply(a);
            row[1] = second.apply(a);
            for (int i = 0; i < FIELDS.length; i++) {
                row[i + 2] = a.path(FIELDS[i]).asText();
            }
            rows.add(row);
        }
        return ActorsText.grid(rows);
    }
}
