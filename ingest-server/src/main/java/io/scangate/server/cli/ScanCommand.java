package io.scangate.server.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import io.scangate.client.Scan;
import io.scangate.client.ScanResult;
import io.scangate.client.UdpScanClient;
import io.scangate.client.UdpScanException;
import io.scangate.verifier.verdict.Alert;

/**
 * {@code scangate scan --udp HOST:PORT CODE...}: scans codes over the UDP protocol with the
 * integrators' client (one datagram per 32 codes, retries with the same requestId), for manual
 * tests. Prints one JSON line per code, in order.
 */
@Command(name = "scan", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Scan codes over UDP (docs/UDP.md) and print one JSON answer per code, in order.",
            "Exit 0 if every code was answered, 1 if the server refused the datagram, 3 if it did not answer."})
public final class ScanCommand implements Callable<Integer> {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--udp", required = true, paramLabel = "HOST:PORT", description = "The server's UDP scan port, e.g. 127.0.0.1:8081.")
    String udp;

    @Option(names = "--device", paramLabel = "ID", defaultValue = "scangate-cli",
            description = "Device id, 1 to 64 bytes of UTF-8 (default ${DEFAULT-VALUE}).")
    String device;

    @Option(names = "--region", paramLabel = "ISO", description = "ISO 3166-1 alpha-2 or ISO 3166-2 region, such as CN or CN-31.")
    String region;

    @Option(names = "--consumer", paramLabel = "ID", description = "Consumer id sent with every code.")
    String consumer;

    @Option(names = "--timeout-ms", paramLabel = "MS", defaultValue = "500",
            description = "Wait for an answer before resending (longer on each retry; default ${DEFAULT-VALUE}).")
    int timeoutMillis;

    @Option(names = "--retries", paramLabel = "N", defaultValue = "4", description = "Resends of an unanswered datagram (default ${DEFAULT-VALUE}).")
    int retries;

    @Parameters(paramLabel = "CODE", arity = "1..*", description = "Codes as printed or typed.")
    List<String> codes;

    @Override
    public Integer call() {
        final InetSocketAddress server = address(udp);
        final List<Scan> scans = new ArrayList<>();
        for (final String c : codes) {
            scans.add(new Scan(c, consumer));
        }
        final PrintWriter out = spec.commandLine().getOut();
        try (UdpScanClient client = build(server)) {
            for (final ScanResult r : client.scan(scans)) {
                out.println(json(r));
            }
            out.flush();
            return 0;
        } catch (final UdpScanException e) {
            spec.commandLine().getErr().println("scangate scan: " + e.getMessage());
            return e.errorCode() == 0 ? CliException.UNREACHABLE : CliException.SERVER_ERROR;
        } catch (final IOException e) {
            spec.commandLine().getErr().println("scangate scan: " + e.getMessage());
            return CliException.UNREACHABLE;
        }
    }

    private UdpScanClient build(final InetSocketAddress server) throws IOException {
        try {
            return UdpScanClient.builder(server).device(device).region(region).timeout(Duration.ofMillis(timeoutMillis))
                    .retries(retries).build();
        } catch (final IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private InetSocketAddress address(final String hostPort) {
        final int colon = hostPort.lastIndexOf(':');
        try {
            final int port = Integer.parseInt(hostPort.substring(colon + 1));
            if (colon <= 0 || port < 1 || port > 65535) {
                throw new NumberFormatException();
            }
            final String host = hostPort.substring(0, colon).replace("[", "").replace("]", "");
            return new InetSocketAddress(host, port);
        } catch (final NumberFormatException | IndexOutOfBoundsException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--udp must be HOST:PORT with a port 1 to 65535, got '" + hostPort + "'");
        }
    }

    private static String json(final ScanResult r) {
        final StringBuilder b = new StringBuilder(160).append("{\"code\":\"").append(escape(r.code())).append('"');
        if (!r.ok()) {
            return b.append(",\"status\":\"").append(r.statusName()).append("\"}").toString();
        }
        b.append(",\"verdict\":\"").append(r.verdict()).append("\",\"firstScan\":").append(r.firstScan())
                .append(",\"scanCount\":").append(r.scanCount()).append(",\"reward\":");
        if (r.rewardId() == 0) {
            b.append("null");
        } else {
            b.append("{\"rewardId\":").append(r.rewardId()).append(",\"amount\":").append(r.rewardAmount()).append('}');
        }
        b.append(",\"alerts\":[");
        final List<Alert> alerts = Alert.of(r.alerts());
        for (int i = 0; i < alerts.size(); i++) {
            b.append(i == 0 ? "\"" : ",\"").append(alerts.get(i).name()).append('"');
        }
        return b.append("]}").toString();
    }

    private static String escape(final String s) {
        final StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            final char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
