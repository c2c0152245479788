package io.scangate.server.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;

import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The options every admin command shares (where the admin API is, which token to send) and the
 * way it runs: failures become one line on stderr and an exit code, never a stack trace.
 */
final class AdminOptions {
    static final String TOKEN_ENV = ClientConfig.TOKEN_ENV;
    static final String TOKEN_FILE = "admin-token";

    /** One admin action against a client; returns the exit code. */
    @FunctionalInterface
    interface Action {
        int run(AdminClient client);
    }

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Mixin
    AdminUrlOption url;

    @Option(names = "--token", paramLabel = "TOKEN",
            description = "Admin bearer token (default: $" + TOKEN_ENV + ", else " + ClientConfig.TOKEN_KEY
                    + " in the client config file, else the content of <data dir>/" + TOKEN_FILE + ").")
    String token;

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "./data",
            description = "The server's data directory, read for " + TOKEN_FILE + " when no token is given (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    /** Validates the options, then runs {@code action}; a {@link CliException} becomes its message on stderr and its exit code. */
    int execute(final Action action) {
        final ClientConfig config = clientConfig(mixee.commandLine());
        final AdminUrlOption.Target base = url.resolve(config, mixee.commandLine());
        final Bearer bearer = resolveToken(config);
        try {
            return action.run(new AdminClient(base.uri(), base.source(), bearer.token(), bearer.refusedHint()));
        } catch (final CliException e) {
            final PrintWriter err = mixee.commandLine().getErr();
            err.println("scangate: " + e.getMessage());
            err.flush();
            return e.exitCode();
        }
    }

    /** {@code GET path} on the admin API, its answer printed as one line of JSON; the exit code. */
    int printGet(final String path) {
        return execute(client -> {
            print(client.get(path));
            return 0;
        });
    }

    /** {@code POST path} (no body) on the admin API, its answer printed as one line of JSON; the exit code. */
    int printPost(final String path) {
        return execute(client -> {
            print(client.post(path, null));
            return 0;
        });
    }

    /** Prints an answer as one line of JSON on stdout. */
    void print(final JsonNode json) {
        final PrintWriter out = mixee.commandLine().getOut();
        out.println(json.toString());
        out.flush();
    }

    /** The client config file and environment, a bad file refused as a usage error naming it. */
    static ClientConfig clientConfig(final CommandLine commandLine) {
        try {
            return ClientConfig.fromEnvironment();
        } catch (final IllegalArgumentException e) {
            throw new CommandLine.ParameterException(commandLine, e.getMessage());
        }
    }

    /**
     * {@code --token}, else {@code $SCANGATE_ADMIN_TOKEN}, else {@code admin.token} in the client config,
     * else {@code <data dir>/admin-token}, else none (the server answers 401).
     */
    private Bearer resolveToken(final ClientConfig config) {
        final ClientConfig.Setting given = config.token(token);
        if (given != null) {
            return checked(given.value(), given.source());
        }
        final Path file = dataDir.resolve(TOKEN_FILE);
        if (Files.exists(file)) {
            try {
                return checked(Files.readString(file, StandardCharsets.UTF_8).strip(), file.toString());
            } catch (final IOException e) {
                throw usage("cannot read the admin token from " + file + ": " + io.scangate.server.Causes.describe(e, file));
            }
        }
        return new Bearer(null, "no admin token was given: pass --token, set $" + TOKEN_ENV + " or " + ClientConfig.TOKEN_KEY
                + " in the client config, or point --data-dir at the server's data directory (there is no " + file + ")");
    }

    private Bearer checked(final String value, final String source) {
        if (value.isEmpty()) {
            throw usage("the admin token from " + source + " is empty");
        }
        for (int i = 0; i < value.length(); i++) {
            final char c = value.charAt(i);
            if (c <= ' ' || c > '~') {
                throw usage("the admin token from " + source + " may only hold visible ASCII characters");
            }
        }
        return new Bearer(value, "the admin token from " + source + " was refused");
    }

    private CommandLine.ParameterException usage(final String message) {
        return new CommandLine.ParameterException(mixee.commandLine(), message);
    }

    /** The token to send (null: none) and what to tell the user when the server refuses it. */
    private record Bearer(String token, String refusedHint) {
    }
}
