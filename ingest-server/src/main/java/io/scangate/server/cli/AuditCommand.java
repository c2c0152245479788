package io.scangate.server.cli;

import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code scangate audit tail}: the audit log (every admin action: who, when, what) as JSON lines. */
@Command(name = "audit", mixinStandardHelpOptions = true,
        description = {"Read the audit log: every admin action that changed something, who (the admin token's name), when and what (dense increasing auditId).",
            "Exit codes: 0 done, 1 the server refused or failed, 2 bad usage, 3 the server cannot be reached."},
        subcommands = AuditCommand.Tail.class)
public final class AuditCommand implements Runnable {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand: tail (try 'scangate audit --help')");
    }

    /** {@code audit tail [--from ID] [--follow]}. */
    @Command(name = "tail", mixinStandardHelpOptions = true,
            description = {"Print audit entries as JSON lines, in auditId order, from --from on.",
                "Delivery is at least once: de-duplicate by auditId. Only durable entries are shown."})
    static final class Tail implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;
        @Mixin
        AdminOptions admin;
        @Option(names = "--from", paramLabel = "ID", defaultValue = "1",
                description = "First auditId to print (default: ${DEFAULT-VALUE}).")
        long from;
        @Option(names = {"-f", "--follow"}, description = "Keep waiting for new entries (long-poll) until interrupted.")
        boolean follow;

        @Override
        public Integer call() {
            return LogTail.run(spec.commandLine(), admin, "/admin/audit", "entries", "auditId", from, follow);
        }
    }
}
