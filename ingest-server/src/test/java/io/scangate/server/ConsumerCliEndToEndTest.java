package io.scangate.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

/** {@code scangate events tail}, {@code consumers show} and {@code consumers stats} against a real server. */
class ConsumerCliEndToEndTest {
    @TempDir
    Path dir;
    private TestServer server;
    private List<String> codes;

    @BeforeEach
    void start() throws Exception {
        server = TestServer.start(dir.resolve("data"));
        codes = OpsFixture.issue(server, dir, 6);
        ConsumerAdminEndToEndTest.buy(server, codes.get(0), "wx-7");
        ConsumerAdminEndToEndTest.buy(server, codes.get(1), "wx-7");
        ConsumerAdminEndToEndTest.buy(server, codes.get(2), "wx-7");
        ConsumerAdminEndToEndTest.buy(server, codes.get(3), "wx.8");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private String[] admin(final String... args) {
        final String[] all = java.util.Arrays.copyOf(args, args.length + 4);
        System.arraycopy(new String[] {"--admin-url", server.opsUrl(), "--token", TestServer.TOKEN}, 0, all, args.length, 4);
        return all;
    }

    @Test
    void eventsTailPrintsJsonLinesFromAnIdAndRefusesABadOne() throws Exception {
        final TestServer.Cli all = TestServer.cli(admin("events", "tail"));
        assertEquals(0, all.exit(), all.err());
        final List<String> lines = all.out().lines().toList();
        assertEquals(2, lines.size(), all.out());
        final JsonNode repeat = TestServer.JSON.readTree(lines.get(0));
        assertEquals(List.of("1", "REPEAT", "wx-7"), List.of(repeat.get("eventId").asText(), repeat.get("type").asText(),
                repeat.get("consumer").asText()));
        java.time.Instant.parse(repeat.get("at").asText());
        assertEquals("LOYAL", TestServer.JSON.readTree(lines.get(1)).get("type").asText());
        final TestServer.Cli from2 = TestServer.cli(admin("events", "tail", "--from", "2"));
        assertEquals(1, from2.out().lines().count(), from2.out());
        assertEquals("", TestServer.cli(admin("events", "tail", "--from", "3")).out());
        final TestServer.Cli bad = TestServer.cli(admin("events", "tail", "--from", "0"));
        assertEquals(2, bad.exit(), "bad usage");
        assertTrue(bad.err().contains("--from"), bad.err());
    }

    @Test
    void eventsTailFollowPrintsNewEventsAsTheyComeUntilInterrupted() throws Exception {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final AtomicInteger exit = new AtomicInteger(-1);
        final Thread follow = new Thread(() -> {
            final var cmd = Main.commandLine();
            cmd.setOut(new PrintWriter(out, true));
            cmd.setErr(new PrintWriter(err, true));
            exit.set(cmd.execute(admin("events", "tail", "--follow")));
        }, "events-tail-follow");
        follow.start();
        try {
            waitForLines(out, 2);
            ConsumerAdminEndToEndTest.buy(server, codes.get(4), "wx.8");
            waitForLines(out, 3);
            final JsonNode third = TestServer.JSON.readTree(out.toString().lines().toList().get(2));
            assertEquals("REPEAT", third.get("type").asText());
            assertEquals("wx.8", third.get("consumer").asText());
        } finally {
            follow.interrupt();
            follow.join(10_000);
        }
        assertFalse(follow.isAlive(), "an interrupt ends --follow");
        assertEquals(1, exit.get(), err.toString());
        assertTrue(err.toString().startsWith("scangate: "), err.toString());
    }

    private static void waitForLines(final StringWriter out, final int n) throws InterruptedException {
        final long deadline = System.currentTimeMillis() + 10_000;
        while (out.toString().lines().count() < n && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(n, out.toString().lines().count(), out.toString());
    }

    @Test
    void consumersShowPrintsTheProfileAndAStrangerOrABadIdFailsInOneLine() throws Exception {
        final TestServer.Cli json = TestServer.cli(admin("consumers", "show", "wx-7", "--json"));
        assertEquals(0, json.exit(), json.err());
        final JsonNode p = TestServer.JSON.readTree(json.out());
        assertEquals(3, p.get("purchases").asInt());
        assertEquals("LOYAL", p.get("stage").asText());
        assertEquals("COLA-330", p.get("lastSku").asText());
        final TestServer.Cli text = TestServer.cli(admin("consumers", "show", "wx.8"));
        assertEquals(0, text.exit(), text.err());
        assertTrue(text.out().lines().anyMatch(l -> l.matches("stage:\\s+NEW")), text.out());
        assertTrue(text.out().lines().anyMatch(l -> l.matches("meanIntervalDays:\\s+-")), text.out());
        final TestServer.Cli stranger = TestServer.cli(admin("consumers", "show", "nobody"));
        assertEquals(1, stranger.exit(), stranger.out());
        assertTrue(stranger.err().startsWith("scangate: ") && stranger.err().contains("nobody"), stranger.err());
        assertEquals(1, stranger.err().lines().count(), "one line, no stack trace: " + stranger.err());
        final TestServer.Cli tooLong = TestServer.cli(admin("consumers", "show", "x".repeat(65)));
        assertEquals(2, tooLong.exit(), tooLong.err());
        assertTrue(tooLong.err().contains("64"), tooLong.err());
    }

    @Test
    void consumersStatsPrintsStagesRateAndIntervals() throws Exception {
        final TestServer.Cli json = TestServer.cli(admin("consumers", "stats", "--json"));
        assertEquals(0, json.exit(), json.err());
        final JsonNode s = TestServer.JSON.readTree(json.out());
        assertEquals(2, s.get("buyers").asLong());
        assertEquals(1, s.get("byStage").get("LOYAL").asLong());
        final TestServer.Cli text = TestServer.cli(admin("consumers", "stats"));
        assertEquals(0, text.exit(), text.err());
        assertTrue(text.out().startsWith("STAGE"), text.out());
        assertTrue(text.out().lines().anyMatch(l -> l.matches("LOYAL\\s+1")), text.out());
        assertTrue(text.out().contains("repurchase rate: 0.500"), text.out());
        assertTrue(text.out().lines().anyMatch(l -> l.matches("<= 1d\\s+2")), "two repurchases within a day: " + text.out());
    }

    @Test
    void aServerThatIsNotThereExitsThree() throws Exception {
        final int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        final TestServer.Cli down = TestServer.cli("consumers", "stats", "--admin-url", "http://127.0.0.1:" + port, "--token", TestServer.TOKEN);
        assertEquals(3, down.exit(), down.err());
        assertTrue(down.err().startsWith("scangate: "), down.err());
    }
}
