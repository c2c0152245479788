package io.scangate.server.cli;

import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code scangate codes show CODE}: what the server knows of a code, as JSON. */
@Command(name = "show", mixinStandardHelpOptions = true,
        description = "Show a code's state as JSON: its batch, void and suspect flags, scan count, first and last scan, channel position.")
final class CodesShowCommand implements Callable<Integer> {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    AdminOptions admin;

    @Parameters(arity = "1..*", paramLabel = "CODE",
            description = "The code, as printed or typed ('-', spaces and case do not matter; unquoted parts split by spaces are joined).")
    java.util.List<String> code;

    @Override
    public Integer call() {
        final String path = "/admin/codes/" + AdminClient.segment(CodesCommand.normalisedCode(spec.commandLine(), String.join("", code)));
        return admin.printGet(path);
    }
}
