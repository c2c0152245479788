package io.scangate.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

/** Campaigns and rewards through the real front doors: CLI, scan port, ops port. */
class CampaignEndToEndTest {
    private static final int N = 25;
    private static final int PRIZE = 188;

    @TempDir
    Path dir;

    private TestServer server;

    @BeforeEach
    void start() throws Exception {
        server = TestServer.start(dir.resolve("data"));
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private String[] admin(final String... args) {
        final List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--admin-url", server.opsUrl(), "--token", TestServer.TOKEN));
        return all.toArray(new String[0]);
    }

    private List<String> issue(final int count) throws Exception {
        final Path out = dir.resolve("codes-" + System.nanoTime() + ".txt");
        final TestServer.Cli cli = TestServer.cli(admin("codes", "issue", "--sku", "COLA-330", "--gtin", "06901234567892",
                "--region", "CN", "--count", Integer.toString(count), "--out", out.toString()));
        assertEquals(0, cli.exit(), cli.err());
        return Files.readAllLines(out);
    }

    private Path campaignFile(final String json) throws Exception {
        final Path file = dir.resolve("campaign-" + System.nanoTime() + ".json");
        Files.writeString(file, json);
        return file;
    }

    private static String campaign(final String id, final int budget, final String extra) {
        final Instant now = Instant.now();
        return "{\"id\":\"" + id + "\",\"name\":\"End to end\",\"start\":\"" + now.minus(1, ChronoUnit.HOURS) + "\",\"end\":\""
                + now.plus(1, ChronoUnit.DAYS) + "\",\"winProbability\":1,\"currency\":\"CNY\",\"budget\":{\"count\":" + budget
                + ",\"amount\":" + (budget * PRIZE) + "},\"prizes\":[{\"id\":\"red\",\"amount\":" + PRIZE + ",\"weight\":1}]" + extra + "}";
    }

    private JsonNode adminGet(final String path) throws Exception {
        final HttpResponse<String> r = server.get(server.opsUrl() + path, "Authorization", "Bearer " + TestServer.TOKEN);
        assertEquals(200, r.statusCode(), r.body());
        return TestServer.JSON.readTree(r.body());
    }

    @Test
    void shouldGrantExactlyTheBudgetWhen64ConnectionsScan4NCodes() throws Exception {
        final List<String> codes = issue(4 * N);
        final TestServer.Cli applied = TestServer.cli(admin("campaigns", "apply", campaignFile(campaign("e2e", N, "")).toString()));
        assertEquals(0, applied.exit(), applied.err());
        assertTrue(applied.out().contains("\"version\":1"), applied.out());
        assertFalse(applied.out().contains("seed"), "the seed is never shown: " + applied.out());

        final Map<String, Long> rewardByCode = new ConcurrentHashMap<>();
        final ExecutorService pool = Executors.newFixedThreadPool(64);
        try {
            final List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 64; t++) {
                final int thread = t;
                done.add(pool.submit(() -> {
                    final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                    for (int i = thread; i < codes.size(); i += 64) {
                        final String body = "{\"code\":\"" + codes.get(i) + "\",\"device\":\"phone-" + i + "\",\"region\":\"CN-31\"}";
                        final HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(server.scanUrl() + "/v1/scans"))
                                .timeout(Duration.ofSeconds(20)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                                HttpResponse.BodyHandlers.ofString());
                        assertEquals(200, r.statusCode(), r.body());
                        final JsonNode reward = TestServer.JSON.readTree(r.body()).get("reward");
                        if (!reward.isNull()) {
                            assertEquals("e2e", reward.get("campaign").asText());
                            assertEquals(PRIZE, reward.get("amount").asLong());
                            assertEquals("CNY", reward.get("currency").asText());
                            rewardByCode.put(codes.get(i), reward.get("rewardId").asLong());
                        }
                    }
                    return null;
                }));
            }
            for (final Future<?> f : done) {
                f.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(N, rewardByCode.size(), "exactly the budget's count of winners");
        assertEquals(N, new HashSet<>(rewardByCode.values()).size());

        final JsonNode log = adminGet("/admin/rewards?after=0&limit=1000");
        final Set<Long> ids = new HashSet<>();
        long sum = 0;
        for (final JsonNode w : log.get("rewards")) {
            assertTrue(ids.add(w.get("rewardId").asLong()));
            sum += w.get("amount").asLong();
            assertEquals(rewardByCode.get(w.get("code").asText()), w.get("rewardId").asLong(), "the log names the answered winner");
            assertEquals("CN-31", w.get("region").asText());
            assertTrue(w.get("device").asText().startsWith("phone-"));
        }
        assertEquals(N, ids.size());
        assertTrue(sum <= (long) N * PRIZE);

        for (final Map.Entry<String, Long> win : rewardByCode.entrySet()) {
            final int index = codes.indexOf(win.getKey());
            final JsonNode again = server.scan(win.getKey(), "phone-" + index, "CN-31");
            assertEquals(win.getValue(), again.get("reward").get("rewardId").asLong(), "the winner's rescan shows the same reward");
            final JsonNode other = server.scan(win.getKey(), "someone-else", "CN-31");
            assertTrue(other.get("reward").isNull());
            assertEquals("REWARD_ALREADY_CLAIMED", other.get("alerts").get(0).asText());
        }

        final JsonNode shown = adminGet("/admin/campaigns/e2e");
        assertEquals(N, shown.get("spent").get("count").asLong());
        assertEquals(0, shown.get("remaining").get("count").asLong());
        assertEquals(N, shown.get("prizes").get(0).get("winners").asLong());

        final TestServer.Cli tail = TestServer.cli(admin("rewards", "tail", "--from", "1"));
        assertEquals(0, tail.exit(), tail.err());
        assertEquals(N, tail.out().lines().count());
        final TestServer.Cli from = TestServer.cli(admin("rewards", "tail", "--from", Integer.toString(N)));
        assertEquals(1, from.out().lines().count());

        final String metrics = server.get(server.opsUrl() + "/metrics").body();
        assertTrue(metrics.contains("scangate_rewards_granted_total{campaign=\"e2e\",prize=\"red\"} " + N + ".0"), metrics);
        assertTrue(metrics.contains("scangate_campaign_budget_remaining{campaign=\"e2e\",kind=\"count\"} 0.0"));
    }

    @Test
    void shouldRefuseAnInvalidCampaignFileNamingEveryProblemAndChangeNothing() throws Exception {
        final TestServer.Cli ok = TestServer.cli(admin("campaigns", "apply", campaignFile(campaign("keep", 5, "")).toString()));
        assertEquals(0, ok.exit(), ok.err());
        final String bad = campaign("keep", 5, ",\"regions\":[\"China\"],\"caps\":{\"perDevice\":0}").replace("\"CNY\"", "\"yuan\"");
        final TestServer.Cli refused = TestServer.cli(admin("campaigns", "apply", campaignFile(bad).toString()));
        assertEquals(1, refused.exit());
        assertTrue(refused.err().contains("HTTP 400"), refused.err());
        for (final String path : List.of("regions[0]", "caps.perDevice", "currency")) {
            assertTrue(refused.err().contains(path + ": "), path + " in " + refused.err());
        }
        final JsonNode keep = adminGet("/admin/campaigns/keep");
        assertEquals(1, keep.get("version").asInt(), "nothing changed");
        assertEquals("CNY", keep.get("currency").asText());

        final TestServer.Cli missing = TestServer.cli(admin("campaigns", "apply", dir.resolve("nope.json").toString()));
        assertEquals(2, missing.exit());
        assertTrue(missing.err().contains("no such file"), missing.err());
        final TestServer.Cli unknown = TestServer.cli(admin("campaigns", "show", "nope"));
        assertEquals(1, unknown.exit());
        assertTrue(unknown.err().contains("404"), unknown.err());
    }

    @Test
    void campaignFileWithATrailingCommaNamesTheFileLineAndColumn() throws Exception {
        final Path file = campaignFile(campaign("comma", 5, "").replace(",\"winProbability\"", ",\n\"winProbability\"")
                .replaceFirst("}$", ",\n}"));
        final TestServer.Cli refused = TestServer.cli(admin("campaigns", "apply", file.toString()));
        assertEquals(2, refused.exit(), refused.err());
        assertTrue(refused.err().startsWith("scangate: " + file + ": not valid JSON at line 3, column 1: "), refused.err());
        assertEquals(404, server.admin("GET", "/admin/campaigns/comma", null).statusCode(), "nothing was sent");
    }

    @Test
    void stringBudgetAmountAndRmbCurrencyAreEachOneErrorNamingTheField() throws Exception {
        final String bad = campaign("rmb", 5, "").replace("\"CNY\"", "\"RMB\"").replace("\"amount\":" + (5 * PRIZE) + "}",
                "\"amount\":\"" + (5 * PRIZE) + "\"}");
        final TestServer.Cli refused = TestServer.cli(admin("campaigns", "apply", campaignFile(bad).toString()));
        assertEquals(1, refused.exit(), refused.err());
        final List<String> reasons = refused.err().lines().filter(l -> l.startsWith("  ")).map(String::strip).toList();
        assertEquals(List.of("currency: 'RMB' is not an ISO 4217 currency code; did you mean CNY?",
                "budget.amount: must be a whole number of at least 0"), reasons, refused.err());
    }

    @Test
    void shouldGrantNothingOutOfRegionOrScopeOrAfterAStop() throws Exception {
        final List<String> codes = issue(10);
        assertEquals(0, TestServer.cli(admin("campaigns", "apply",
                campaignFile(campaign("jp", 10, ",\"regions\":[\"JP\"]")).toString())).exit());
        assertEquals(0, TestServer.cli(admin("campaigns", "apply",
                campaignFile(campaign("tea", 10, ",\"skus\":[\"TEA-500\"]")).toString())).exit());
        assertTrue(server.scan(codes.get(0), "p", "CN-31").get("reward").isNull());
        assertTrue(server.scan(codes.get(1), "p", "CN-31").get("reward").isNull());
        final JsonNode inJapan = server.scan(codes.get(2), "p", "JP-13");
        assertEquals("jp", inJapan.get("reward").get("campaign").asText(), "in JP the jp campaign draws (p = 1); tea never does");
        assertEquals("OFF_REGION", inJapan.get("alerts").get(0).asText(), "the batch was planned for CN");
        final TestServer.Cli stopped = TestServer.cli(admin("campaigns", "stop", "jp"));
        assertEquals(0, stopped.exit(), stopped.err());
        assertTrue(stopped.out().contains("\"STOPPED\""));
        assertTrue(server.scan(codes.get(3), "p", "JP-13").get("reward").isNull(), "stopped");
        final Map<String, Long> spent = new HashMap<>();
        for (final JsonNode c : adminGet("/admin/campaigns").get("campaigns")) {
            spent.put(c.get("id").asText(), c.get("spent").get("count").asLong());
        }
        assertEquals(Map.of("jp", 1L, "tea", 0L), spent);
    }

    @Test
    void shouldGrantRewardsToUdpScansAndNameTheirDeviceAndConsumerInTheLog() throws Exception {
        final List<String> codes = issue(3);
        assertEquals(0, TestServer.cli(admin("campaigns", "apply", campaignFile(campaign("udp", 2, "")).toString())).exit());
        try (io.scangate.client.UdpScanClient c = io.scangate.client.UdpScanClient.builder(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), server.server.udpPort()))
                .device("gateway-7").region("CN-31").build()) {
            final List<io.scangate.client.ScanResult> answers = c.scan(List.of(new io.scangate.client.Scan(codes.get(0), "wx-42"),
                    new io.scangate.client.Scan(codes.get(1), null), new io.scangate.client.Scan(codes.get(2), null)));
            assertEquals(List.of(1L, 2L, 0L), answers.stream().map(io.scangate.client.ScanResult::rewardId).toList(), "budget of 2, in order");
            assertEquals(PRIZE, answers.get(0).rewardAmount());
            final io.scangate.client.ScanResult again = c.scan(codes.get(0));
            assertEquals(1L, again.rewardId(), "the same gateway sees its reward again");
        }
        final JsonNode log = adminGet("/admin/rewards?after=0");
        assertEquals("gateway-7", log.get("rewards").get(0).get("device").asText());
        assertEquals("wx-42", log.get("rewards").get(0).get("consumer").asText());
        assertTrue(log.get("rewards").get(1).get("consumer").isNull());
        final JsonNode http = server.scan(codes.get(0), "phone-x", "CN-31");
        assertEquals("REWARD_ALREADY_CLAIMED", http.get("alerts").get(0).asText());
        final String metrics = server.get(server.opsUrl() + "/metrics").body();
        assertTrue(metrics.contains("scangate_scans_total{transport=\"udp\",verdict=\"GENUINE\"} 4.0"), "UDP scans by transport");
        assertTrue(metrics.contains("scangate_scans_total{transport=\"http\",verdict=\"GENUINE\"} 1.0"), "one HTTP scan");
    }
}
