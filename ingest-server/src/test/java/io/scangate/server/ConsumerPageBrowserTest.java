package io.scangate.server;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpServer;

/**
 * The consumer page in headless Chromium (Debian's {@code chromium}, installed by {@link Chromium}
 * when missing), against a running server on 127.0.0.1: every verdict in both languages, with a
 * 390×844 screenshot in {@code ingest-server/target/screenshots/} (a build artifact) and the DOM's
 * text asserted; the reward won; the page with JavaScript off for a genuine repeat, a clone and a
 * forgery (blocked through the profile, see {@link Chromium#blockJavaScript}; screenshots
 * {@code *-nojs.png}). Chromium makes no request beyond 127.0.0.1 (background networking off). Console errors are checked on
 * Chromium's stderr log ({@code --enable-logging=stderr}), best effort: the page has no script.
 */
class ConsumerPageBrowserTest {
    private static final Path SHOTS = Path.of("target", "screenshots");
    private static final byte[] PNG = Base64.getDecoder().decode(
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");
    private static final String ZH = "zh-CN,zh";
    private static final String EN = "en-US,en";

    @TempDir
    static Path dir;
    private static TestServer server;
    private static HttpServer images;
    private static PageFixture codes;

    /** A verdict as the page shows it: its code, its title in each language, and whether the product is named. */
    private record Case(String name, String verdict, String en, String zh, boolean product, Code code) {
    }

    @FunctionalInterface
    private interface Code {
        String make() throws Exception;
    }

    @BeforeAll
    static void start() throws Exception {
        Chromium.binary();
        Files.createDirectories(SHOTS);
        images = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        images.createContext("/cola.png", x -> {
            x.getResponseHeaders().add("Content-Type", "image/png");
            x.sendResponseHeaders(200, PNG.length);
            x.getResponseBody().write(PNG);
            x.close();
        });
        final byte[] probe = ("<!doctype html><html lang=\"en\"><body><h1 id=\"h\">script did not run</h1>"
                + "<script>document.getElementById('h').textContent='script ran'</script></body></html>").getBytes(StandardCharsets.UTF_8);
        images.createContext("/probe.html", x -> {
            x.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
            x.sendResponseHeaders(200, probe.length);
            x.getResponseBody().write(probe);
            x.close();
        });
        images.start();
        server = TestServer.start(dir.resolve("data"), Map.of("clone.travel.window.minutes", "60"));
        codes = new PageFixture(server, dir.resolve("data"), "http://127.0.0.1:" + images.getAddress().getPort() + "/cola.png");
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (images != null) {
            images.stop(0);
        }
    }

    private static List<Case> cases() {
        return List.of(
                new Case("genuine-first", "GENUINE", "Genuine product", "正品", true, codes::fresh),
                new Case("genuine-repeat", "GENUINE", "Genuine product, already scanned", "正品 · 已被扫码", true, codes::scannedTwice),
                new Case("suspect", "SUSPECT", "Suspected clone", "疑似复制码", true, codes::suspect),
                new Case("forged", "FORGED", "Not genuine", "非正品", false, codes::forged),
                new Case("unknown", "UNKNOWN", "Unknown code", "未知码", false, codes::unknown),
                new Case("not-active", "NOT_ACTIVE", "Not active", "未激活", false, codes::inactive),
                new Case("voided", "VOIDED", "Recalled", "已召回", true, codes::voided));
    }

    @Test
    void shouldShowEveryVerdictInBothLanguages() throws Exception {
        final List<Executable> checks = new ArrayList<>();
        for (final String language : List.of(ZH, EN)) {
            for (final Case c : cases()) {
                checks.add(() -> verdictPage(c, language, true));
            }
        }
        runAll(checks);
    }

    @Test
    void shouldWorkWithJavaScriptOff() throws Exception {
        final List<Executable> checks = new ArrayList<>();
        checks.add(ConsumerPageBrowserTest::javaScriptIsReallyOff);
        for (final Case c : cases()) {
            if (List.of("genuine-repeat", "suspect", "forged").contains(c.name())) {
                checks.add(() -> verdictPage(c, ZH, false));
            }
        }
        runAll(checks);
    }

    /** The way the test turns JavaScript off does stop a page's script (a probe page served beside the server). */
    private static void javaScriptIsReallyOff() throws Exception {
        final Path profile = Files.createTempDirectory(dir, "profile-probe");
        final Chromium.Run run = Chromium.capture("http://127.0.0.1:" + images.getAddress().getPort() + "/probe.html",
                dir.resolve("probe.png"), EN, false, profile);
        assertTrue(run.dom().contains("<h1 id=\"h\">script did not run</h1>"), "JavaScript was not off: " + run.dom());
    }

    @Test
    void shouldShowTheRewardWonAndHowToClaimIt() throws Exception {
        runAll(List.of(
                () -> rewardPage(ZH, "恭喜您中奖！", "¥8.88", "领取方式"),
                () -> rewardPage(EN, "You won a prize!", "CN¥8.88", "To claim it")));
    }

    private static void rewardPage(final String language, final String won, final String amount, final String claim) throws Exception {
        final String dom = load("reward-" + tag(language), "/c/" + codes.prize() + "?region=CN-31", language, true);
        assertTrue(dom.contains(won), dom);
        assertTrue(dom.contains(amount), "amount formatted for " + language + ": " + dom);
        assertTrue(dom.contains(claim) && dom.contains("red-packet") && dom.contains("Prize cola"), dom);
    }

    private static void verdictPage(final Case c, final String language, final boolean javascript) throws Exception {
        final String name = c.name() + "-" + tag(language) + (javascript ? "" : "-nojs");
        final String dom = load(name, "/c/" + c.code().make() + "?region=CN-31", language, javascript);
        final String title = language.equals(ZH) ? c.zh() : c.en();
        assertTrue(dom.contains("<html lang=\"" + (language.equals(ZH) ? "zh-CN" : "en") + "\""), name + ": " + dom);
        assertTrue(dom.contains("<h1>" + title + "</h1>"), name + ": no title " + title + " in " + dom);
        assertTrue(dom.contains("<span id=\"code\">" + c.verdict() + "</span>"), name + ": " + dom);
        assertFalse(dom.contains("<script"), name);
        if (c.product()) {
            assertTrue(dom.contains(PageFixture.NAME_ESCAPED) && dom.contains("2026-03-01") && dom.contains("Shanghai plant"),
                    name + ": product and batch expected in " + dom);
        } else {
            assertFalse(dom.contains(PageFixture.NAME_ESCAPED), name + ": no product expected");
        }
        if (c.name().equals("genuine-repeat")) {
            assertTrue(dom.contains(language.equals(ZH) ? "已被扫码 3 次" : "scanned 3 times") && dom.contains("CN-31"), dom);
        }
        if (c.name().equals("not-active")) {
            assertTrue(dom.contains("COLA-IN"), "SKU when the batch has no metadata: " + dom);
        }
    }

    /** Loads {@code path} once in Chromium; checks the screenshot and the log; returns the DOM. */
    private static String load(final String name, final String path, final String language, final boolean javascript) throws Exception {
        final Path shot = SHOTS.resolve(name + ".png");
        Files.deleteIfExists(shot);
        final Path profile = Files.createTempDirectory(dir, "profile-" + name);
        final Chromium.Run run = Chromium.capture(server.scanUrl() + path, shot, language, javascript, profile);
        assertEquals(0, run.exit(), name + ": chromium exited " + run.exit() + "; log:\n" + run.log());
        assertTrue(Files.size(shot) > 1000, name + ": screenshot too small");
        for (final String line : run.log().lines().toList()) {
            assertFalse(line.contains("Uncaught") || line.contains("ERROR:CONSOLE") || line.contains(":CONSOLE(") && line.contains("rror"),
                    name + ": console error: " + line);
        }
        return run.dom();
    }

    private static String tag(final String language) {
        return language.equals(ZH) ? "zh" : "en";
    }

    /** Runs the checks four at a time (each a Chromium process), then reports every failure. */
    private static void runAll(final List<Executable> checks) throws Exception {
        final ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            final List<Future<Throwable>> results = new ArrayList<>();
            for (final Executable e : checks) {
                results.add(pool.submit(() -> {
                    try {
                        e.execute();
                        return null;
                    } catch (final Throwable t) {
                        return t;
                    }
                }));
            }
            final List<Executable> failures = new ArrayList<>();
            for (final Future<Throwable> f : results) {
                final Throwable t = f.get(120, TimeUnit.SECONDS);
                if (t != null) {
                    failures.add(() -> {
                        throw t;
                    });
                }
            }
            assertAll(failures.stream());
        } finally {
            pool.shutdownNow();
        }
    }

}
