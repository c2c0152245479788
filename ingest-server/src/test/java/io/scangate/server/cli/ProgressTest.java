package io.scangate.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

/** The progress line's pace and form, on a clock the test moves. */
class ProgressTest {
    private final StringWriter text = new StringWriter();
    private final AtomicLong now = new AtomicLong();

    @Test
    void intoALogItPrintsALineEveryFiveSecondsAndTheFinalCount() {
        final Progress p = Progress.on(new PrintWriter(text), false, "export", 1000, now::get);

        p.update(10);
        now.addAndGet(Progress.LOG_INTERVAL_NANOS - 1);
        p.update(20);
        now.addAndGet(1);
        p.update(300);
        now.addAndGet(Progress.TERMINAL_INTERVAL_NANOS);
        p.update(400);
        p.finish(1000);

        assertEquals("export: 300 of 1000 codes (30%)" + System.lineSeparator() + "export: 1000 of 1000 codes (100%)"
                + System.lineSeparator(), text.toString());
    }

    @Test
    void onATerminalItRedrawsOneLineAFewTimesASecondAndEndsIt() {
        final Progress p = Progress.on(new PrintWriter(text), true, "issue", 200, now::get);

        now.addAndGet(Progress.TERMINAL_INTERVAL_NANOS);
        p.update(50);
        p.update(60);
        now.addAndGet(Progress.TERMINAL_INTERVAL_NANOS);
        p.update(100);
        p.finish(200);

        assertEquals("\rissue: 50 of 200 codes (25%)\rissue: 100 of 200 codes (50%)\rissue: 200 of 200 codes (100%)"
                + System.lineSeparator(), text.toString());
    }

    @Test
    void offWhenStderrIsNoTerminalAndNotForced() {
        final Progress p = Progress.of(new PrintWriter(text), false, "issue", 5);
        p.update(5);
        p.finish(5);

        assertEquals(Progress.stderrIsTerminal() ? text.toString() : "", text.toString());
    }
}
