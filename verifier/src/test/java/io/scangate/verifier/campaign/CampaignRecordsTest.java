package io.scangate.verifier.campaign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.scangate.verifier.journal.Journal;
import io.scangate.verifier.journal.JournalRecord;
import io.scangate.verifier.ledger.CodeState;

/** The campaign records' journal forms: written by a running book, replayed into a fresh one. */
class CampaignRecordsTest {
    /** Keeps the campaign records a verifier journals. */
    private static final class Recording implements Journal {
        final List<Integer> types = new ArrayList<>();
        final List<byte[]> records = new ArrayList<>();
        long end;

        @Override
        public long appendCodeState(final long codeId, final CodeState state, final long deviceHash, final long consumerHash,
                                    final int cause, final long requestKey) {
            return ++end;
        }

        @Override
        public long appendJson(final int type, final byte[] json) {
            if (type >= JournalRecord.TYPE_CAMPAIGN) {
                types.add(type);
                records.add(json);
            }
            return ++end;
        }

        @Override
        public long appendKeyed(final int type, final long key, final long at, final long info, final byte[] bytes, final int length) {
            return 0;
        }

        @Override
        public long endPosition() {
            return end;
        }

        @Override
        public long force() {
            return end;
        }
    }

    @Test
    void shouldWriteARefusedWinAsCampaignCodeAndOutcome() {
        assertEquals("{\"campaign\":3,\"code\":123456,\"outcome\":\"CAP_REACHED\"}",
                new String(CampaignRecords.refusalJson(3, 123_456, DrawOutcome.CAP_REACHED), StandardCharsets.UTF_8));
    }

    @Test
    void shouldRebuildTheSameBookFromTheRecordsItJournaled() {
        final Recording journal = new Recording();
        try (CampaignFixture f = new CampaignFixture(200, journal)) {
            // every code wins; the tier's limit grants three rewards and refuses the other wins (DRAW records)
            f.apply(CampaignFixture.campaign("summer", 1.0, 50, 1_000_000, "[{\"id\":\"p\",\"amount\":100,\"weight\":1,\"limit\":3}]", ""));
            for (int i = 0; i < 20; i++) {
                f.scan(i, "phone-" + i);
            }
            final CampaignBook replayed = new CampaignBook();
            for (int i = 0; i < journal.records.size(); i++) {
                assertTrue(replayed.replay(journal.types.get(i), journal.records.get(i), i + 1));
            }
            final CampaignRuntime live = f.book().find("summer");
            final CampaignRuntime rebuilt = replayed.find("summer");
            assertEquals(live.campaign(), rebuilt.campaign());
            assertEquals(List.of(JournalRecord.TYPE_CAMPAIGN, JournalRecord.TYPE_REWARD, JournalRecord.TYPE_DRAW),
                    journal.types.stream().distinct().sorted().toList(), "every kind of campaign record was written");
            assertEquals(3, rebuilt.spentCount());
            assertEquals(live.granted(0), rebuilt.granted(0));
            assertEquals(live.spentAmount(), rebuilt.spentAmount());
            assertEquals(f.book().rewards().get(3), replayed.rewards().get(3));
        }
    }

    @Test
    void shouldLeaveRecordsOfOtherTypesAlone() {
        assertFalse(new CampaignBook().replay(JournalRecord.TYPE_BATCH, "{}".getBytes(StandardCharsets.UTF_8), 1));
    }
}
