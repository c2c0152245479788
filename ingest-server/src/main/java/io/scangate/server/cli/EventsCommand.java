package io.scangate.server.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;

/** {@code scangate events tail}: the consumers' lifecycle event log (REPEAT, LOYAL, LAPSING, CHURNED, WON_BACK) as JSON lines, for the CRM. */
@Command(name = "events", mixinStandardHelpOptions = true,
        description = {"Read the lifecycle event log (consumers becoming REPEAT, LOYAL, LAPSING, CHURNED, or WON_BACK;",
            "dense increasing eventId). See docs/CONSUMERS.md.",
            "Exit codes: 0 done, 1 the server refused or failed, 2 bad usage, 3 the server cannot be reached."},
        subcommands = EventsCommand.Tail.class)
public final class EventsCommand implements Runnable {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand: tail (try 'scangate events --help')");
    }

    /** {@code events tail [--from ID] [--follow]}. */
    @Command(name = "tail", mixinStandardHelpOptions = true,
            description = {"Print lifecycle events as JSON lines ({\"eventId\",\"type\",\"consumer\",\"at\",\"purchases\",\"stage\"}),",
                "in eventId order, from --from on. Delivery is at least once: de-duplicate by eventId. Only durable events are shown."})
    static final class Tail extends LogTailCommand {
        Tail() {
            super("/admin/events", "events", "eventId");
        }
    }
}
