package io.scangate.server.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;

/** {@code scangate rewards tail|export}: the reward log as JSON lines for payout and CRM, or as CSV for finance. */
@Command(name = "rewards", mixinStandardHelpOptions = true,
        description = {"Read the reward log (granted rewards, dense increasing rewardId).",
            "Exit codes: 0 done, 1 the server refused or failed, 2 bad usage, 3 the server cannot be reached."},
        subcommands = {RewardsCommand.Tail.class, RewardsExportCommand.class})
public final class RewardsCommand implements Runnable {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand: tail or export (try 'scangate rewards --help')");
    }

    /** {@code rewards tail [--from ID] [--follow]}. */
    @Command(name = "tail", mixinStandardHelpOptions = true,
            description = {"Print rewards as JSON lines, in rewardId order, from --from on.",
                "Delivery is at least once: de-duplicate by rewardId. Only durable rewards are shown."})
    static final class Tail extends LogTailCommand {
        Tail() {
            super("/admin/rewards", "rewards", "rewardId");
        }
    }
}
