package io.scangate.server;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.Set;

/**
 * The file {@code serve --cluster FILE} reads (docs/CLUSTER.md): which member this node is, every
 * member's host, the port base (member {@code i} uses {@code base + 100 i + 1..5}), where the
 * member keeps its cluster files, and how long a forwarded scan may wait for its answer.
 *
 * <pre>
 *  cluster.member=0
 *  cluster.hosts=localhost,localhost,localhost
 *  cluster.port.base=20000
 *  cluster.dir=./cluster-0          (default: cluster/ in the data dir)
 *  cluster.answer.timeout.ms=3000
 * </pre>
 *
 * @param member         this node's member id, 0-based in {@code hosts}
 * @param hosts          every member's host, in member order
 * @param portBase       the first port of the range the members' ports are made from
 * @param dir            this member's cluster files (archive, log, election state), or null for the data dir's {@code cluster/}
 * @param answerTimeoutMs how long a forwarded scan waits for the leader's answer before it is answered as an error to retry
 */
public record ClusterFile(int member, List<String> hosts, int portBase, Path dir, long answerTimeoutMs) {
    private static final Set<String> KEYS = Set.of("cluster.member", "cluster.hosts", "cluster.port.base", "cluster.dir", "cluster.answer.timeout.ms");

    /** Reads and checks {@code file}; {@link IllegalArgumentException} names every problem. */
    public static ClusterFile load(final Path file) {
        final Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (final IOException e) {
            throw new IllegalArgumentException("cannot read cluster file " + file + ": " + Causes.describe(e, file), e);
        }
        final List<String> problems = new ArrayList<>();
        for (final String key : p.stringPropertyNames()) {
            if (!KEYS.contains(key)) {
                problems.add("unknown key '" + key + "' (known: " + String.join(", ", KEYS.stream().sorted().toList()) + ")");
            }
        }
        final List<String> hosts = Arrays.stream(p.getProperty("cluster.hosts", "").split(",")).map(String::trim).filter(h -> !h.isEmpty()).toList();
        if (hosts.size() < 3 || hosts.size() % 2 == 0) {
            problems.add("'cluster.hosts' must name an odd number of members, at least 3, was " + hosts.size());
        }
        final int member = number(p, "cluster.member", -1, problems);
        if (member < 0 || member >= hosts.size()) {
            problems.add("'cluster.member' must be 0.." + (hosts.size() - 1) + " (its place in cluster.hosts), was " + p.getProperty("cluster.member"));
        }
        final int base = number(p, "cluster.port.base", 20_000, problems);
        if (base < 1024 || base + 100L * hosts.size() > 65_535) {
            problems.add("'cluster.port.base' must leave 100 ports per member below 65536, was " + base);
        }
        final int timeout = number(p, "cluster.answer.timeout.ms", 3_000, problems);
        if (timeout < 100 || timeout > 60_000) {
            problems.add("'cluster.answer.timeout.ms' must be 100..60000, was " + timeout);
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid cluster file " + file + ": " + String.join("; ", problems));
        }
        final String dir = p.getProperty("cluster.dir", "").trim();
        return new ClusterFile(member, hosts, base, dir.isEmpty() ? null : Path.of(dir).toAbsolutePath().normalize(), timeout);
    }

    /** Where Linux says which ports it hands out to sockets bound to port 0. */
    static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");

    /**
     * A warning if a member's ports fall in the ephemeral range {@code rangeFile} gives (two
     * numbers), null if none do or the file cannot be read: while a member is down, any socket on
     * its host bound to port 0 (Aeron's own replication and response channels among them) may be
     * given one of its ports, and the member cannot take part in the log when it comes back.
     */
    String ephemeralWarning(final Path rangeFile) {
        final int[] range;
        try {
            range = Arrays.stream(Files.readString(rangeFile).trim().split("\\s+")).mapToInt(Integer::parseInt).toArray();
        } catch (final IOException | RuntimeException e) {
            return null;
        }
        final int first = portBase + 1;
        final int last = portBase + 100 * (hosts.size() - 1) + 5;
        if (range.length != 2 || last < range[0] || first > range[1]) {
            return null;
        }
        return "the members' ports " + first + ".." + last + " overlap the ephemeral port range " + range[0] + ".." + range[1]
                + " (" + rangeFile + "): a socket bound to port 0 may take a member's port while it is down; choose a"
                + " cluster.port.base outside it, or reserve the ports (net.ipv4.ip_local_reserved_ports)";
    }

    private static int number(final Properties p, final String key, final int defaultValue, final List<String> problems) {
        final String text = p.getProperty(key);
        if (text == null || text.isBlank()) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(text.trim());
        } catch (final NumberFormatException e) {
            problems.add("'" + key + "' must be a whole number, was '" + text + "'");
            return defaultValue;
        }
    }
}
