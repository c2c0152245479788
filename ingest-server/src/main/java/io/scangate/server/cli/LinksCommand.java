package io.scangate.server.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code scangate links ...}: set, show, list and delete the GS1 Digital Link resolver's links through a running server's admin API. */
@Command(name = "links", mixinStandardHelpOptions = true,
        description = {"Set, inspect and delete the links the GS1 Digital Link resolver serves per GTIN, lot or serial",
            "(see docs/RESOLVER.md).",
            "Exit codes: 0 done, 1 the server refused or failed, 2 bad usage, 3 the server cannot be reached."},
        subcommands = {LinksCommand.Set.class, LinksCommand.Show.class, LinksCommand.ListLinks.class, LinksCommand.Delete.class})
public final class LinksCommand implements Runnable {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "missing subcommand: set, show, list or delete (try 'scangate links --help')");
    }

    /** {@code --lot L | --serial S}: at most one. */
    static final class Qualifier {
        @Option(names = "--lot", paramLabel = "LOT", description = "A lot (batch, GS1 AI 10) of the GTIN.")
        String lot;
        @Option(names = "--serial", paramLabel = "SERIAL", description = "A serial (GS1 AI 21) of the GTIN.")
        String serial;
    }

    /** The anchor's admin path: GTIN and qualifier as path segments (dots encoded, so '..' stays a lot). */
    static String anchorPath(final String gtin, final Qualifier q) {
        final String base = "/admin/links/" + encoded(gtin);
        if (q == null || q.lot == null && q.serial == null) {
            return base;
        }
        return q.lot != null ? base + "/lot/" + encoded(q.lot) : base + "/serial/" + encoded(q.serial);
    }

    private static String encoded(final String segment) {
        return AdminClient.segment(segment).replace(".", "%2E");
    }

    /** {@code links set GTIN [--lot L | --serial S] --file FILE}. */
    @Command(name = "set", mixinStandardHelpOptions = true,
            description = {"Replace the links of a GTIN, a lot or a serial with those of a JSON file: {\"links\": [...]} or a bare list.",
                "An empty list removes them. A refused file changes nothing; every bad field is named. Prints the anchor's links."})
    static final class Set implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;
        @Mixin
        AdminOptions admin;
        @Parameters(paramLabel = "GTIN", description = "The GTIN: 8, 12, 13 or 14 digits.")
        String gtin;
        @ArgGroup(exclusive = true, multiplicity = "0..1")
        Qualifier qualifier;
        @Option(names = "--file", required = true, paramLabel = "FILE", description = "The links (JSON); '-' reads stdin.")
        String file;

        @Override
        public Integer call() {
            final byte[] body = body(read());
            return admin.execute(client -> {
                admin.print(client.putJson(anchorPath(gtin, qualifier), body));
                return 0;
            });
        }

        private byte[] read() {
            try {
                final byte[] bytes = "-".equals(file) ? System.in.readAllBytes() : Files.readAllBytes(Path.of(file));
                if (bytes.length > 1_000_000) {
                    throw new CommandLine.ParameterException(spec.commandLine(), file + " is larger than 1 MB: not a links file");
                }
                return bytes;
            } catch (final NoSuchFileException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "no such file: " + file);
            } catch (final IOException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "cannot read " + file + ": " + io.scangate.server.Causes.describe(e, Path.of(file)));
            }
        }

        /** A bare list becomes {@code {"links": list}}; anything else goes as it is (the server names what is wrong). */
        private static byte[] body(final byte[] bytes) {
            try {
                final JsonNode node = JSON.readTree(bytes);
                if (node != null && node.isArray()) {
                    return JSON.writeValueAsBytes(JSON.createObjectNode().set("links", node));
                }
            } catch (final IOException e) {
                // malformed: the server's answer names it
            }
            return bytes.length == 0 ? "{}".getBytes(StandardCharsets.UTF_8) : bytes;
        }
    }

    /** {@code links show GTIN [--lot L | --serial S]}. */
    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Show exactly the links of a GTIN, a lot or a serial (one line of JSON; no walk-up).")
    static final class Show implements Callable<Integer> {
        @Mixin
        AdminOptions admin;
        @Parameters(paramLabel = "GTIN", description = "The GTIN: 8, 12, 13 or 14 digits.")
        String gtin;
        @ArgGroup(exclusive = true, multiplicity = "0..1")
        Qualifier qualifier;

        @Override
        public Integer call() {
            return admin.printGet(anchorPath(gtin, qualifier));
        }
    }

    /** {@code links list}. */
    @Command(name = "list", mixinStandardHelpOptions = true, description = "List every anchor with links, one JSON object per line.")
    static final class ListLinks implements Callable<Integer> {
        @Mixin
        AdminOptions admin;

        @Override
        public Integer call() {
            return admin.execute(client -> {
                for (final JsonNode a : client.get("/admin/links").path("anchors")) {
                    admin.print(a);
                }
                return 0;
            });
        }
    }

    /** {@code links delete GTIN [--lot L | --serial S]}. */
    @Command(name = "delete", mixinStandardHelpOptions = true,
            description = "Remove the links of a GTIN, a lot or a serial (requests walk up to the next level that has links).")
    static final class Delete implements Callable<Integer> {
        @Mixin
        AdminOptions admin;
        @Parameters(paramLabel = "GTIN", description = "The GTIN: 8, 12, 13 or 14 digits.")
        String gtin;
        @ArgGroup(exclusive = true, multiplicity = "0..1")
        Qualifier qualifier;

        @Override
        public Integer call() {
            return admin.execute(client -> {
                admin.print(client.delete(anchorPath(gtin, qualifier)));
                return 0;
            });
        }
    }
}
