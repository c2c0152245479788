package io.scangate.server;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

import io.scangate.verifier.journal.Checkpoint;
import io.scangate.verifier.journal.Recovery;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code scangate recover}: the server's start-up recovery, offline. Cuts a torn journal tail,
 * repairs or rebuilds the ledger, prints what it found, and with {@code --verify} checks that the
 * ledger equals a fresh replay of the whole journal. Leaves the data dir cleanly closed, with the
 * idempotency window rebuilt from the journal saved as a clean stop saves it.
 */
@Command(name = "recover", mixinStandardHelpOptions = true,
        description = {"Recover a data directory offline (the server must be stopped) and print what was found.",
            "Exit codes: 0 recovered (and verified), 1 failed or verification mismatch, 2 bad usage."})
public final class RecoverCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Data directory (default ./data).")
    Path dataDir;

    @Option(names = "--config", paramLabel = "FILE", description = "Properties file for ledger sizing (as for serve).")
    Path config;

    @Option(names = "--verify", description = "Also compare the ledger with the newest snapshot plus the journal after it (the whole journal without one).")
    boolean verify;

    @Override
    public Integer call() {
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        final Map<String, String> overrides = new LinkedHashMap<>();
        if (dataDir != null) {
            overrides.put(ServerConfig.DATA_DIR.name(), dataDir.toString());
        }
        final ServerConfig cfg;
        try {
            cfg = ServerConfig.load(config != null ? config : ServeCommand.installedConfig(), System.getenv(), overrides);
        } catch (final IllegalArgumentException | java.io.UncheckedIOException e) {
            err.println("scangate: " + e.getMessage());
            return 2;
        }
        if (!cfg.dataDir.toFile().isDirectory()) {
            err.println("scangate: data directory " + cfg.dataDir.toAbsolutePath() + " does not exist");
            return 1;
        }
        try (DataDir held = DataDir.lock(cfg.dataDir)) {
            out.println("data dir: " + held.path().toAbsolutePath());
            final Recovery.State state = Recovery.open(cfg.recoveryContext());
            // as the server does at start: recovery has deleted the saved request window, so if this
            // command stops before its clean close, the next start must rebuild (and refill it) from the journal
            new Checkpoint(state.journal().endPosition(), false, Checkpoint.currentBootId()).write(cfg.dataDir);
            final Recovery.Report r = state.report();
            out.println("recovery: " + r.mode() + " (" + r.reason() + ")");
            out.println("journal: " + state.journal().segmentCount() + " segment(s), next sequence " + r.nextSequence()
                    + ", end " + io.scangate.verifier.journal.JournalPosition.toString(r.endPosition()));
            out.println("torn tail: " + (r.tornTail() == null ? "none" : "cut " + r.tornTail().bytes() + " bytes at segment "
                    + r.tornTail().segment() + " offset " + r.tornTail().offset()));
            out.println("replayed: " + r.records() + " record(s) from " + io.scangate.verifier.journal.JournalPosition.toString(r.fromPosition())
                    + " in " + r.millis() + " ms");
            out.println("ledger: " + state.ledger().size() + " entries; batches: " + state.batches().index().size());
            int exit = 0;
            if (verify) {
                final io.scangate.verifier.journal.LedgerCheck.Result check = new io.scangate.verifier.journal.LedgerCheck(cfg.dataDir,
                        state.journal(), state.ledger(), cfg.ledgerEntries).run(java.util.function.Supplier::get);
                check.differences().forEach(line -> out.println("  " + line));
                final long mismatches = check.mismatches();
                out.println(mismatches == 0 ? "verify: ledger equals a fresh replay of the journal from " + check.base()
                        + " (" + check.replayed() + " records)" : "verify: MISMATCH in " + mismatches + " code(s)");
                exit = mismatches == 0 ? 0 : 1;
            }
            // a clean stop, window included: without it, retries of scans answered before the crash counted again
            state.closeCleanly(cfg.dataDir);
            out.flush();
            return exit;
        } catch (final DataDir.DataDirInUseException e) {
            err.println("scangate: " + e.getMessage());
            return 1;
        } catch (final RuntimeException e) {
            err.println("scangate: recovery failed: " + e.getMessage());
            return 1;
        }
    }
}
