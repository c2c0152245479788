package io.scangate.server.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;

import io.scangate.server.intake.ScanFieldRules;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code scangate consumers show ID | stats}: a consumer's profile and the consumers' figures, through a running server's admin API. */
@Command(name = "consumers", mixinStandardHelpOptions = true,
        description = {"Show a consumer's profile (purchases, stage, rhythm) or the figures: consumers by stage, repurchase rate",
            "and intervals (see docs/CONSUMERS.md).",
            "Exit codes: 0 done, 1 the server refused or failed (no such consumer), 2 bad usage, 3 the server cannot be reached."},
        subcommands = {ConsumersCommand.Show.class, ConsumersCommand.Stats.class})
public final class ConsumersCommand implements Runnable {
    private static final String NL = System.lineSeparator();

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand: show or stats (try 'scangate consumers --help')");
    }

    /** {@code consumers show ID}. */
    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show one consumer's profile.")
    static final class Show implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;
        @Mixin
        AdminOptions admin;
        @Parameters(paramLabel = "ID", description = "The consumer id, as the brand's app sends it on scans.")
        String id;
        @Option(names = "--json", description = "One line of JSON instead of readable text.")
        boolean json;

        @Override
        public Integer call() {
            if (!ScanFieldRules.id(id)) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "ID must be 1 to " + ScanFieldRules.MAX_ID_CHARACTERS + " characters without control characters");
            }
            // dots encoded so that an id such as '..' stays one segment (the server decodes it)
            final String path = "/admin/consumers/" + AdminClient.segment(id).replace(".", "%2E");
            return admin.execute(client -> {
                final JsonNode p = client.get(path);
                if (json) {
                    admin.print(p);
                    return 0;
                }
                final StringBuilder b = new StringBuilder();
                for (final String field : List.of("consumer", "purchases", "stage", "firstPurchase", "lastPurchase", "meanIntervalDays",
                        "lastBatch", "lastSku")) {
                    final JsonNode v = p.get(field);
                    b.append(String.format("%-17s %s", field + ":", v == null || v.isNull() ? "-" : v.asText())).append(NL);
                }
                print(admin, b.toString());
                return 0;
            });
        }
    }

    /** {@code consumers stats}. */
    @Command(name = "stats", mixinStandardHelpOptions = true,
            description = "Show consumers by stage, buyers, repeat buyers, repurchase rate, repurchase intervals and the table's fill.")
    static final class Stats implements Callable<Integer> {
        @Mixin
        AdminOptions admin;
        @Option(names = "--json", description = "One line of JSON instead of readable text.")
        boolean json;

        @Override
        public Integer call() {
            return admin.execute(client -> {
                final JsonNode s = client.get("/admin/consumers");
                if (json) {
                    admin.print(s);
                } else {
                    print(admin, statsText(s));
                }
                return 0;
            });
        }
    }

    /** The figures as people read them: stages and intervals as tables, then the totals. */
    static String statsText(final JsonNode s) {
        final List<String[]> stages = new ArrayList<>();
        stages.add(new String[] {"STAGE", "CONSUMERS"});
        for (final Map.Entry<String, JsonNode> e : s.path("byStage").properties()) {
            stages.add(new String[] {e.getKey(), e.getValue().asText()});
        }
        final List<String[]> intervals = new ArrayList<>();
        intervals.add(new String[] {"INTERVAL", "REPURCHASES"});
        long below = 0;
        for (final JsonNode b : s.path("intervalDays")) {
            final JsonNode up = b.get("upToDays");
            intervals.add(new String[] {up == null || up.isNull() ? "> " + below + "d" : "<= " + up.asLong() + "d", b.path("count").asText()});
            below = up == null || up.isNull() ? below : up.asLong();
        }
        return ActorsText.grid(stages) + NL
                + String.format(java.util.Locale.ROOT, "buyers:          %s%nrepeat buyers:   %s%nrepurchase rate: %.3f%nprofiles:        %s of %s%n",
                        s.path("buyers").asText(), s.path("repeatBuyers").asText(), s.path("repurchaseRate").asDouble(),
                        s.path("size").asText(), s.path("capacity").asText())
                + NL + ActorsText.grid(intervals);
    }

    private static void print(final AdminOptions admin, final String text) {
        final PrintWriter out = admin.mixee.commandLine().getOut();
        out.print(text);
        out.flush();
    }
}
