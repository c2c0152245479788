package io.scangate.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code scangate serve} (and {@code recover}) that cannot start says why in one line naming the file or directory and the cause. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ServeCommandTest {
    @TempDir
    Path dir;

    private static TestServer.Cli serve(final String... args) {
        final String[] all = new String[args.length + 7];
        all[0] = "serve";
        System.arraycopy(args, 0, all, 1, args.length);
        System.arraycopy(new String[] {"--http-port", "0", "--ops-port", "0", "--udp-port", "0"}, 0, all, args.length + 1, 6);
        return TestServer.cli(all);
    }

    @Test
    void serveWithAMissingConfigFileNamesTheFileInOneLine() {
        final Path missing = dir.resolve("missing.properties");
        final TestServer.Cli cli = serve("--config", missing.toString(), "--data-dir", dir.resolve("data").toString());
        assertEquals(2, cli.exit(), cli.err());
        assertEquals("scangate: cannot read config file " + missing + ": no such file or directory" + System.lineSeparator(), cli.err());
    }

    @Test
    void recoverWithAMissingConfigFileNamesTheFileInOneLine() {
        final Path missing = dir.resolve("missing.properties");
        final TestServer.Cli cli = TestServer.cli("recover", "--config", missing.toString(), "--data-dir", dir.toString());
        assertEquals(2, cli.exit(), cli.err());
        assertEquals("scangate: cannot read config file " + missing + ": no such file or directory" + System.lineSeparator(), cli.err());
    }

    @Test
    void dataDirBehindAFileNamesTheDirAndTheCause() throws Exception {
        final Path file = Files.writeString(dir.resolve("not-a-dir"), "x");
        final Path data = file.resolve("data");
        final TestServer.Cli cli = serve("--data-dir", data.toString());
        assertEquals(1, cli.exit(), cli.err());
        assertEquals("scangate: cannot start: cannot create or lock data directory " + data + ": not a directory" + System.lineSeparator(),
                cli.err());
    }

    @Test
    void unwritableDataDirNamesTheDirAndPermissionDenied() throws Exception {
        final Path parent = Files.createDirectory(dir.resolve("locked"));
        Files.setPosixFilePermissions(parent, PosixFilePermissions.fromString("r-x------"));
        try {
            assumeFalse(Files.isWritable(parent), "runs as a user the permissions bind (not root)");
            final Path data = parent.resolve("data");
            final TestServer.Cli cli = serve("--data-dir", data.toString());
            assertEquals(1, cli.exit(), cli.err());
            assertEquals("scangate: cannot start: cannot create or lock data directory " + data + ": permission denied"
                    + System.lineSeparator(), cli.err());
        } finally {
            Files.setPosixFilePermissions(parent, PosixFilePermissions.fromString("rwx------"));
        }
    }
}
