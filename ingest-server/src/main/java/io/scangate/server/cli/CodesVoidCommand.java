package io.scangate.server.cli;

import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code scangate codes void CODE | --batch ID}: voids one code or a whole batch; voiding is final. */
@Command(name = "void", mixinStandardHelpOptions = true,
        description = {"Void one code (leaked, recalled), or every code of a batch with --batch. Voiding is final.",
            "Prints the server's answer as JSON."})
final class CodesVoidCommand implements Callable<Integer> {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    AdminOptions admin;

    @Parameters(arity = "0..1", paramLabel = "CODE", description = "The code to void.")
    String code;

    @Option(names = "--batch", paramLabel = "ID", description = "Void this batch instead of one code.")
    Long batch;

    @Override
    public Integer call() {
        if ((code == null) == (batch == null)) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    code == null ? "missing CODE or --batch ID" : "give either CODE or --batch ID, not both");
        }
        if (batch != null && batch < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--batch must be a batch id of 1 or more, was " + batch);
        }
        final String path = batch != null
                ? "/admin/batches/" + batch + "/void"
                : "/admin/codes/" + AdminClient.segment(CodesCommand.normalisedCode(spec.commandLine(), code)) + "/void";
        return admin.printPost(path);
    }
}
