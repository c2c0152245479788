package io.scangate.verifier.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.scangate.verifier.batch.Batch;
import io.scangate.verifier.batch.BatchSpec;
import io.scangate.verifier.code.KeyRing;
import io.scangate.verifier.journal.Recovery;
import io.scangate.verifier.ledger.Regions;
import io.scangate.verifier.verdict.ScanEvent;
import io.scangate.verifier.verdict.Verifier;
import io.scangate.verifier.verdict.VerifierContext;

/** Units packed into a case later, moved between cases and unpacked: one record each, and the units keep their history. */
class CasePackingTest {
    private final AtomicLong clock = new AtomicLong(1_800_000_000_000L);

    @TempDir
    Path dir;

    private Verifier verifier(final Recovery.State s) {
        return new Verifier(new VerifierContext().ledger(s.ledger()).journal(s.journal()).batches(s.batches()).keys(KeyRing.of(1, 1, 2))
                .clock(clock::get).requestWindow(s.requests()).campaigns(s.campaigns()).channel(s.channel()));
    }

    private static RoleOutcome role(final Verifier v, final String key, final long code, final Action action, final String to) {
        final ScanEvent e = new ScanEvent();
        e.type = ScanEvent.TYPE_ROLE_SCAN;
        e.codeId = code;
        ActorKeys.digest(key, e.keyDigest);
        e.action = action.ordinal();
        if (to != null) {
            final byte[] b = to.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            System.arraycopy(b, 0, e.to, 0, b.length);
            e.toLength = b.length;
        }
        v.scan(e);
        return e.roleOutcome;
    }

    private static String holder(final Verifier v, final long code) {
        final ScanEvent e = new ScanEvent();
        e.codeId = code;
        e.deviceHash = 9;
        e.region = Regions.pack("CN-31");
        v.scan(e);
        return e.holder == null ? null : e.holder.id();
    }

    @Test
    void shouldMoveUnitsBetweenCasesWithOneRecordEachAndKeepWhatTheirOldCaseKnew() {
        final Recovery.State s = Recovery.open(dir, 10_000, 1 << 20);
        final Verifier v = verifier(s);
        final Batch issued = v.createBatch(BatchSpec.of("OIL-4L", "4006381333931", "CN", 20L, null, null, 10L));
        final Batch plain = v.createBatch(BatchSpec.of("CARTON", "4006381333931", "CN", 5L, null, null));
        final long caseA = issued.firstCodeId() + 20;
        final long u0 = issued.firstCodeId();
        final long u1 = issued.firstCodeId() + 1;
        final long caseB = plain.firstCodeId();
        final String d = v.createActor(ActorSpec.of("dist", "DISTRIBUTOR", null, "CN-31", null)).key();
        v.createActor(ActorSpec.of("store-a", "STORE", null, "CN-44", null));
        v.createActor(ActorSpec.of("store-b", "STORE", null, "CN-11", null));

        assertEquals(RoleOutcome.APPLIED, role(v, d, caseA, Action.RECEIVE, null));
        assertEquals("dist", holder(v, u0));
        final long before = s.journal().nextSequence();
        assertEquals(2, v.packCase(caseB, new long[] {u0, plain.firstCodeId() + 1}).units().length);
        assertEquals(before + 1, s.journal().nextSequence(), "one journal record");
        assertEquals(caseB, s.channel().caseOf(u0));
        assertEquals("dist", holder(v, u0), "a unit leaving its case keeps where the case had got to");
        assertEquals(RoleOutcome.APPLIED, role(v, d, caseB, Action.SHIP, "store-a"));
        assertEquals("store-a", holder(v, u0));
        assertEquals("dist", holder(v, u1), "the units left in case A stay with it");
        assertEquals(9, s.channel().cases().unitsOf(caseA, issued).length);

        v.unpackCase(caseB);
        assertEquals(0, s.channel().caseOf(u0));
        assertEquals(RoleOutcome.APPLIED, role(v, d, caseB, Action.SHIP, "store-b"));
        assertEquals("store-a", holder(v, u0), "unpacked units no longer follow the case");
        v.unpackCase(caseA);
        assertEquals(RoleOutcome.APPLIED, role(v, d, caseA, Action.SHIP, "store-b"));
        assertEquals("dist", holder(v, u1));

        assertThrows(IllegalArgumentException.class, () -> v.packCase(caseB, new long[] {caseB}));
        assertThrows(IllegalArgumentException.class, () -> v.packCase(caseB, new long[] {u0, u0}));
        assertThrows(IllegalArgumentException.class, () -> v.packCase(caseB, new long[] {issued.firstCodeId() + 21}), "cases do not nest");
        assertThrows(IllegalArgumentException.class, () -> v.packCase(caseB, new long[1001]));
        assertThrows(IllegalArgumentException.class, () -> v.packCase(caseB, new long[] {plain.firstCodeId() + 100}));

        s.journal().force();
        s.ledger().close();
        s.journal().close(); // kill -9
        final Recovery.State again = Recovery.open(dir, 10_000, 1 << 20);
        final Verifier w = verifier(again);
        assertEquals("store-a", holder(w, u0), "replayed");
        assertEquals("dist", holder(w, u1));
        assertEquals(0, again.channel().caseOf(u0));
        assertNull(again.channel().position(plain.firstCodeId() + 3));
        assertTrue(again.channel().cases().unitsOf(caseA, issued).length == 0, "case A was unpacked");
        again.ledger().close();
        again.journal().close();
    }
}
