package io.scangate.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

/** {@code scangate audit tail}: admin actions as JSON lines with who, when and what; reads and refused actions are not in it. */
class AuditTailTest {
    @TempDir
    Path dir;

    @Test
    void auditTailPrintsEachChangeOnceAndNoReadOrRefusal() throws Exception {
        try (TestServer server = TestServer.start(dir.resolve("data"))) {
            OpsFixture.issue(server, dir, 3);
            assertEquals(200, server.admin("GET", "/admin/batches", null).statusCode());
            assertEquals(400, server.admin("POST", "/admin/campaigns", "{\"id\":\"bad\"}").statusCode());
            assertEquals(404, server.admin("POST", "/admin/campaigns/none/stop", null).statusCode());
            final TestServer.Cli cli = TestServer.cli("audit", "tail", "--from", "1", "--admin-url", server.opsUrl(), "--token", TestServer.TOKEN);
            assertEquals(0, cli.exit(), cli.err());
            final List<String> lines = cli.out().lines().toList();
            assertEquals(1, lines.size(), cli.out());
            final JsonNode e = TestServer.JSON.readTree(lines.get(0));
            assertEquals(1, e.path("auditId").asLong());
            assertEquals("admin", e.path("actor").asText());
            assertEquals("POST", e.path("method").asText());
            assertEquals("/admin/batches", e.path("route").asText());
            assertTrue(e.path("at").asText().endsWith("Z"), e.toString());
            assertTrue(e.path("bodyBytes").asInt() > 0);
        }
    }
}
