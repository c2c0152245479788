package io.scangate.server.cli;

import java.util.concurrent.Callable;

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
            return LogTail.run(spec.commandLine(), admin, "/admin/diversions", "diversions", "diversionId", from, follow);
        }
    }
}
