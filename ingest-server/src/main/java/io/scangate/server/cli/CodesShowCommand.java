package io.scangate.server.cli;

import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code scangate codes show CODE [--history N]}: a code's batch, state, channel position and recent history. */
@Command(name = "show", mixinStandardHelpOptions = true,
        description = {"Show a code's batch, state, channel position and recent history as JSON.",
            "history.entries: the newest counted scans (time, region, device hash, verdict), voids and channel role scans,",
            "newest first, read from the journal's tail (at most 256 MiB besides its newest segment; wholeJournal says if all was read)."})
final class CodesShowCommand implements Callable<Integer> {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    AdminOptions admin;

    @Parameters(arity = "1..*", paramLabel = "CODE",
            description = "The code, as printed or typed ('-', spaces and case do not matter; unquoted parts split by spaces are joined).")
    java.util.List<String> code;

    @Option(names = "--history", paramLabel = "N", defaultValue = "20",
            description = "History entries to show, 0 to 100 (default: ${DEFAULT-VALUE}; 0 reads no journal).")
    int history;

    @Override
    public Integer call() {
        if (history < 0 || history > 100) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--history must be 0 to 100, was " + history);
        }
        final String path = "/admin/codes/" + AdminClient.segment(CodesCommand.normalisedCode(spec.commandLine(), String.join("", code)));
        return admin.printGet(path + "?history=" + history);
    }
}
