package io.scangate.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.scangate.server.ops.PrometheusText;
import io.scangate.verifier.code.CodeAuthenticator;

/** Test support for the ops tests: traffic of every verdict, scrapes, and PromQL metric names. */
final class OpsFixture {
    private static final Pattern IDENTIFIER = Pattern.compile("(?<![a-zA-Z0-9_:.$])[a-zA-Z_:][a-zA-Z0-9_:]*+(?!\\s*\\()");
    private static final Set<String> PROMQL_WORDS = Set.of("and", "or", "unless", "offset", "bool", "by", "without", "on",
            "ignoring", "group_left", "group_right", "inf", "nan", "Inf", "NaN");

    private OpsFixture() {
    }

    /**
     * Sends scans of every verdict the server can produce without campaigns (GENUINE first and
     * repeat, SUSPECT, NOT_ACTIVE, VOIDED, UNKNOWN, FORGED), over POST and GET, plus a 404; returns
     * the scraped {@code /metrics} text afterwards. In all: 13 GENUINE, 2 SUSPECT, 1 each of the
     * others; 19 answers 200.
     */
    static String scrapeAfterEveryVerdict(final TestServer server, final Path dir) throws Exception {
        final List<String> active = issue(server, dir, 5);
        final List<String> inactive = issue(server, dir, 2, "--inactive");
        assertEquals("GENUINE", server.scan(active.get(0), "phone-1", "CN-31").get("verdict").asText());
        assertEquals("GENUINE", server.scan(active.get(0), "phone-2", "DE").get("verdict").asText());
        assertEquals(200, server.get(server.scanUrl() + "/c/" + active.get(1), "Accept", "application/json").statusCode());
        assertEquals("NOT_ACTIVE", server.scan(inactive.get(0), "phone-1", "CN-31").get("verdict").asText());
        final TestServer.Cli voided = TestServer.cli("codes", "void", active.get(2), "--admin-url", server.opsUrl(), "--token", TestServer.TOKEN);
        assertEquals(0, voided.exit(), voided.err());
        assertEquals("VOIDED", server.scan(active.get(2), "phone-1", null).get("verdict").asText());
        final CodeAuthenticator auth = new CodeAuthenticator(server.server.keys());
        assertEquals("UNKNOWN", server.scan(auth.issue(1, 1_000_000), "phone-1", null).get("verdict").asText());
        final String code = active.get(3);
        final String forged = code.substring(0, 19) + (code.charAt(19) == 'A' ? 'B' : 'A');
        assertEquals("FORGED", server.scan(forged, "phone-1", "CN").get("verdict").asText());
        // a clone: 11 devices (more than clone.max.devices = 10) on one code, then its first device again
        final List<String> clones = devicesInDistinctSketchBuckets(11);
        for (int d = 0; d < 10; d++) {
            assertEquals("GENUINE", server.scan(active.get(4), clones.get(d), "CN-31").get("verdict").asText(), "device " + d);
        }
        final var suspect = server.scan(active.get(4), clones.get(10), "CN-31");
        assertEquals("SUSPECT", suspect.get("verdict").asText(), suspect.toString());
        assertEquals(11, suspect.get("scanCount").asInt());
        // (a running campaign, as in DashboardQueriesTest, may add REWARD_ALREADY_CLAIMED)
        assertTrue(suspect.get("alerts").toString().endsWith("\"CLONE_SUSPECTED\",\"MANY_DEVICES\"]"), suspect.toString());
        assertEquals("SUSPECT", server.scan(active.get(4), clones.get(0), "CN-31").get("verdict").asText(), "a clone stays a clone");
        assertEquals(404, server.get(server.scanUrl() + "/nowhere").statusCode());
        final var metrics = server.get(server.opsUrl() + "/metrics");
        assertEquals(200, metrics.statusCode());
        return metrics.body();
    }

    /** {@code n} device names whose hashes fall in distinct buckets of the verifier's device sketch. */
    static List<String> devicesInDistinctSketchBuckets(final int n) {
        final List<String> names = new java.util.ArrayList<>();
        long seen = 0;
        for (int i = 0; names.size() < n && i < 10_000; i++) {
            final String name = "clone-" + i;
            final byte[] b = name.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            final long bit = io.scangate.verifier.ledger.CodeState.sketchBit(io.scangate.verifier.ledger.Hashing.hash(b, 0, b.length));
            if ((seen & bit) == 0) {
                seen |= bit;
                names.add(name);
            }
        }
        assertEquals(n, names.size());
        return names;
    }

    static List<String> issue(final TestServer server, final Path dir, final int count, final String... extra) throws Exception {
        final Path out = dir.resolve("codes-" + System.nanoTime() + ".txt");
        final List<String> args = new ArrayList<>(List.of("codes", "issue", "--sku", "COLA-330", "--gtin", "06901234567892",
                "--region", "CN-31", "--count", Integer.toString(count), "--out", out.toString(),
                "--admin-url", server.opsUrl(), "--token", TestServer.TOKEN));
        args.addAll(List.of(extra));
        final TestServer.Cli cli = TestServer.cli(args.toArray(new String[0]));
        assertEquals(0, cli.exit(), () -> "codes issue failed: " + cli.err());
        return Files.readAllLines(out);
    }

    /** Every sample name of a scrape ({@code _bucket}, {@code _count}, {@code _sum} included). */
    static Set<String> exportedNames(final String scrape) {
        final Set<String> names = new LinkedHashSet<>();
        for (final PrometheusText.Sample s : PrometheusText.parse(scrape).samples()) {
            names.add(s.name());
        }
        return names;
    }

    /**
     * The metric names a PromQL expression selects: identifiers outside strings, label matchers,
     * ranges and grouping clauses that are not function calls or keywords.
     */
    static Set<String> metricNames(final String expr) {
        String e = expr.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"");
        e = e.replaceAll("\\{[^}]*\\}", "");
        e = e.replaceAll("\\[[^\\]]*\\]", "");
        e = e.replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ");
        e = e.replaceAll("\\$\\w+", " ");
        final Set<String> names = new LinkedHashSet<>();
        final Matcher m = IDENTIFIER.matcher(e);
        while (m.find()) {
            if (!PROMQL_WORDS.contains(m.group())) {
                names.add(m.group());
            }
        }
        return names;
    }
}
