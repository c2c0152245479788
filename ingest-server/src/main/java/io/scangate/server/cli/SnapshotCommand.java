package io.scangate.server.cli;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code scangate snapshot}: has the running server take a snapshot now. */
@Command(name = "snapshot", mixinStandardHelpOptions = true,
        description = {"Have the running server take a snapshot of its whole state now, while scans go on (docs/SNAPSHOTS.md),",
            "then prune to snapshot.keep and compact the journal before the oldest kept. Prints the server's answer as JSON:",
            "file, position, bytes, codes, millis, the verifier's longest pause, segments compacted."})
public final class SnapshotCommand implements Callable<Integer> {
    @Mixin
    AdminOptions admin;

    @Override
    public Integer call() {
        return admin.printPost("/admin/snapshot");
    }
}
