package io.scangate.loadtest.gen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.scangate.loadtest.baseline.HelloServer;

/** The command line: refuses what it must, and writes outputs that parse. */
class LoadGeneratorTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(final String... args) {
        return LoadGenerator.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://10.0.0.1:8080", "http://192.168.1.10", "http://example.com:80", "http://127.0.0.2:8080",
        "http://localhost.example.com:8080", "https://127.0.0.1:8443", "http://[::1]:8080", "http://user@127.0.0.1:8080",
        "127.0.0.1:8080"})
    void shouldRefuseANonLoopbackUrl(final String url) {
        final int exit = run("--url", url, "--rate", "100", "--duration", "1s");

        assertEquals(2, exit, "exit code for " + url + "; stderr: " + err);
        assertTrue(err.toString().contains("--url"), err.toString());
        assertFalse(out.toString().contains("loadtest:"), "refused before anything started: " + out);
    }

    @Test
    void shouldAcceptLoopbackUrlsAndAlwaysConnectTo127001() {
        final LoadConfig byName = LoadConfig.builder().url("http://LOCALHOST:1234").rate(10.0).build();
        final LoadConfig byAddress = LoadConfig.builder().url("http://127.0.0.1:8080/c/{code}").rate(10.0).build();

        assertEquals("127.0.0.1", byName.host());
        assertEquals(1234, byName.port());
        assertEquals(LoadConfig.DEFAULT_PATH, byName.path());
        assertFalse(byName.get());
        assertEquals("/c/{code}", byAddress.path());
        assertTrue(byAddress.get());
    }

    @Test
    void shouldRejectOutOfRangeOptionsNamingThem() {
        assertEquals(2, run("--url", "http://127.0.0.1:1", "--rate", "0"));
        assertTrue(err.toString().contains("--rate must be in 1.."), err.toString());
        assertEquals(2, run("--url", "http://127.0.0.1:1", "--rate", "10", "--repeat-ratio", "1.5"));
        assertTrue(err.toString().contains("--repeat-ratio"), err.toString());
        assertEquals(2, run("--url", "http://127.0.0.1:1"));
        assertTrue(err.toString().contains("--rate is required in open mode"), err.toString());
        assertEquals(2, run("--url", "http://127.0.0.1:1", "--rate", "10", "--duration", "soon"));
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LoadConfig.builder().rate(100.0).connections(4).threads(5).build());
        assertTrue(e.getMessage().startsWith("--threads must be in 1..4"), e.getMessage());
    }

    @Test
    void shouldParseDurations() {
        final LoadGenerator.DurationConverter c = new LoadGenerator.DurationConverter();

        assertEquals(Duration.ofMillis(500), c.convert("500ms"));
        assertEquals(Duration.ofSeconds(10), c.convert("10s"));
        assertEquals(Duration.ofSeconds(10), c.convert("10"));
        assertEquals(Duration.ofMillis(1500), c.convert("1.5s"));
        assertEquals(Duration.ofMinutes(2), c.convert("2m"));
        assertThrows(RuntimeException.class, () -> c.convert("-1s"));
    }

    @Test
    void shouldFailCleanlyWhenNothingListens() throws Exception {
        final int port;
        try (HelloServer server = HelloServer.start(0, 1)) {
            port = server.port();
        }

        final int exit = run("--url", "http://127.0.0.1:" + port, "--rate", "100", "--duration", "1s", "--connections", "2");

        assertEquals(1, exit, out + " / " + err);
        assertTrue(err.toString().contains("could not open"), err.toString());
    }

    @Test
    void shouldWriteJsonHgrmAndHlogThatParse(@TempDir final Path dir) throws Exception {
        final Path codes = dir.resolve("codes.txt");
        Files.write(codes, List.of("# issued by a test", "ABCDEFGHJK0123456789", "", "0123456789ABCDEFGHJK", "ZZZZZZZZZZZZZZZZZZZZ"));
        final String prefix = dir.resolve("out/run").toString();
        final int exit;
        try (HelloServer server = HelloServer.start(0, 2)) {
            exit = run("--url", "http://127.0.0.1:" + server.port(), "--rate", "500", "--duration", "1s", "--warmup", "200ms",
                    "--connections", "2", "--codes", codes.toString(), "--repeat-ratio", "0.5", "--forged-ratio", "0.2",
                    "--out", prefix);
        }
        assertEquals(0, exit, out + " / " + err);
        assertTrue(out.toString().contains("achieved:"), out.toString());

        final JsonNode json = new ObjectMapper().readTree(Path.of(prefix + ".json").toFile());
        final long measured = json.path("requests").path("measured").asLong();
        assertEquals(500, json.path("requests").path("planned").asLong());
        assertEquals(500, measured + json.path("requests").path("unanswered").asLong());
        assertEquals(measured, json.path("status").path("200").asLong());
        assertEquals("open", json.path("mode").asText());
        assertTrue(json.path("achievedRate").asDouble() > 0);
        final JsonNode p = json.path("latencyMicros");
        for (final String key : List.of("p50", "p90", "p99", "p999", "max")) {
            assertTrue(p.has(key), "latencyMicros." + key + " in " + json);
        }
        assertTrue(p.path("p50").asDouble() > 0);
        assertTrue(p.path("p50").asDouble() <= p.path("p90").asDouble() && p.path("p90").asDouble() <= p.path("p99").asDouble()
                && p.path("p99").asDouble() <= p.path("p999").asDouble() && p.path("p999").asDouble() <= p.path("max").asDouble(), p.toString());
        assertEquals(measured, p.path("count").asLong());
        assertTrue(json.path("codes").path("wrapped").asLong() > 0, "3 codes cannot last 600 requests: " + json.path("codes"));
        assertTrue(json.path("codes").path("forged").asLong() > 0);

        final List<String> hgrm = Files.readAllLines(Path.of(prefix + ".hgrm"), StandardCharsets.US_ASCII);
        assertTrue(hgrm.get(0).trim().startsWith("Value"), hgrm.get(0));
        final Matcher footer = Pattern.compile("#\\[Max\\s*=\\s*([0-9.]+),\\s*Total count\\s*=\\s*(\\d+)\\]").matcher(String.join("\n", hgrm));
        assertTrue(footer.find(), String.join("\n", hgrm));
        assertEquals(measured, Long.parseLong(footer.group(2)));
        assertEquals(json.path("latencyMicros").path("max").asDouble() / 1000, Double.parseDouble(footer.group(1)), 0.01);
        int rows = 0;
        for (final String line : hgrm.subList(2, hgrm.size())) {
            if (!line.startsWith("#")) {
                final String[] cols = line.trim().split("\\s+");
                assertTrue(cols.length == 4 || cols.length == 3 && Double.parseDouble(cols[1]) == 1.0, line); // the 100 % row has no 1/(1-p)
                Double.parseDouble(cols[0]);
                Double.parseDouble(cols[1]);
                rows++;
            }
        }
        assertTrue(rows > 10, rows + " percentile rows");

        final Map<String, Histogram> tagged = new HashMap<>();
        try (HistogramLogReader reader = new HistogramLogReader(prefix + ".hlog")) {
            for (int i = 0; i < 10 && reader.hasNext(); i++) {
                final EncodableHistogram h = reader.nextIntervalHistogram();
                if (h instanceof Histogram) {
                    tagged.put(h.getTag(), (Histogram) h);
                }
            }
        }
        assertEquals(Set.of("latency", "service", "sendLag"), tagged.keySet());
        assertNotNull(tagged.get("latency"));
        assertEquals(measured, tagged.get("latency").getTotalCount());
        assertEquals(Math.round(p.path("p50").asDouble()), Math.round(tagged.get("latency").getValueAtPercentile(50) / 1000.0), 1.0);
    }
}
