package io.scangate.server.cli;

import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code scangate codes show CODE}: a code's batch, void flag and scan history. */
@Command(name = "show", mixinStandardHelpOptions = true,
        description = "Show a code's batch, state and scan history as JSON.")
final class CodesShowCommand implements Callable<Integer> {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    AdminOptions admin;

    @Parameters(paramLabel = "CODE", description = "The code, as printed or typed ('-', spaces and case do not matter).")
    String code;

    @Override
    public Integer call() {
        final String path = "/admin/codes/" + AdminClient.segment(CodesCommand.normalisedCode(spec.commandLine(), code));
        return admin.printGet(path);
    }
}
