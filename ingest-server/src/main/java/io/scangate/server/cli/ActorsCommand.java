package io.scangate.server.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code scangate actors ...}: add, list, show and disable channel actors through a running server's admin API. */
@Command(name = "actors", mixinStandardHelpOptions = true,
        description = {"Add, list, inspect, disable and count channel actors: distributors, stores, installers, guides (see docs/CHANNEL.md).",
            "Exit codes: 0 done, 1 the server refused or failed, 2 bad usage, 3 the server cannot be reached."},
        subcommands = {ActorsAddCommand.class, ActorsCommand.ListActors.class, ActorsCommand.Show.class, ActorsCommand.Disable.class,
            ActorsStatsCommand.class})
public final class ActorsCommand implements Runnable {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "missing subcommand: add, list, show, disable or stats (try 'scangate actors --help')");
    }

    /** The admin path of actor {@code id}; refuses what cannot be an actor id before it becomes a path segment. */
    static String actorPath(final CommandLine commandLine, final String id) {
        if (!id.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new CommandLine.ParameterException(commandLine, "ID must be 1 to 64 characters of A-Z a-z 0-9 . _ -, was '" + id + "'");
        }
        // dots encoded so that an id such as '..' stays one segment (the server decodes it)
        return "/admin/actors/" + AdminClient.segment(id).replace(".", "%2E");
    }

    /** Prints one actor: as one line of JSON with {@code --json}, else readable. */
    static void printActor(final AdminOptions admin, final boolean json, final JsonNode actor) {
        if (json) {
            admin.print(actor);
            return;
        }
        final PrintWriter out = admin.mixee.commandLine().getOut();
        out.print(ActorsText.summary(actor));
        out.flush();
    }

    /** {@code actors list}. */
    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List every actor as a table (--json: one JSON object per line). Keys are never shown.")
    static final class ListActors implements Callable<Integer> {
        @Mixin
        AdminOptions admin;
        @Option(names = "--json", description = "One JSON object per actor and line instead of a table.")
        boolean json;

        @Override
        public Integer call() {
            return admin.execute(client -> {
                final JsonNode actors = client.get("/admin/actors").path("actors");
                if (json) {
                    for (final JsonNode a : actors) {
                        admin.print(a);
                    }
                } else {
                    final PrintWriter out = admin.mixee.commandLine().getOut();
                    out.print(ActorsText.table(actors));
                    out.flush();
                }
                return 0;
            });
        }
    }

    /** {@code actors show ID}. */
    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show one actor (never its key).")
    static final class Show implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;
        @Mixin
        AdminOptions admin;
        @Parameters(paramLabel = "ID", description = "The actor id.")
        String id;
        @Option(names = "--json", description = "One line of JSON instead of readable text.")
        boolean json;

        @Override
        public Integer call() {
            final String path = actorPath(spec.commandLine(), id);
            return admin.execute(client -> {
                printActor(admin, json, client.get(path));
                return 0;
            });
        }
    }

    /** {@code actors disable ID}. */
    @Command(name = "disable", mixinStandardHelpOptions = true,
            description = {"Disable an actor for good: its key stops working at once. Disabling twice is harmless."})
    static final class Disable implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;
        @Mixin
        AdminOptions admin;
        @Parameters(paramLabel = "ID", description = "The actor id.")
        String id;
        @Option(names = "--json", description = "One line of JSON instead of readable text.")
        boolean json;

        @Override
        public Integer call() {
            final String path = actorPath(spec.commandLine(), id) + "/disable";
            return admin.execute(client -> {
                printActor(admin, json, client.post(path, null));
                return 0;
            });
        }
    }
}
