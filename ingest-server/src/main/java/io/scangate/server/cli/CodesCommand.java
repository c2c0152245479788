package io.scangate.server.cli;

import io.scangate.verifier.code.CodeFormat;
import io.scangate.verifier.code.ParsedCode;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;

/** {@code scangate codes ...}: issue batches, void codes or batches and show a code, through a running server's admin API. */
@Command(name = "codes", mixinStandardHelpOptions = true,
        description = {"Issue, void and inspect codes through a running server's admin API.",
            "Exit codes: 0 done, 1 the server refused or failed, 2 bad usage, 3 the server cannot be reached."},
        subcommands = {CodesIssueCommand.class, CodesVoidCommand.class, CodesShowCommand.class, CodesClearSuspectCommand.class,
            CodesCaseCommand.class})
public final class CodesCommand implements Runnable {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand: issue, void or show (try 'scangate codes --help')");
    }

    /**
     * The normalised 20-character form of a code typed by a user, refusing malformed input before
     * it reaches the server (and before it becomes a path segment). Tags are checked by the server.
     */
    static String normalisedCode(final CommandLine commandLine, final String raw) {
        final ParsedCode parsed = new ParsedCode();
        final int outcome = CodeFormat.decode(raw, parsed);
        if (outcome == CodeFormat.BAD_CHARACTER) {
            throw new CommandLine.ParameterException(commandLine,
                    "CODE must be Crockford base32 (0-9, A-Z without U; '-' and spaces are ignored), was '" + raw + "'");
        }
        if (outcome != CodeFormat.OK) {
            throw new CommandLine.ParameterException(commandLine,
                    "CODE must have " + CodeFormat.LENGTH + " characters besides '-' and spaces, was '" + raw + "'");
        }
        return parsed.text();
    }
}
