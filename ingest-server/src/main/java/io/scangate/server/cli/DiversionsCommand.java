package io.scangate.server.cli;

import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code scangate diversions tail}: the diversion log (units scanned outside the territory of the actor holding them) as JSON lines. */
@Command(name = "diversions", mixinStandardHelpOptions = true,
        description = {"Read the diversion log (units consumers scanned outside their holder's territory, dense increasing diversionId).",
            "Exit codes: 0 done, 1 the server refused or failed, 2 bad usage, 3 the server cannot be reached."},
        subcommands = DiversionsCommand.Tail.class)
public final class DiversionsCommand implements Runnable {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand: tail (try 'scangate diversions --help')");
    }

    /** {@code diversions tail [--from ID] [--follow]}. */
    @Command(name = "tail", mixinStandardHelpOptions = true,
            description = {"Print diversions as JSON lines, in diversionId order, from --from on.",
                "Delivery is at least once: de-duplicate by diversionId. Only durable diversions are shown."})
    static final class Tail implements Callable<Integer> {
        static final int PAGE = 1000;

        @Spec
        CommandLine.Model.CommandSpec spec;
        @Mixin
        AdminOptions admin;
        @Option(names = "--from", paramLabel = "ID", defaultValue = "1",
                description = "First diversionId to print (default: ${DEFAULT-VALUE}).")
        long from;
        @Option(names = {"-f", "--follow"}, description = "Keep waiting for new diversions (long-poll) until interrupted.")
        boolean follow;

        @Override
        public Integer call() {
            if (from < 1) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--from must be a diversionId of 1 or more, was " + from);
            }
            return admin.execute(client -> {
                long after = from - 1;
                while (true) {
                    final JsonNode page = client.get("/admin/diversions?after=" + after + "&limit=" + PAGE + (follow ? "&wait=30s" : ""));
                    for (final JsonNode r : page.path("diversions")) {
                        admin.print(r);
                        after = r.path("diversionId").asLong();
                    }
                    if (!follow && page.path("diversions").size() < PAGE) {
                        return 0;
                    }
                }
            });
        }
    }
}
