package io.scangate.server.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code scangate actors add}: creates an actor and prints a summary, then its key alone on the
 * last line (scripts take the last line: {@code KEY=$(scangate actors add ... | tail -n 1)}). The
 * key is shown this once; the server keeps only its SHA-256. Fields are checked by the server,
 * which names every bad one at once.
 */
@Command(name = "add", mixinStandardHelpOptions = true,
        description = {"Create a channel actor and print its key, alone on the last line of the output.",
            "The key is shown this once and cannot be shown again: store it now."})
final class ActorsAddCommand implements Callable<Integer> {
    @Mixin
    AdminOptions admin;

    @Option(names = "--id", required = true, paramLabel = "ID", description = "The actor id: 1 to 64 characters of A-Z a-z 0-9 . _ -")
    String id;

    @Option(names = "--role", required = true, paramLabel = "ROLE", description = "DISTRIBUTOR, STORE, INSTALLER or GUIDE.")
    String role;

    @Option(names = "--region", required = true, paramLabel = "REGION",
            description = "The actor's territory, ISO 3166-1 or -2 (CN, CN-31).")
    String region;

    @Option(names = "--parent", paramLabel = "ID", description = "The parent actor (a store's distributor, an installer's store).")
    String parent;

    @Option(names = "--name", paramLabel = "NAME", description = "A display name (default: the id).")
    String name;

    @Override
    public Integer call() {
        final Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", id);
        body.put("role", role);
        body.put("region", region);
        if (parent != null) {
            body.put("parent", parent);
        }
        if (name != null) {
            body.put("name", name);
        }
        return admin.execute(client -> {
            final JsonNode created = client.post("/admin/actors", body);
            final String key = created.path("key").asText("");
            if (key.isEmpty()) {
                throw new CliException(CliException.SERVER_ERROR, "admin API created the actor but answered no key: " + created);
            }
            final PrintWriter out = admin.mixee.commandLine().getOut();
            out.print(ActorsText.summary(created.path("actor")));
            out.println("key (shown once, only its SHA-256 is kept; store it now):");
            out.println(key);
            out.flush();
            return 0;
        });
    }
}
