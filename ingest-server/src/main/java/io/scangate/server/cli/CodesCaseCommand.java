package io.scangate.server.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code scangate codes case CASE [--pack UNIT... | --pack-file FILE | --unpack]}: shows the units a
 * case holds, packs units into it (from wherever they were), or unpacks it; one journal record each.
 */
@Command(name = "case", mixinStandardHelpOptions = true,
        description = {"Show the units a case code holds; with --pack or --pack-file put units into it (from wherever they were),",
            "with --unpack take them all out (they keep where the case had got to). Prints the server's answer as JSON."})
final class CodesCaseCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    AdminOptions admin;

    @Parameters(index = "0", paramLabel = "CASE", description = "The case code.")
    String caseCode;

    @Option(names = "--pack", paramLabel = "UNIT", arity = "1..*", description = "Unit codes to pack into the case (at most 1000).")
    List<String> pack;

    @Option(names = "--pack-file", paramLabel = "FILE", description = "A file of unit codes, one a line (or CASECODE,UNITCODE lines: the unit is taken).")
    Path packFile;

    @Option(names = "--unpack", description = "Take every unit out of the case.")
    boolean unpack;

    @Override
    public Integer call() {
        final CommandLine cl = spec.commandLine();
        final int modes = (pack != null ? 1 : 0) + (packFile != null ? 1 : 0) + (unpack ? 1 : 0);
        if (modes > 1) {
            throw new CommandLine.ParameterException(cl, "give one of --pack, --pack-file and --unpack");
        }
        final String base = "/admin/cases/" + AdminClient.segment(CodesCommand.normalisedCode(cl, caseCode));
        if (unpack) {
            return admin.printPost(base + "/unpack");
        }
        if (modes == 0) {
            return admin.printGet(base);
        }
        final List<String> units = pack != null ? pack : read(cl, packFile);
        if (units.isEmpty() || units.size() > 1000) {
            throw new CommandLine.ParameterException(cl, "a case holds 1 to 1000 units, got " + units.size());
        }
        final ObjectNode body = JSON.createObjectNode();
        final ArrayNode list = body.putArray("units");
        units.forEach(u -> list.add(CodesCommand.normalisedCode(cl, u)));
        return admin.execute(client -> {
            admin.print(client.post(base + "/pack", body));
            return 0;
        });
    }

    private static List<String> read(final CommandLine cl, final Path file) {
        try {
            final List<String> out = new ArrayList<>();
            for (final String line : Files.readAllLines(file)) {
                final String t = line.trim();
                if (!t.isEmpty() && !t.startsWith("#")) {
                    out.add(t.contains(",") ? t.substring(t.indexOf(',') + 1).trim() : t);
                }
            }
            return out;
        } catch (final IOException e) {
            throw new CommandLine.ParameterException(cl, "cannot read --pack-file " + file + ": " + io.scangate.server.Causes.describe(e, file));
        }
    }
}
