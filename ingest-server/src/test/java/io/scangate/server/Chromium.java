package io.scangate.server;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Headless Chromium for browser tests: finds Debian's {@code chromium} (or {@code chromium-browser},
 * {@code google-chrome}) on the PATH; when there is none, installs it with
 * {@code apt-get install -y chromium} if this user may (root, or {@code sudo -n}); else the test
 * fails saying how to install it. Every run is bounded by a timeout and its whole process tree is
 * killed when it overruns.
 */
final class Chromium {
    private static final String[] NAMES = {"chromium", "chromium-browser", "google-chrome"};
    private static final String HOW = "install it with `sudo apt-get install -y chromium` (Debian/Ubuntu) and run the tests again";
    private static volatile String binary;

    private Chromium() {
    }

    /** What a run printed: the DOM ({@code --dump-dom}) on stdout, Chromium's log on stderr. */
    record Run(int exit, String dom, String log) {
    }

    /** The browser's path, installing it first when it is missing and this user may; fails the test otherwise. */
    static synchronized String binary() {
        if (binary == null) {
            String found = find();
            if (found == null) {
                final String problem = install("chromium");
                if (problem != null) {
                    fail("headless Chromium is needed for the consumer page tests and none is on the PATH (looked for chromium, "
                            + "chromium-browser, google-chrome); " + problem + ": " + HOW);
                }
                found = find();
                if (found == null) {
                    fail("apt-get install -y chromium ran but no chromium is on the PATH; " + HOW);
                }
            }
            chineseFont();
            binary = found;
        }
        return binary;
    }

    /**
     * Loads {@code url} once at 390×844: writes a PNG to {@code screenshot} and returns the DOM
     * after load, with Chromium logging to stderr (console messages included).
     */
    static Run capture(final String url, final Path screenshot, final String acceptLanguage, final boolean javascript,
                       final Path profile) throws IOException, InterruptedException {
        final List<String> cmd = new ArrayList<>(List.of(binary(), "--headless", "--disable-gpu", "--no-sandbox",
                "--window-size=390,844", "--hide-scrollbars", "--user-data-dir=" + profile, "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-extensions",
                "--accept-lang=" + acceptLanguage,
                "--enable-logging=stderr", "--v=0", "--screenshot=" + screenshot, "--dump-dom", url));
        if (!javascript) {
            blockJavaScript(profile);
        }
        final Path out = Files.createTempFile(profile.getParent(), "dom", ".html");
        final Path err = Files.createTempFile(profile.getParent(), "log", ".txt");
        final int exit = run(new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()), 30);
        return new Run(exit, Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    /**
     * Blocks JavaScript for every page the profile opens, as a user switching it off does (the
     * profile's content setting). {@code --blink-settings=scriptEnabled=false} cannot be used:
     * with it, headless Chromium (150) writes no screenshot and dumps no DOM, since those read the
     * page through script; the content setting leaves them working.
     */
    static void blockJavaScript(final Path profile) throws IOException {
        Files.createDirectories(profile.resolve("Default"));
        Files.writeString(profile.resolve("Default").resolve("Preferences"),
                "{\"profile\":{\"default_content_setting_values\":{\"javascript\":2}}}", StandardCharsets.UTF_8);
    }

    private static String find() {
        for (final String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(java.io.File.pathSeparator)) {
            for (final String name : NAMES) {
                final Path p = Path.of(dir, name);
                if (Files.isExecutable(p)) {
                    return p.toString();
                }
            }
        }
        return null;
    }

    /** {@code apt-get install -y pkg} as root or through {@code sudo -n}; the failure message (null if installed). */
    private static String install(final String pkg) {
        final List<String> prefix;
        if ("0".equals(output("id", "-u"))) {
            prefix = List.of();
        } else if (exit(List.of("sudo", "-n", "true"), 10) == 0) {
            prefix = List.of("sudo", "-n");
        } else {
            return "this user is not root and has no password-less sudo, so the test cannot install " + pkg;
        }
        final List<String> install = new ArrayList<>(prefix);
        install.addAll(List.of("apt-get", "install", "-y", pkg));
        if (exit(install, 600) != 0) {
            final List<String> update = new ArrayList<>(prefix);
            update.addAll(List.of("apt-get", "update"));
            exit(update, 300);
            if (exit(install, 600) != 0) {
                return "`" + String.join(" ", install) + "` failed (see the test output)";
            }
        }
        return null;
    }

    /**
     * Chinese glyphs for the screenshots: installs {@code fonts-wqy-microhei} when fontconfig knows
     * no Chinese font and this user may; else warns (the DOM assertions do not need fonts).
     */
    private static void chineseFont() {
        if (!output("fc-list", ":lang=zh").isEmpty()) {
            return;
        }
        final String problem = install("fonts-wqy-microhei");
        if (problem != null) {
            System.err.println("WARNING: no Chinese font: Chinese screenshots will show boxes; " + problem
                    + "; install one with `sudo apt-get install -y fonts-wqy-microhei`");
        }
    }

    private static String output(final String... cmd) {
        try {
            final Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "";
            }
            return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        } catch (final IOException e) {
            return "";
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    private static int exit(final List<String> cmd, final int seconds) {
        try {
            return run(new ProcessBuilder(cmd).inheritIO(), seconds);
        } catch (final IOException e) {
            return -1;
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** Runs {@code pb}; kills it and its descendants after {@code seconds}, answering -1. */
    private static int run(final ProcessBuilder pb, final int seconds) throws IOException, InterruptedException {
        final Process p = pb.start();
        try {
            if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
                return -1;
            }
            return p.exitValue();
        } finally {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
    }
}
