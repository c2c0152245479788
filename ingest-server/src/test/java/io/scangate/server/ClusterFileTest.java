package io.scangate.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterFileTest {
    @TempDir
    Path dir;

    private ClusterFile load(final String text) throws Exception {
        final Path f = dir.resolve("cluster.properties");
        Files.writeString(f, text);
        return ClusterFile.load(f);
    }

    private Path range(final String text) throws Exception {
        final Path f = dir.resolve("range");
        Files.writeString(f, text);
        return f;
    }

    @Test
    void readsEveryKeyWithItsDefaults() throws Exception {
        final ClusterFile f = load("cluster.member=1\ncluster.hosts=a, b ,c\n");
        assertEquals(1, f.member());
        assertEquals(List.of("a", "b", "c"), f.hosts());
        assertEquals(20_000, f.portBase());
        assertEquals(3_000, f.answerTimeoutMs());
        assertNull(f.dir());
    }

    @Test
    void namesEveryProblemAtOnce() {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> load("cluster.member=3\ncluster.hosts=a,b\ncluster.port.base=x\ncluster.colour=red\n"));
        assertTrue(e.getMessage().contains("odd number of members"), e.getMessage());
        assertTrue(e.getMessage().contains("'cluster.member' must be"), e.getMessage());
        assertTrue(e.getMessage().contains("'cluster.port.base' must be a whole number"), e.getMessage());
        assertTrue(e.getMessage().contains("unknown key 'cluster.colour'"), e.getMessage());
    }

    @Test
    void warnsWhenTheMembersPortsFallInTheEphemeralRange() throws Exception {
        final ClusterFile f = load("cluster.member=0\ncluster.hosts=a,b,c\ncluster.port.base=40000\n");
        final String warning = f.ephemeralWarning(range("32768\t60999\n"));
        assertTrue(warning != null && warning.contains("40001..40205") && warning.contains("32768..60999"), warning);
    }

    @Test
    void saysNothingWhenThePortsAreBelowTheRangeOrItIsUnknown() throws Exception {
        final ClusterFile f = load("cluster.member=0\ncluster.hosts=a,b,c\ncluster.port.base=20000\n");
        assertNull(f.ephemeralWarning(range("32768\t60999\n")));
        assertNull(f.ephemeralWarning(range("20206 30000")), "the range starts just after the last member's last port");
        assertTrue(f.ephemeralWarning(range("20205 30000")) != null, "the last member's catch-up port is in the range");
        assertNull(f.ephemeralWarning(dir.resolve("missing")));
        assertNull(f.ephemeralWarning(range("not numbers")));
    }
}
