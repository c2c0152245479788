package io.scangate.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * The Grafana dashboard and the alert rules against a running server: every metric a panel or a
 * rule queries is one the server really exports, after scans of every verdict.
 */
class DashboardQueriesTest {
    /** Series Prometheus makes itself for every target. */
    private static final Set<String> PROMETHEUS_OWN = Set.of("up");
    /** Metrics only a cluster member exports: ClusterFailoverIT checks the rules' against its members' scrapes. */
    static final String CLUSTER_ONLY = "scangate_cluster_";
    static final Path DASHBOARD = ServerProcess.ROOT.resolve("docker/grafana/dashboards/scangate.json");
    static final Path RULES = ServerProcess.ROOT.resolve("docker/prometheus/rules/scangate-alerts.yml");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @TempDir
    static Path dir;
    private static TestServer server;
    private static Set<String> exported;

    @BeforeAll
    static void scanEveryVerdict() throws Exception {
        server = TestServer.start(dir.resolve("data"));
        // a running campaign, so the reward and budget series exist like in production
        final java.time.Instant now = java.time.Instant.now();
        final var applied = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(server.opsUrl() + "/admin/campaigns")).header("Authorization", "Bearer " + TestServer.TOKEN)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"id\":\"dash\",\"start\":\"" + now.minusSeconds(60) + "\",\"end\":\""
                        + now.plusSeconds(3600) + "\",\"winProbability\":1,\"currency\":\"CNY\",\"budget\":{\"count\":100,\"amount\":10000},"
                        + "\"prizes\":[{\"id\":\"red\",\"amount\":100,\"weight\":1}]}")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(200, applied.statusCode(), applied.body());
        exported = OpsFixture.exportedNames(OpsFixture.scrapeAfterEveryVerdict(server, dir));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void shouldQueryOnlyExportedMetricsInEveryDashboardPanel() throws Exception {
        final Map<String, String> exprs = dashboardExprs();
        assertTrue(exprs.size() >= 20, "the dashboard has its panels: " + exprs.size());
        final List<String> missing = new ArrayList<>();
        for (final Map.Entry<String, String> e : exprs.entrySet()) {
            final Set<String> names = OpsFixture.metricNames(e.getValue());
            assertFalse(names.isEmpty(), e.getKey() + " queries no metric: " + e.getValue());
            for (final String name : names) {
                if (!exported.contains(name)) {
                    missing.add(e.getKey() + ": " + name);
                }
            }
        }
        assertEquals(List.of(), missing, "panel queries name metrics the server does not export; it exports " + new TreeSet<>(exported));
    }

    @Test
    void shouldQueryOnlyExportedMetricsInEveryAlertRule() throws Exception {
        final JsonNode rules = YAML.readTree(RULES.toFile());
        final List<String> missing = new ArrayList<>();
        int count = 0;
        for (final JsonNode group : rules.get("groups")) {
            for (final JsonNode rule : group.get("rules")) {
                count++;
                for (final String name : OpsFixture.metricNames(rule.get("expr").asText())) {
                    if (!exported.contains(name) && !PROMETHEUS_OWN.contains(name) && !name.startsWith(CLUSTER_ONLY)) {
                        missing.add(rule.get("alert").asText() + ": " + name);
                    }
                }
            }
        }
        assertTrue(count >= 10, "alert rules: " + count);
        assertEquals(List.of(), missing, "alert rules name metrics the server does not export");
    }

    /** The cluster-only metrics the alert rules name. */
    static Set<String> clusterMetricsInAlertRules() throws java.io.IOException {
        final Set<String> names = new TreeSet<>();
        for (final JsonNode group : YAML.readTree(RULES.toFile()).get("groups")) {
            for (final JsonNode rule : group.get("rules")) {
                OpsFixture.metricNames(rule.get("expr").asText()).stream().filter(n -> n.startsWith(CLUSTER_ONLY)).forEach(names::add);
            }
        }
        return names;
    }

    @Test
    void shouldBeAValidDashboardWithUniquePanelsOnTheProvisionedDatasource() throws Exception {
        final JsonNode dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());
        assertEquals("scangate-overview", dashboard.get("uid").asText());
        assertFalse(dashboard.get("title").asText().isBlank());
        final JsonNode datasources = YAML.readTree(ServerProcess.ROOT.resolve("docker/grafana/provisioning/datasources/prometheus.yaml").toFile());
        final String uid = datasources.get("datasources").get(0).get("uid").asText();
        final Set<Integer> ids = new HashSet<>();
        final Set<String> titles = new HashSet<>();
        for (final JsonNode panel : dashboard.get("panels")) {
            assertTrue(ids.add(panel.get("id").asInt()), "panel ids are unique: " + panel.get("id"));
            final JsonNode grid = panel.get("gridPos");
            assertTrue(grid != null && grid.has("x") && grid.has("y") && grid.has("w") && grid.has("h"), "gridPos of " + panel.get("title"));
            if (panel.get("type").asText().equals("row")) {
                continue;
            }
            assertTrue(titles.add(panel.get("title").asText()), "panel titles are unique: " + panel.get("title"));
            assertEquals(uid, panel.get("datasource").get("uid").asText(), "datasource of " + panel.get("title"));
            assertTrue(panel.get("targets").size() > 0, "targets of " + panel.get("title"));
        }
        // what an operator must see at a glance (the list)
        final String all = titles.toString().toLowerCase(java.util.Locale.ROOT);
        for (final String topic : List.of("scans/s", "verdict", "latency", "5xx", "ring", "ledger", "fsync", "reward", "budget", "region",
                "role scans", "diverted", "actors by role", "consumers by stage", "repurchase rate", "repurchase interval")) {
            assertTrue(all.contains(topic), "a panel about " + topic + " in " + titles);
        }
    }

    /** Every panel target's expr, keyed "panel title [refId]". */
    static Map<String, String> dashboardExprs() throws Exception {
        final JsonNode dashboard = new ObjectMapper().readTree(Files.readString(DASHBOARD));
        final Map<String, String> exprs = new LinkedHashMap<>();
        for (final JsonNode panel : dashboard.get("panels")) {
            if (panel.get("type").asText().equals("row")) {
                continue;
            }
            for (final JsonNode target : panel.get("targets")) {
                final String expr = target.path("expr").asText("");
                assertFalse(expr.isBlank(), "panel '" + panel.get("title").asText() + "' has a target without a query");
                exprs.put(panel.get("title").asText() + " [" + target.get("refId").asText() + "]", expr);
            }
        }
        return exprs;
    }
}
