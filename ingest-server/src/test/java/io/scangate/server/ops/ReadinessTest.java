package io.scangate.server.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

class ReadinessTest {
    @Test
    void shouldBeReadyOnlyWhileEveryCheckPassesAndReportEachInOrder() {
        final AtomicBoolean journal = new AtomicBoolean(true);
        final Readiness r = Readiness.builder().check("recovered_and_started", () -> true)
                .check("journal_writable", journal::get).build();
        assertTrue(r.getAsBoolean());
        journal.set(false);
        assertFalse(r.getAsBoolean());
        assertEquals(List.of("recovered_and_started", "journal_writable"), List.copyOf(r.results().keySet()));
        assertEquals(false, r.results().get("journal_writable"));
    }
}
