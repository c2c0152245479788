package io.scangate.verifier.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.scangate.verifier.code.CodeFormat;

/** A batch issued as cases: where its case codes lie, which units each holds, and how it is stored. */
class BatchCasesTest {
    private static final int KEY = 1;

    private static BatchSpec spec(final long count, final Long unitsPerCase) {
        return BatchSpec.of("S", "6901234567892", "CN", count, null, null, unitsPerCase);
    }

    /** 250 units of 100 a case, at serials 1..250, cases at 251..253. */
    private static Batch cased() {
        return BatchRegistry.inMemory().plan(spec(250, 100L), KEY, 0);
    }

    private static long code(final long serial) {
        return CodeFormat.codeId(KEY, serial);
    }

    @Test
    void shouldOwnCeilCountOverUnitsPerCaseCasesRightAfterTheUnits() {
        final Batch b = cased();
        assertEquals(250, b.count());
        assertEquals(100, b.unitsPerCase());
        assertEquals(3, b.cases());
        assertEquals(253, b.serials());
        assertFalse(b.isCaseCode(code(250)), "the last unit");
        assertTrue(b.isCaseCode(code(251)));
        assertTrue(b.isCaseCode(code(253)));
        assertFalse(b.isCaseCode(code(254)), "past the batch");
        assertTrue(b.contains(code(253)));
        assertFalse(b.contains(code(254)));
    }

    @Test
    void shouldPutEachUnitInItsCaseAndLeaveTheLastCaseShort() {
        final Batch b = cased();
        assertEquals(code(251), b.caseOf(code(1)));
        assertEquals(code(251), b.caseOf(code(100)));
        assertEquals(code(252), b.caseOf(code(101)));
        assertEquals(code(253), b.caseOf(code(250)));
        assertEquals(0, b.caseOf(code(251)), "a case is in no case");
        assertEquals(0, b.caseOf(code(0)), "not a code of the batch");
        assertEquals(code(1), b.firstUnitOf(code(251)));
        assertEquals(code(201), b.firstUnitOf(code(253)));
        assertEquals(100, b.unitsIn(code(251)));
        assertEquals(100, b.unitsIn(code(252)));
        assertEquals(50, b.unitsIn(code(253)));
        assertEquals(0, b.unitsIn(code(5)), "a unit is no case");
        assertEquals(0, b.firstUnitOf(code(5)));
    }

    @Test
    void shouldHaveNoCasesWithoutUnitsPerCase() {
        final Batch b = BatchRegistry.inMemory().plan(spec(250, null), KEY, 0);
        assertEquals(0, b.cases());
        assertEquals(250, b.serials());
        assertEquals(0, b.caseOf(code(1)));
        assertFalse(b.isCaseCode(code(251)));
        assertFalse(b.contains(code(251)));
    }

    @Test
    void shouldStartTheNextBatchAfterTheCasesAndFindCaseCodesInTheirBatch() {
        final BatchRegistry registry = BatchRegistry.inMemory();
        final Batch first = registry.create(spec(250, 100L), KEY, 0);
        final Batch second = registry.create(spec(10, null), KEY, 0);
        assertEquals(254, second.firstSerial());
        assertSame(first, registry.index().find(code(253)));
        assertSame(first, registry.index().find(code(251)));
        assertSame(second, registry.index().find(code(254)));
    }

    @Test
    void shouldWriteUnitsPerCaseOnlyWhenTheBatchHasCasesAndReadOldFormsAsNoCases() {
        final Batch b = cased();
        final String json = new String(BatchRegistry.toJson(b), StandardCharsets.UTF_8);
        assertTrue(json.endsWith(",\"unitsPerCase\":100}"), json);
        assertEquals(b, BatchRegistry.fromJson(json.getBytes(StandardCharsets.UTF_8)));
        final Batch plain = BatchRegistry.inMemory().plan(spec(250, null), KEY, 0);
        final String plainJson = new String(BatchRegistry.toJson(plain), StandardCharsets.UTF_8);
        assertFalse(plainJson.contains("unitsPerCase"), plainJson);
        assertEquals(0, BatchRegistry.fromJson(plainJson.getBytes(StandardCharsets.UTF_8)).unitsPerCase());
    }

    @Test
    void shouldKeepUnitsPerCaseInTheBatchFile(@TempDir final Path dir) throws Exception {
        final BatchRegistry written = BatchRegistry.empty(dir);
        final Batch b = written.create(spec(250, 100L), KEY, 0);
        assertTrue(Files.readString(dir.resolve(BatchRegistry.FILE_NAME)).contains("\"unitsPerCase\" : 100"));
        final Batch read = BatchRegistry.open(dir).index().byId(b.batchId());
        assertEquals(b, read);
        assertEquals(3, read.cases());
        assertEquals(b.withState(BatchState.VOIDED).unitsPerCase(), 100, "a state change keeps the cases");
    }

    @Test
    void shouldRefuseZeroAndMoreThanAThousandUnitsPerCaseNamingTheField() {
        for (final long bad : new long[] {0, 1001}) {
            final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> spec(10, bad));
            assertEquals("'unitsPerCase' must be between 1 and 1000", e.getMessage());
        }
        assertEquals(1000, spec(10, 1000L).unitsPerCase());
        assertEquals(0, spec(10, null).unitsPerCase());
        assertEquals(0, BatchSpec.of("S", "6901234567892", "CN", 10L, null, null).unitsPerCase());
    }
}
