package io.scangate.verifier.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.scangate.verifier.ledger.Regions;

/** The batch's journal and file forms stay as they were written by earlier versions. */
class BatchFormsTest {
    private static final String JOURNAL_FORM = "{\"batchId\":3,\"keyId\":1,\"firstSerial\":101,\"count\":50,\"sku\":\"COLA-330\","
            + "\"gtin\":\"06901234567892\",\"plannedRegion\":\"CN-31\",\"campaign\":\"summer\",\"state\":\"INACTIVE\","
            + "\"createdAtMillis\":1700000000000}";

    private static Batch batch() {
        return new Batch(3, 1, 101, 50, "COLA-330", "06901234567892", "CN-31", "summer", BatchState.INACTIVE, 1_700_000_000_000L);
    }

    @Test
    void shouldJournalABatchInTheFormEarlierVersionsWrote() {
        assertEquals(JOURNAL_FORM, new String(BatchRegistry.toJson(batch()), StandardCharsets.UTF_8));
    }

    @Test
    void shouldReadABatchJournaledByAnEarlierVersion() {
        assertEquals(batch(), BatchRegistry.fromJson(JOURNAL_FORM.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void shouldReadBackTheBatchFileItWrote(@TempDir final Path dir) throws Exception {
        final BatchRegistry written = BatchRegistry.empty(dir);
        written.apply(batch());
        final String file = Files.readString(dir.resolve(BatchRegistry.FILE_NAME));
        assertEquals("[ " + JOURNAL_FORM.replace(",\"", ",\n  \"").replace("{\"", "{\n  \"").replace("\":", "\" : ")
                .replace("}", "\n}") + " ]", file);
        assertEquals(written.index().all(), BatchRegistry.open(dir).index().all());
    }

    @Test
    void shouldKeepTheGtinAndPlannedRegionInTheFormsAScanComparesWith() {
        final Batch b = batch();
        assertEquals(6_901_234_567_892L, b.gtinNumber());
        assertEquals(Regions.pack("CN-31"), b.plannedRegionPacked());
        assertEquals(6_901_234_567_892L, b.withState(BatchState.ACTIVE).gtinNumber());
    }
}
