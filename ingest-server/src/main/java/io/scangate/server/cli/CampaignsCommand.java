package io.scangate.server.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code scangate campaigns ...}: apply, list, show and stop campaigns through a running server's admin API. */
@Command(name = "campaigns", mixinStandardHelpOptions = true,
        description = {"Create, update, inspect and stop scan-to-win campaigns (see docs/CAMPAIGNS.md for the file format).",
            "Exit codes: 0 done, 1 the server refused or failed, 2 bad usage, 3 the server cannot be reached."},
        subcommands = {CampaignsCommand.Apply.class, CampaignsCommand.ListCampaigns.class, CampaignsCommand.Show.class,
            CampaignsCommand.Stop.class})
public final class CampaignsCommand implements Runnable {
    private static final com.fasterxml.jackson.core.JsonFactory SYNTAX = new com.fasterxml.jackson.core.JsonFactory();

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "missing subcommand: apply, list, show or stop (try 'scangate campaigns --help')");
    }

    static String checkedId(final CommandLine commandLine, final String id) {
        if (!id.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
            throw new CommandLine.ParameterException(commandLine, "ID must be 1 to 64 characters of A-Z a-z 0-9 . _ -, was '" + id + "'");
        }
        return id;
    }

    /** {@code campaigns apply FILE}. */
    @Command(name = "apply", mixinStandardHelpOptions = true,
            description = {"Create a campaign from a JSON file, or update the one with its id (a new version).",
                "A refused file changes nothing; every problem is named with its field. Prints the campaign (without its seed)."})
    static final class Apply implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;
        @Mixin
        AdminOptions admin;
        @Parameters(paramLabel = "FILE", description = "The campaign file (JSON); '-' reads stdin.")
        String file;

        @Override
        public Integer call() {
            final byte[] body;
            try {
                body = "-".equals(file) ? System.in.readAllBytes() : Files.readAllBytes(Path.of(file));
            } catch (final NoSuchFileException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "no such file: " + file);
            } catch (final IOException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "cannot read " + file + ": " + io.scangate.server.Causes.describe(e, Path.of(file)));
            }
            if (body.length > 1_000_000) {
                throw new CommandLine.ParameterException(spec.commandLine(), file + " is larger than 1 MB: not a campaign file");
            }
            checkSyntax(spec.commandLine(), file, body);
            return admin.execute(client -> {
                admin.print(client.postJson("/admin/campaigns", body));
                return 0;
            });
        }
    }

    /** Refuses a file that is not JSON here, naming the file, line and column, before the server sees it. */
    private static void checkSyntax(final CommandLine commandLine, final String file, final byte[] body) {
        try (com.fasterxml.jackson.core.JsonParser p = SYNTAX.createParser(body)) {
            while (p.nextToken() != null) {
                p.skipChildren();
            }
        } catch (final com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new CommandLine.ParameterException(commandLine, ("-".equals(file) ? "stdin" : file) + ": not valid JSON"
                    + io.scangate.verifier.campaign.JsonSyntax.where(e) + ": " + e.getOriginalMessage());
        } catch (final IOException e) {
            throw new CommandLine.ParameterException(commandLine, "cannot read " + file + ": " + e.getMessage());
        }
    }

    /** {@code campaigns list}. */
    @Command(name = "list", mixinStandardHelpOptions = true, description = "List every campaign, one JSON object per line.")
    static final class ListCampaigns implements Callable<Integer> {
        @Mixin
        AdminOptions admin;

        @Override
        public Integer call() {
            return admin.execute(client -> {
                for (final JsonNode c : client.get("/admin/campaigns").path("campaigns")) {
                    admin.print(c);
                }
                return 0;
            });
        }
    }

    /** {@code campaigns show ID}. */
    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Show a campaign: definition, spent count and amount, what remains, winners by prize tier.")
    static final class Show implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;
        @Mixin
        AdminOptions admin;
        @Parameters(paramLabel = "ID", description = "The campaign id.")
        String id;

        @Override
        public Integer call() {
            final String path = "/admin/campaigns/" + AdminClient.segment(checkedId(spec.commandLine(), id));
            return admin.printGet(path);
        }
    }

    /** {@code campaigns stop ID}. */
    @Command(name = "stop", mixinStandardHelpOptions = true,
            description = "Stop a campaign for good: no more draws; granted rewards stay valid. Stopping is final.")
    static final class Stop implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;
        @Mixin
        AdminOptions admin;
        @Parameters(paramLabel = "ID", description = "The campaign id.")
        String id;

        @Override
        public Integer call() {
            final String path = "/admin/campaigns/" + AdminClient.segment(checkedId(spec.commandLine(), id)) + "/stop";
            return admin.printPost(path);
        }
    }
}
