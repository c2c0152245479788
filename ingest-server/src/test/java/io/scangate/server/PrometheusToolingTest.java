package io.scangate.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code promtool check config}, {@code promtool test rules} and a PromQL syntax check of every
 * dashboard query, through docker/test-rules.sh (which installs promtool when it is missing and
 * fails, never skips, when it cannot).
 */
class PrometheusToolingTest {
    private static final Path SCRIPT = ServerProcess.ROOT.resolve("docker/test-rules.sh");

    @TempDir
    Path dir;

    @Test
    void shouldPassPromtoolCheckConfigAndTheAlertRuleUnitTests() throws Exception {
        final ScriptRun.Result r = run();
        assertEquals(0, r.exit(), () -> "docker/test-rules.sh failed:\n" + r.output());
        assertTrue(r.output().contains("is valid prometheus config file syntax"), r.output());
        assertTrue(r.output().contains("SUCCESS: 17 rules found"), r.output());
        assertTrue(r.output().contains("Unit Testing:  scangate-alerts.test.yml") && r.output().contains("SUCCESS"), r.output());
    }

    @Test
    void shouldParseEveryDashboardQueryWithPromtool() throws Exception {
        final Map<String, String> exprs = DashboardQueriesTest.dashboardExprs();
        final StringBuilder yaml = new StringBuilder("groups:\n  - name: dashboard-queries\n    rules:\n");
        int i = 0;
        for (final String expr : exprs.values()) {
            // Grafana's variables, as Grafana would substitute them
            final String promql = expr.replace("$instance", ".*").replace("$__range", "1h").replace("$__rate_interval", "1m");
            yaml.append("      - record: dashboard:query_").append(i++).append('\n')
                    .append("        expr: '").append(promql.replace("'", "''")).append("'\n");
        }
        final Path rules = dir.resolve("dashboard-queries.rules.yml");
        Files.writeString(rules, yaml, StandardCharsets.UTF_8);
        final ScriptRun.Result r = run(rules.toString());
        assertEquals(0, r.exit(), () -> "promtool rejected a dashboard query:\n" + r.output() + "\n" + yaml);
        assertTrue(r.output().contains("SUCCESS: " + exprs.size() + " rules found"), r.output());
    }

    static ScriptRun.Result run(final String... extra) throws InterruptedException {
        return ScriptRun.bash(SCRIPT, extra);
    }
}
