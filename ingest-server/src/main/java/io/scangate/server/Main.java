package io.scangate.server;

import io.scangate.server.cli.CodesCommand;
import io.scangate.server.cli.ScanCommand;
import io.scangate.server.cli.StatusCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code scangate} command line: serve, codes, batches, campaigns, rewards, diversions, events, consumers, audit, actors, links, scan --udp, recover, status. */
@Command(name = "scangate", mixinStandardHelpOptions = true, version = "scangate 0.1.0",
        description = "Verifies product-code scans: authenticity, duplicates, rewards.",
        subcommands = {ServeCommand.class, CodesCommand.class, io.scangate.server.cli.BatchesCommand.class,
            io.scangate.server.cli.CampaignsCommand.class,
            io.scangate.server.cli.RewardsCommand.class, io.scangate.server.cli.DiversionsCommand.class, io.scangate.server.cli.AuditCommand.class,
            io.scangate.server.cli.EventsCommand.class, io.scangate.server.cli.ConsumersCommand.class,
            io.scangate.server.cli.ActorsCommand.class, io.scangate.server.cli.LinksCommand.class, ScanCommand.class, RecoverCommand.class,
            StatusCommand.class, io.scangate.server.cli.SnapshotCommand.class, io.scangate.server.cli.BackupCommand.class,
            CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(final String[] args) {
        System.exit(commandLineFor(args).execute(args));
    }

    /** The command line {@link #main} runs {@code args} with: {@link #serveCommandLine()} for {@code serve}, else {@link #commandLine()}. */
    public static CommandLine commandLineFor(final String... args) {
        return args.length > 0 && "serve".equals(args[0]) ? serveCommandLine() : commandLine();
    }

    /** The configured command line, shared by {@link #main} and tests. */
    public static CommandLine commandLine() {
        return new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true).setParameterExceptionHandler(Main::usageError);
    }

    /**
     * {@code scangate serve ...} alone: the same command under the same name, without the model of
     * the other sixteen commands, which picocli builds by reflection in some 0.3 s (a restart waits
     * for it). {@code MainTest} checks that it parses and helps as the full one does.
     */
    static CommandLine serveCommandLine() {
        return new CommandLine(new ServeOnly()).setCaseInsensitiveEnumValuesAllowed(true).setParameterExceptionHandler(Main::usageError);
    }

    /** The root of {@link #serveCommandLine()}: {@code scangate} with {@code serve} as its only command. */
    @Command(name = "scangate", mixinStandardHelpOptions = true, version = "scangate 0.1.0", subcommands = ServeCommand.class)
    static final class ServeOnly implements Runnable {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            throw new CommandLine.ParameterException(spec.commandLine(), "missing command: try 'scangate --help'");
        }
    }

    /** Bad usage: one line {@code scangate: ...} naming the problem and where help is, exit 2; no usage dump to scroll past. */
    private static int usageError(final CommandLine.ParameterException e, final String[] args) {
        final CommandLine cl = e.getCommandLine();
        final java.io.PrintWriter err = cl.getErr();
        err.println("scangate: " + e.getMessage() + " (see '" + cl.getCommandSpec().qualifiedName() + " --help')");
        if (e instanceof CommandLine.UnmatchedArgumentException u) {
            CommandLine.UnmatchedArgumentException.printSuggestions(u, err);
        }
        err.flush();
        return cl.getCommandSpec().exitCodeOnInvalidInput();
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command: try 'scangate --help'");
    }
}
