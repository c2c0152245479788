package io.scangate.verifier.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A ledger refilled from a snapshot's codes behind the server's back: while the refill runs, the
 * codes it has not reached are answered from the base, a code the writer changes is taken from
 * the base first (and kept, not overwritten, when the refill reaches it), the size is exact, and
 * whatever reads the whole ledger or closes it waits for the refill.
 */
class LedgerRefillTest {
    private static final int CODES = 200_000;

    @TempDir
    Path dir;

    /** Codes 1000, 1001, ... each with scanCount = 1 + i % 7; reading entry {@code gate} or later waits for {@link #open}. */
    private static final class GatedSource implements LedgerBase.Source {
        final CountDownLatch gate = new CountDownLatch(1);
        final CountDownLatch reached = new CountDownLatch(1);
        final long gateAt;

        GatedSource(final long gateAt) {
            this.gateAt = gateAt;
        }

        @Override
        public long count() {
            return CODES;
        }

        @Override
        public long codeId(final long i) {
            return 1_000 + i;
        }

        @Override
        public long read(final long i, final CodeState into) {
            if (i >= gateAt && Thread.currentThread().getName().equals("scangate-ledger-refill")) {
                reached.countDown();
                try {
                    if (!gate.await(60, TimeUnit.SECONDS)) {
                        throw new IllegalStateException("gate never opened");
                    }
                } catch (final InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            state(i, into);
            return 1_000 + i;
        }

        void open() {
            gate.countDown();
        }
    }

    private static void state(final long i, final CodeState into) {
        into.clear();
        into.scanCount = (int) (1 + i % 7);
        into.firstScanAt = 10 * i;
        into.lastScanAt = 10 * i + 5;
        into.firstDeviceHash = i * 31;
    }

    @Test
    void shouldIndexEveryCodeOnceAndFindOnlyThose() {
        final GatedSource source = new GatedSource(Long.MAX_VALUE);
        final LedgerBase base = LedgerBase.build(source, 2);
        assertEquals(CODES, base.count());
        final CodeState s = new CodeState();
        final CodeState want = new CodeState();
        for (long i = 0; i < CODES; i += 97) {
            assertTrue(base.find(1_000 + i, s), "code " + (1_000 + i));
            state(i, want);
            assertEquals(want, s);
        }
        assertFalse(base.contains(999));
        assertFalse(base.contains(1_000 + CODES));
        assertFalse(base.find(-5, s));
    }

    @Test
    void shouldCountTheCodesTheJournalAndTheSnapshotBothHoldWithAnyNumberOfThreads() {
        final TailCollector tail = new TailCollector(CODES);
        final CodeState s = new CodeState();
        long both = 0;
        for (long c = 0; c < 60_000; c++) {
            final long codeId = c % 3 == 0 ? 1_000 + c * 3 : -c - 1; // every third in the snapshot's range
            s.scanCount = (int) c + 1;
            tail.put(codeId, s);
            tail.put(codeId, s); // again: still one code
            if (c % 3 == 0 && c * 3 < CODES) {
                both++;
            }
        }
        tail.put(0, s); // code id 0, whose mix is the empty slot's
        assertEquals(60_001, tail.size());
        for (final int threads : new int[] {1, 2, 3}) {
            final LedgerBase.Built built = LedgerBase.prepare(new GatedSource(Long.MAX_VALUE)).build(threads, tail);
            assertEquals(both, built.overlap(), threads + " threads");
            assertEquals(CODES, built.base().count());
        }
        final LedgerBase collected = tail.toBase();
        assertTrue(collected.find(0, s));
        assertTrue(collected.find(1_000 + 3 * 3, s));
        assertEquals(4, s.scanCount, "the last state put");
        assertFalse(collected.contains(1_001));
    }

    @Test
    void shouldCountARepeatedCodeOnce() {
        final long[] ids = {7, 8, 7, 9, 8, 7};
        final LedgerBase base = LedgerBase.build(new LedgerBase.Source() {
            @Override
            public long count() {
                return ids.length;
            }

            @Override
            public long codeId(final long i) {
                return ids[(int) i];
            }

            @Override
            public long read(final long i, final CodeState into) {
                into.clear();
                into.scanCount = 1;
                return ids[(int) i];
            }
        }, 1);
        assertEquals(3, base.count());
        assertTrue(base.contains(9));
    }

    @Test
    void shouldAnswerFromTheBaseAndKeepTheWritersChangesWhileTheRefillRuns() throws Exception {
        final GatedSource source = new GatedSource(CODES / 2);
        try (ChronicleLedger ledger = ChronicleLedger.open(dir.resolve("ledger.cm3"), CODES * 2L)) {
            final CodeState s = new CodeState();
            // the journal after the snapshot changed two codes: one the snapshot holds too, one it does not
            final TailCollector tail = new TailCollector(CODES * 2L);
            s.clear();
            s.scanCount = 39;
            tail.put(1_000 + CODES - 1, s);
            tail.put(5, s);
            s.scanCount = 40;
            tail.put(1_000 + CODES - 1, s);
            tail.put(5, s);
            assertEquals(2, tail.size());
            final LedgerBase.Built base = LedgerBase.prepare(source).build(2, tail);
            assertEquals(1, base.overlap());
            ledger.refillFrom(tail.toBase(), base);
            assertTrue(source.reached.await(60, TimeUnit.SECONDS), "the refill reached the gate");
            assertEquals(CODES + 1, ledger.size(), "the base's codes and the journal's new one");
            assertTrue(ledger.refilling());

            final long late = 1_000 + CODES - 10; // past the gate: not in the map yet
            final CodeState want = new CodeState();
            state(CODES - 10, want);
            assertTrue(ledger.read(late, s));
            assertEquals(want, s);
            assertTrue(ledger.readShared(late, s));
            assertEquals(want, s);
            assertTrue(ledger.read(1_000 + CODES - 1, s));
            assertEquals(40, s.scanCount, "the journal's last state, not the snapshot's");
            assertTrue(ledger.read(5, s));
            assertEquals(40, s.scanCount);
            assertFalse(ledger.read(3, s), "a code nobody holds");

            ledger.readForUpdate(late, s); // the writer scans a code the refill has not reached
            assertEquals(want, s, "taken from the base");
            s.countScan(99, 1, 2);
            ledger.writeBack(s);
            ledger.readForUpdate(77, s); // a new code
            assertEquals(0, s.scanCount);
            s.countScan(100, 1, 2);
            ledger.writeBack(s);
            final CodeState replayed = new CodeState();
            replayed.scanCount = 3;
            ledger.put(78, replayed); // and another, put whole
            ledger.put(1_000 + CODES - 20, replayed); // a base code the refill has not reached, put whole
            assertEquals(CODES + 3, ledger.size());

            final AtomicReference<Map<Long, Integer>> seen = new AtomicReference<>();
            final Thread reader = new Thread(() -> {
                final Map<Long, Integer> m = new HashMap<>();
                ledger.forEachCopied((st, id) -> m.put(id, st.scanCount));
                seen.set(m);
            });
            reader.start();
            reader.join(300);
            assertTrue(reader.isAlive(), "a whole-ledger read waits for the refill");
            source.open();
            reader.join(60_000);
            assertEquals(CODES + 3, seen.get().size());
            assertFalse(ledger.refilling(), "done once a whole-ledger read got through");
            assertEquals(want.scanCount + 1, seen.get().get(late), "the writer's change, not the snapshot's state");
            assertEquals(3, seen.get().get(1_000L + CODES - 20));
            assertEquals(40, seen.get().get(1_000L + CODES - 1), "the journal's state wins over the snapshot's");
            assertEquals(40, seen.get().get(5L));
            assertEquals(1, seen.get().get(77L));
            assertEquals(3, seen.get().get(78L));
            assertEquals(CODES + 3, ledger.size());
            for (long i = 0; i < CODES - 20; i += 101) {
                assertTrue(ledger.read(1_000 + i, s));
                state(i, want);
                assertEquals(want, s, "code " + (1_000 + i));
            }
        }
    }

    @Test
    void shouldFinishTheRefillBeforeClosing() throws Exception {
        final Path file = dir.resolve("ledger.cm3");
        final GatedSource source = new GatedSource(CODES / 3);
        final ChronicleLedger ledger = ChronicleLedger.open(file, CODES * 2L);
        ledger.refillFrom(new TailCollector(CODES).toBase(), LedgerBase.prepare(source).build(1, null));
        assertTrue(source.reached.await(60, TimeUnit.SECONDS));
        final Thread closer = new Thread(ledger::close);
        closer.start();
        closer.join(300);
        assertTrue(closer.isAlive(), "close waits for the refill");
        source.open();
        closer.join(60_000);
        assertFalse(closer.isAlive());
        try (ChronicleLedger reopened = ChronicleLedger.open(file, CODES * 2L)) {
            assertEquals(CODES, reopened.size(), "every code of the base in the file");
        }
    }

    @Test
    void shouldRefuseASecondRefillAndReportAFailedOne() throws Exception {
        final ChronicleLedger ledger = ChronicleLedger.inMemory(10);
        {
            final LedgerBase.Source broken = new LedgerBase.Source() {
                @Override
                public long count() {
                    return 100;
                }

                @Override
                public long codeId(final long i) {
                    return i + 1;
                }

                @Override
                public long read(final long i, final CodeState into) {
                    throw new IllegalStateException("disk gone");
                }
            };
            final LedgerBase.Built base = LedgerBase.prepare(broken).build(1, null);
            ledger.refillFrom(new TailCollector(10).toBase(), base);
            final IllegalStateException e = assertThrows(IllegalStateException.class, ledger::awaitRefill);
            assertTrue(e.getMessage().contains("disk gone"), e.getMessage());
            assertThrows(IllegalStateException.class, () -> ledger.refillFrom(base.base(), base));
            assertThrows(IllegalStateException.class, ledger::close, "a ledger whose refill failed is not closed as whole");
        }
    }
}
