package io.scangate.server.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import picocli.CommandLine.Option;

/** Where the admin API is and how to authenticate, shared by every admin command. */
final class AdminOptions {
    @Option(names = "--admin-url", paramLabel = "URL", defaultValue = "http://127.0.0.1:9090",
            description = "Ops port base URL (default: ${DEFAULT-VALUE}).")
    String adminUrl;

    @Option(names = "--token", paramLabel = "T",
            description = "Admin bearer token (default: $SCANGATE_ADMIN_TOKEN, else <data dir>/admin-token).")
    String token;

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "./data",
            description = "Data directory to read admin-token from (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    AdminClient client() {
        return new AdminClient(adminUrl, resolveToken());
    }

    private String resolveToken() {
        if (token != null) {
            return token;
        }
        final String env = System.getenv("SCANGATE_ADMIN_TOKEN");
        if (env != null && !env.isBlank()) {
            return env.strip();
        }
        final Path file = dataDir.resolve("admin-token");
        if (Files.isReadable(file)) {
            try {
                return Files.readString(file, StandardCharsets.US_ASCII).strip();
            } catch (final IOException e) {
                throw new CliException(1, "cannot read admin token " + file + ": " + e.getMessage());
            }
        }
        return null;
    }
}
