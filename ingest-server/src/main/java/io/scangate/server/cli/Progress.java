package io.scangate.server.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A progress line on stderr for long operations (issuing or exporting millions of codes):
 * {@code issue: 1200000 of 10000000 codes (12%)}. On a terminal the line is redrawn in place a
 * few times a second; with {@code --progress} into a pipe or a log it is a new line every few
 * seconds. The last line always shows the final count. Off (a no-op) otherwise, so scripts that
 * read stderr see only what they saw before.
 *
 * <p>Concurrency: one thread.
 */
final class Progress {
    static final long TERMINAL_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
    static final long LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(5);

    private static final Progress OFF = new Progress(null, false, "", 0, System::nanoTime);

    private final PrintWriter err;
    private final boolean terminal;
    private final String what;
    private final long total;
    private final LongSupplier nanoClock;
    private long lastAt;

    private Progress(final PrintWriter err, final boolean terminal, final String what, final long total, final LongSupplier nanoClock) {
        this.err = err;
        this.terminal = terminal;
        this.what = what;
        this.total = total;
        this.nanoClock = nanoClock;
        this.lastAt = nanoClock.getAsLong();
    }

    /**
     * Progress of {@code what} ({@code "issue"}, {@code "export"}) over {@code total} codes on
     * {@code err}: redrawn in place when stderr is a terminal, as lines when {@code forced}, else off.
     */
    static Progress of(final PrintWriter err, final boolean forced, final String what, final long total) {
        final boolean terminal = stderrIsTerminal();
        return terminal || forced ? new Progress(err, terminal, what, total, System::nanoTime) : OFF;
    }

    /** As {@link #of}, with the terminal decided and the clock given (tests). */
    static Progress on(final PrintWriter err, final boolean terminal, final String what, final long total, final LongSupplier nanoClock) {
        return new Progress(err, terminal, what, total, nanoClock);
    }

    /** {@code done} codes so far: shows them if the interval has passed since the last line. */
    void update(final long done) {
        if (err == null) {
            return;
        }
        final long now = nanoClock.getAsLong();
        if (now - lastAt >= (terminal ? TERMINAL_INTERVAL_NANOS : LOG_INTERVAL_NANOS)) {
            lastAt = now;
            show(done, false);
        }
    }

    /** The final count, always shown (ending the redrawn line on a terminal). */
    void finish(final long done) {
        if (err != null) {
            show(done, true);
        }
    }

    private void show(final long done, final boolean last) {
        final String line = what + ": " + done + " of " + total + " codes (" + (total == 0 ? 100 : done * 100 / total) + "%)";
        if (terminal) {
            err.print("\r" + line + (last ? System.lineSeparator() : ""));
        } else {
            err.println(line);
        }
        err.flush();
    }

    /** Whether this process's stderr is a terminal (Linux: fd 2 links to a tty or pty; elsewhere: a console exists). */
    static boolean stderrIsTerminal() {
        try {
            final String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (final IOException | UnsupportedOperationException | SecurityException e) {
            return System.console() != null;
        }
    }
}
