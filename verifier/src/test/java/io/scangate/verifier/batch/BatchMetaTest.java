package io.scangate.verifier.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;

/** Batch metadata: validation, its journal record, and how it rides along the batch. */
class BatchMetaTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final BatchMeta META = new BatchMeta("Cola", "https://cdn.example.com/c.png", "2026-03-01", "L3",
            List.of(new BatchMeta.Step("Bottled", "2026-03-01T08:00:00+08:00", "Shanghai"), new BatchMeta.Step("Shipped", null, null)));

    private static Batch batch() {
        return new Batch(3, 1, 101, 50, "COLA-330", "06901234567892", "CN-31", null, BatchState.ACTIVE, 1_700_000_000_000L);
    }

    private static BatchMeta parse(final String json) throws Exception {
        return BatchMetaParser.parse(JSON.readTree(json));
    }

    @Test
    void shouldParseEveryField() throws Exception {
        assertEquals(META, parse("{\"name\":\"Cola\",\"imageUrl\":\"https://cdn.example.com/c.png\",\"productionDate\":\"2026-03-01\","
                + "\"line\":\"L3\",\"steps\":[{\"step\":\"Bottled\",\"at\":\"2026-03-01T08:00:00+08:00\",\"place\":\"Shanghai\"},"
                + "{\"step\":\"Shipped\"}]}"));
        assertEquals(new BatchMeta(null, null, null, null, null), parse("{}"));
    }

    @Test
    void shouldRefuseNamingEveryBadField() {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> parse("{\"name\":\"\",\"imageUrl\":"
                + "\"http:/nohost\",\"productionDate\":\"01/03/2026\",\"line\":\"a\\u0007\",\"steps\":[{\"place\":\"p\",\"at\":\"2026-02-30\"},3]}"));
        for (final String field : List.of("meta.name", "meta.imageUrl", "meta.productionDate", "meta.line", "meta.steps[0].step",
                "meta.steps[0].at", "meta.steps[1]")) {
            assertTrue(e.getMessage().contains("'" + field), field + " not named in " + e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> parse("[]"));
        assertThrows(IllegalArgumentException.class, () -> parse("{\"imageUrl\":\"https://x.example/" + "a".repeat(2048) + "\"}"));
    }

    @Test
    void shouldKeepMetaThroughStateChangesAndTheBatchForm() {
        final Batch with = batch().withMeta(META);
        assertEquals(META, with.withState(BatchState.VOIDED).meta());
        assertEquals(with, BatchRegistry.fromJson(BatchRegistry.toJson(with)));
        assertTrue(!with.equals(batch()), "meta is part of the batch's value");
        assertTrue(!new String(BatchRegistry.toJson(batch()), StandardCharsets.UTF_8).contains("meta"), "no meta, no field");
    }

    @Test
    void shouldReplayAMetaRecordIdempotentlyAndPersistIt(@TempDir final Path dir) {
        final BatchRegistry registry = BatchRegistry.empty(dir);
        registry.apply(batch());
        final byte[] record = BatchRegistry.metaToJson(3, META);
        final Batch applied = registry.applyMeta(record);
        assertEquals(applied, registry.applyMeta(record), "replaying the record again changes nothing");
        assertEquals(META, registry.index().byId(3).meta());
        assertEquals(META, BatchRegistry.open(dir).index().byId(3).meta(), "batches.json keeps it");
        assertNull(registry.applyMeta(BatchRegistry.metaToJson(3, null)).meta(), "a null meta removes it");
        assertThrows(IllegalStateException.class, () -> registry.applyMeta(BatchRegistry.metaToJson(9, META)));
    }
}
