package io.scangate.server.cli;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code scangate backup --to DIR}: an online backup written by the running server. */
@Command(name = "backup", mixinStandardHelpOptions = true,
        description = {"Have the running server write a backup into DIR while scans go on: a fresh snapshot, the journal",
            "after it, the code keys and the admin tokens. 'scangate serve --data-dir DIR' opens it with every change",
            "acknowledged up to the backup's position (docs/OPERATIONS.md). DIR is written by the server, so it is a path",
            "on the server's machine; it must not exist or be empty, and lie outside the data dir. Prints the answer as JSON."})
public final class BackupCommand implements Callable<Integer> {
    @Mixin
    AdminOptions admin;

    @Option(names = "--to", required = true, paramLabel = "DIR", description = "The directory to write the backup to.")
    Path to;

    @Override
    public Integer call() {
        return admin.execute(client -> {
            admin.print(client.post("/admin/backup", Map.of("to", to.toAbsolutePath().normalize().toString())));
            return 0;
        });
    }
}
