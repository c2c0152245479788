package io.scangate.server.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
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
    static final class Tail extends LogTailCommand {
        Tail() {
            super("/admin/audit", "entries", "auditId");
        }
    }
}
