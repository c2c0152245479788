package io.scangate.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A start that fails part-way closes what it opened: no scangate thread keeps running, the data
 * dir lock is released, and the next start on the same data dir succeeds at once.
 */
class StartFailureTest {
    @TempDir
    Path dir;

    private static List<String> scangateThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .map(Thread::getName)
                .filter(n -> n.startsWith("scangate-"))
                .sorted()
                .toList();
    }

    /** Threads end asynchronously after their executors are told to stop: wait a bounded time. */
    private static List<String> threadsAfterSettling() throws InterruptedException {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        List<String> left = scangateThreads();
        while (!left.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
            left = scangateThreads();
        }
        return left;
    }

    private void assertCleanlyAbandoned(final List<String> before) throws InterruptedException {
        assertEquals(before, threadsAfterSettling(), "no thread of the failed start may keep running");
        final long t0 = System.nanoTime();
        try (TestServer again = TestServer.start(dir)) {
            assertTrue(again.server.ready(), "a second start on the same data dir succeeds");
            assertFalse(again.server.recovery().reason().contains("unclean"),
                    "the failed start left no unclean stop behind: " + again.server.recovery());
        }
        assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(10), "and at once");
    }

    @Test
    void shouldNameATakenOpsPortAndLeaveNothingBehind() throws Exception {
        TestServer.start(dir).close(); // a data dir with a journal, a ledger and keys
        final List<String> before = scangateThreads();
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            final int port = taken.getLocalPort();
            final StartException e = assertThrows(StartException.class,
                    () -> TestServer.start(dir, Map.of("ops.port", Integer.toString(port))));
            assertTrue(e.getMessage().contains("ops.port " + port), e.getMessage());
            assertTrue(e.getMessage().contains("already in use"), e.getMessage());
        }
        assertCleanlyAbandoned(before);
    }

    @Test
    void shouldNameABadKeyFileAndLeaveNothingBehind() throws Exception {
        TestServer.start(dir).close();
        final Path keys = dir.resolve("keys");
        final byte[] good = Files.readAllBytes(keys);
        Files.writeString(keys, "this is not a key file\n", StandardCharsets.US_ASCII);
        final List<String> before = scangateThreads();
        final StartException e = assertThrows(StartException.class, () -> TestServer.start(dir));
        assertTrue(e.getMessage().contains("keys"), e.getMessage());
        Files.write(keys, good);
        assertCleanlyAbandoned(before);
    }

    @Test
    void shouldNameAnUnreadableJournalAndLeaveNothingBehind() throws Exception {
        TestServer.start(dir).close();
        final Path journal = dir.resolve("journal");
        final Path aside = dir.resolve("journal.aside");
        Files.move(journal, aside);
        Files.writeString(journal, "a file where the journal directory should be");
        final List<String> before = scangateThreads();
        final StartException e = assertThrows(StartException.class, () -> TestServer.start(dir));
        assertTrue(e.getMessage().contains("journal"), e.getMessage());
        Files.delete(journal);
        Files.move(aside, journal);
        assertCleanlyAbandoned(before);
    }

    @Test
    void shouldRefuseATakenHttpPortBeforeRecovering() throws IOException, InterruptedException {
        final List<String> before = scangateThreads();
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            final StartException e = assertThrows(StartException.class,
                    () -> TestServer.start(dir, Map.of("http.port", Integer.toString(taken.getLocalPort()))));
            assertTrue(e.getMessage().startsWith("http.port " + taken.getLocalPort()), e.getMessage());
        }
        assertCleanlyAbandoned(before);
    }

    /**
     * The ops port taken in the moment between the port check and the bind, when the verifier,
     * the syncer, the event loops and the scan ports already run: all of them are stopped again.
     * The port is taken as soon as recovery has marked the data dir as running (the checkpoint
     * turns unclean); if the server wins that race an attempt is repeated, at most three times.
     */
    @Test
    void shouldStopEveryThreadWhenTheLastPortFailsToBind() throws Exception {
        TestServer.start(dir).close();
        final List<String> before = scangateThreads();
        StartException failure = null;
        for (int attempt = 0; attempt < 3 && failure == null; attempt++) {
            final int port;
            try (ServerSocket probe = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
                port = probe.getLocalPort();
            }
            final ServerSocket[] taken = new ServerSocket[1];
            final Thread thief = new Thread(() -> taken[0] = takeWhenRunning(port), "test-port-thief");
            thief.start();
            try {
                TestServer.start(dir, Map.of("ops.port", Integer.toString(port))).close(); // won the race: try again
            } catch (final StartException e) {
                failure = e;
            } finally {
                thief.join(10_000);
                if (taken[0] != null) {
                    taken[0].close();
                }
            }
        }
        assertTrue(failure != null, "the ops port was never taken in time");
        assertTrue(failure.getMessage().startsWith("ops.port "), failure.getMessage());
        assertCleanlyAbandoned(before);
    }

    /** Binds {@code port} once the data dir's checkpoint says a server is running; null after 10 s. */
    private ServerSocket takeWhenRunning(final int port) {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            final io.scangate.verifier.journal.Checkpoint cp = io.scangate.verifier.journal.Checkpoint.read(dir);
            if (cp != null && !cp.clean()) {
                try {
                    final ServerSocket s = new ServerSocket();
                    s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
                    return s;
                } catch (final IOException e) {
                    return null; // the server bound it first
                }
            }
            Thread.onSpinWait();
        }
        return null;
    }
}
