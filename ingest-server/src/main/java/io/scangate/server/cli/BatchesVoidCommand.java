package io.scangate.server.cli;

import java.io.Console;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code scangate batches void ID [--yes]}: voids every code of a batch, for good. Asks for the
 * batch id to be typed back on a terminal; without one (a script, a pipe) it needs {@code --yes}.
 */
@Command(name = "void", mixinStandardHelpOptions = true,
        description = {"Void a whole batch: every code of it scans VOIDED from now on. Voiding is final.",
            "Asks to type the batch id back on a terminal; scripts pass --yes. Prints the batch as JSON."})
final class BatchesVoidCommand implements Callable<Integer> {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    AdminOptions admin;

    @Parameters(paramLabel = "ID", description = "The batch id.")
    long id;

    @Option(names = {"-y", "--yes"}, description = "Void without asking.")
    boolean yes;

    @Override
    public Integer call() {
        final String path = BatchesCommand.path(spec.commandLine(), id);
        final Console console = yes ? null : System.console();
        if (!yes && console == null) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "voiding batch " + id + " is final: pass --yes to confirm (there is no terminal to ask on)");
        }
        return admin.execute(client -> {
            if (console != null && !confirmed(console, client.get(path))) {
                spec.commandLine().getErr().println("scangate: batch " + id + " was not voided");
                spec.commandLine().getErr().flush();
                return 1;
            }
            admin.print(client.post(path + "/void", null));
            return 0;
        });
    }

    private boolean confirmed(final Console console, final JsonNode batch) {
        final String answer = console.readLine("Void batch %d (%s, GTIN %s, %d codes, now %s)? Voiding is final. Type %d to confirm: ",
                id, batch.path("sku").asText(), batch.path("gtin").asText(), batch.path("count").asLong(), batch.path("state").asText(), id);
        return answer != null && answer.strip().equals(Long.toString(id));
    }
}
