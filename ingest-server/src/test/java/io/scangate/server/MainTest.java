package io.scangate.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;

import org.junit.jupiter.api.Test;

import picocli.CommandLine;

/** {@code scangate serve} runs on a command line of its own (a faster start); it must read and answer as the full one does. */
class MainTest {
    @Test
    void serveGetsTheSmallCommandLineAndEveryOtherCommandTheFullOne() {
        assertEquals(Main.ServeOnly.class, Main.commandLineFor("serve", "--help").getCommand().getClass());
        assertEquals(Main.class, Main.commandLineFor("status").getCommand().getClass());
        assertEquals(Main.class, Main.commandLineFor().getCommand().getClass());
        assertEquals(Main.class, Main.commandLineFor("--help").getCommand().getClass());
    }

    @Test
    void serveHelpIsTheSameOnBothCommandLines() {
        final String[] full = run(Main.commandLine(), "serve", "--help");
        final String[] small = run(Main.serveCommandLine(), "serve", "--help");
        assertTrue(full[1].contains("Usage: scangate serve"), full[1]);
        assertEquals(full[0] + full[1] + full[2], small[0] + small[1] + small[2]);
    }

    @Test
    void aBadServeOptionIsTheSameErrorOnBothCommandLines() {
        final String[] full = run(Main.commandLine(), "serve", "--no-such-option");
        final String[] small = run(Main.serveCommandLine(), "serve", "--no-such-option");
        assertEquals("2", full[0]);
        assertTrue(full[2].startsWith("scangate: Unknown option: '--no-such-option' (see 'scangate serve --help')"), full[2]);
        assertEquals(full[0] + full[2], small[0] + small[2]);
        assertNotSame(Main.commandLine(), Main.serveCommandLine());
    }

    /** exit code, out, err of {@code args} run on {@code cmd}. */
    private static String[] run(final CommandLine cmd, final String... args) {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        final int code = cmd.execute(args);
        return new String[] {Integer.toString(code), out.toString(), err.toString()};
    }
}
