package io.scangate.server.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
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
    static final class Tail extends LogTailCommand {
        Tail() {
            super("/admin/diversions", "diversions", "diversionId");
        }
    }
}
