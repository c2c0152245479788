package io.scangate.server.cli;

import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code scangate codes clear-suspect CODE}: withdraws a code's SUSPECT judgement (a false alarm). */
@Command(name = "clear-suspect", mixinStandardHelpOptions = true,
        description = {"Withdraw a code's SUSPECT verdict after checking it was a false alarm: its later scans answer",
            "GENUINE again and its devices are counted afresh. Prints the server's answer as JSON."})
final class CodesClearSuspectCommand implements Callable<Integer> {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    AdminOptions admin;

    @Parameters(arity = "1..*", paramLabel = "CODE",
            description = "The code, as printed or typed ('-', spaces and case do not matter; unquoted parts split by spaces are joined).")
    java.util.List<String> code;

    @Override
    public Integer call() {
        final String path = "/admin/codes/" + AdminClient.segment(CodesCommand.normalisedCode(spec.commandLine(), String.join("", code))) + "/clear-suspect";
        return admin.printPost(path);
    }
}
