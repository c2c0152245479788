package io.scangate.server;

import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import io.scangate.verifier.batch.Batch;
import io.scangate.verifier.batch.BatchSpec;
import io.scangate.verifier.code.CodeAuthenticator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code scangate serve}: runs the server until SIGTERM/SIGINT, then drains and stops cleanly. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Run the scan server (HTTP scan port, ops port with metrics, health and admin API).")
public final class ServeCommand implements Callable<Integer> {
    static final String DEMO_CODES = "demo-codes.txt";

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE",
            description = "Properties file (default: config/scangate.properties of the installation, else built-in defaults).")
    Path config;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Data directory (default ./data).")
    Path dataDir;

    @Option(names = "--http-port", paramLabel = "N", description = "Scan port (default 8080; 0 = any free port).")
    Integer httpPort;

    @Option(names = "--ops-port", paramLabel = "N", description = "Ops port (default 9090; 0 = any free port).")
    Integer opsPort;

    @Option(names = "--udp-port", paramLabel = "N", description = "UDP scan port (default 8081; 0 = any free port); protocol in docs/UDP.md.")
    Integer udpPort;

    @Option(names = "--cluster", paramLabel = "FILE",
            description = "Run as a member of a cluster described by FILE (members, ports, directories: docs/CLUSTER.md).")
    Path cluster;

    @Option(names = "--demo", description = "On an empty data dir, create a demo batch, write its codes to <data dir>/"
            + DEMO_CODES + " and print a curl line to scan one.")
    boolean demo;

    @Override
    public Integer call() throws Exception {
        io.scangate.verifier.ledger.ChronicleLedger.warmUpInBackground(); // beside the config, logging and wiring below
        final java.io.PrintWriter err = spec.commandLine().getErr();
        final Map<String, String> overrides = new LinkedHashMap<>();
        if (dataDir != null) {
            overrides.put(ServerConfig.DATA_DIR.name(), dataDir.toString());
        }
        if (httpPort != null) {
            overrides.put(ServerConfig.HTTP_PORT.name(), httpPort.toString());
        }
        if (opsPort != null) {
            overrides.put(ServerConfig.OPS_PORT.name(), opsPort.toString());
        }
        if (udpPort != null) {
            overrides.put(ServerConfig.UDP_PORT.name(), udpPort.toString());
        }
        final ServerConfig cfg;
        final ClusterFile clusterFile;
        try {
            cfg = ServerConfig.load(configFile(), System.getenv(), overrides);
            clusterFile = cluster == null ? null : ClusterFile.load(cluster);
        } catch (final IllegalArgumentException | java.io.UncheckedIOException e) {
            err.println("scangate: " + e.getMessage());
            err.flush();
            return 2;
        }
        final ScanGate server;
        try {
            server = ScanGate.start(cfg, clusterFile);
        } catch (final DataDir.DataDirInUseException e) {
            err.println("scangate: " + e.getMessage());
            err.flush();
            return 1;
        } catch (final StartException e) {
            // whatever the start opened is closed again: the next start may try at once
            err.println("scangate: cannot start: " + e.getMessage());
            err.flush();
            return 1;
        }
        final CountDownLatch stopped = new CountDownLatch(1);
        if (clusterFile != null) {
            stopOnSignalsAeronTook();
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "scangate-shutdown"));

        System.out.println("scangate listening: scans on " + (cfg.tlsCertFile != null ? "https" : "http") + "://" + cfg.bindAddress + ":" + server.httpPort() + " and udp://"
                + cfg.bindAddress + ":" + server.udpPort() + where(cfg.bindAddress) + ", ops on http://" + cfg.opsBindAddress + ":"
                + server.opsPort() + where(cfg.opsBindAddress));
        System.out.println(cfg.adminToken != null ? "admin token: from SCANGATE_ADMIN_TOKEN"
                : "admin token: in " + server.tokenFile().toAbsolutePath());
        if (demo) {
            demo(server);
        }
        System.out.flush();
        stopped.await();
        return 0;
    }

    /** What a bind address exposes, said plainly in the banner. */
    private static String where(final String bindAddress) {
        if (bindAddress.equals("0.0.0.0") || bindAddress.equals("::")) {
            return " (all interfaces)";
        }
        return bindAddress.startsWith("127.") || bindAddress.equals("::1") || bindAddress.equals("localhost") ? " (loopback only)" : "";
    }

    private Path configFile() {
        return config != null ? config : installedConfig();
    }

    /** {@code $SCANGATE_HOME/config/scangate.properties} if the launcher set a home and the file exists. */
    static Path installedConfig() {
        final String home = System.getenv("SCANGATE_HOME");
        if (home != null) {
            final Path p = Path.of(home, "config", "scangate.properties");
            if (Files.exists(p)) {
                return p;
            }
        }
        return null;
    }

    private static void demo(final ScanGate server) throws Exception {
        final Path codes = server.config().dataDir.resolve(DEMO_CODES);
        if (!server.batches().index().all().isEmpty()) {
            System.out.println("demo: data dir already has batches; codes of the first demo batch are in " + codes.toAbsolutePath());
            return;
        }
        final BatchSpec spec = BatchSpec.of("DEMO-COLA-330", "06901234567892", "CN-31", 1000L, "ACTIVE", null);
        final Batch batch = (Batch) server.runOnVerifier(v -> v.createBatch(spec));
        final CodeAuthenticator auth = new CodeAuthenticator(server.keys());
        String first = null;
        Files.deleteIfExists(codes);
        Files.createFile(codes);
        io.scangate.verifier.fs.OwnerOnly.restrict(codes); // codes are as good as the goods: printable, claimable
        try (BufferedWriter w = Files.newBufferedWriter(codes, StandardCharsets.US_ASCII)) {
            for (long i = 0; i < batch.count(); i++) {
                final String code = auth.issue(batch.keyId(), batch.firstSerial() + i);
                if (first == null) {
                    first = code;
                }
                w.write(code);
                w.write('\n');
            }
        }
        System.out.println("demo: batch " + batch.batchId() + " with " + batch.count() + " codes written to " + codes.toAbsolutePath());
        System.out.println("demo: scan one with:");
        System.out.println("  curl -s -X POST http://127.0.0.1:" + server.httpPort() + "/v1/scans -H 'Content-Type: application/json'"
                + " -d '{\"code\":\"" + first + "\",\"device\":\"demo-phone\",\"region\":\"CN-31\"}'");
    }

    /**
     * Aeron Cluster's contexts load Agrona's {@code ShutdownSignalBarrier}, which takes SIGTERM and
     * SIGINT from the JVM: the JVM no longer exits on them and the shutdown hook (the clean stop)
     * never runs. A barrier of our own is signalled with the others; its thread exits the JVM as
     * the JVM would have (143), which runs the hook.
     */
    private static void stopOnSignalsAeronTook() {
        final org.agrona.concurrent.ShutdownSignalBarrier signalled = new org.agrona.concurrent.ShutdownSignalBarrier();
        final Thread waiter = new Thread(() -> {
            signalled.await();
            System.exit(143);
        }, "scangate-signals");
        waiter.setDaemon(true);
        waiter.start();
    }
}
