package io.scangate.server.ops;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.agrona.DirectBuffer;

import com.fasterxml.jackson.databind.JsonNode;

import io.scangate.verifier.journal.JournalRecord;
import io.scangate.verifier.journal.JournalSearch;
import io.scangate.verifier.ledger.CodeState;
import io.scangate.verifier.ledger.Regions;

/**
 * A code's recent history as {@code codes show} lists it, read from the journal (the source of
 * truth; the ledger keeps only first and last scan): its counted scans (time, region, device
 * hash, verdict), voids and withdrawn suspicions, and the channel's role scans of it or of its
 * case, newest first. Bounded: at most {@link #MAX_ENTRIES} entries, and at most
 * {@link #MAX_BYTES} of journal read besides the newest segment, so a code scanned years ago
 * costs no more than one scanned today (docs/API.md#code-history).
 *
 * <p>Concurrency: stateless but for the search; runs on the ops event loop (not the verifier
 * thread, not a scan port's loops).
 */
final class CodeHistory {
    static final int MAX_ENTRIES = 100;
    static final long MAX_BYTES = 256L << 20;
    private static final byte[] ROLE_SCAN_PREFIX = "{\"code\":".getBytes(StandardCharsets.US_ASCII);

    private final JournalSearch search;

    /** Reading {@code search}; null in cluster mode, whose log is Aeron's archive, not a journal this reads. */
    CodeHistory(final JournalSearch search) {
        this.search = search;
    }

    /** Up to {@code limit} newest entries of code {@code codeId} (in case {@code caseId}, 0: none), with how far was searched. */
    Map<String, Object> of(final long codeId, final long caseId, final int limit) {
        if (search == null) {
            throw new UnsupportedOperationException("a code's history (?history) is not available in cluster mode: the log is the cluster's");
        }
        final JournalSearch.Result r = search.newest((b, off, type, length) -> type == JournalRecord.TYPE_CODE_STATE
                ? b.getLong(off + JournalRecord.CODE_ID) == codeId
                : type == JournalRecord.TYPE_ROLE_SCAN && roleScanOf(b, off, codeId, caseId), limit, MAX_BYTES);
        final List<Object> entries = new ArrayList<>(r.newestFirst().size());
        final CodeState state = new CodeState();
        for (final JournalSearch.Found f : r.newestFirst()) {
            entries.add(f.type() == JournalRecord.TYPE_CODE_STATE ? codeStateJson(f, state) : roleScanJson(f, codeId));
        }
        final Map<String, Object> m = new LinkedHashMap<>();
        m.put("entries", entries);
        m.put("journalBytesRead", r.bytesRead());
        m.put("segmentsRead", r.segmentsRead());
        m.put("wholeJournal", r.wholeJournal());
        return m;
    }

    /** Whether a ROLE_SCAN record's JSON ({@code {"code":N,...}}, as Jackson writes the record) is of the code or its case. */
    private static boolean roleScanOf(final DirectBuffer b, final int off, final long codeId, final long caseId) {
        final int json = off + JournalRecord.BATCH_JSON;
        final int end = json + b.getInt(off + JournalRecord.BATCH_JSON_LENGTH);
        for (int i = 0; i < ROLE_SCAN_PREFIX.length; i++) {
            if (json + i >= end || b.getByte(json + i) != ROLE_SCAN_PREFIX[i]) {
                return false;
            }
        }
        long id = 0;
        int i = json + ROLE_SCAN_PREFIX.length;
        for (byte c; i < end && (c = b.getByte(i)) >= '0' && c <= '9'; i++) {
            id = id * 10 + (c - '0');
        }
        return i < end && b.getByte(i) == ',' && (id == codeId || caseId != 0 && id == caseId);
    }

    private static Map<String, Object> codeStateJson(final JournalSearch.Found f, final CodeState s) {
        JournalRecord.readCodeState(f.record(), 0, s);
        final int cause = f.record().getInt(JournalRecord.CAUSE);
        final Map<String, Object> m = new LinkedHashMap<>();
        m.put("sequence", f.sequence());
        if (cause != JournalRecord.CAUSE_SCAN) {
            m.put("event", cause == JournalRecord.CAUSE_VOID ? "void" : cause == JournalRecord.CAUSE_CLEAR_SUSPECT ? "clear-suspect" : "cause-" + cause);
            return m;
        }
        m.put("event", "scan");
        m.put("at", Instant.ofEpochMilli(s.lastScanAt).toString());
        m.put("scan", s.scanCount);
        m.put("region", Regions.toString(s.lastRegion));
        m.put("device", String.format("%016x", f.record().getLong(JournalRecord.DEVICE)));
        m.put("verdict", s.suspectAtCount != 0 && s.scanCount >= s.suspectAtCount ? "SUSPECT" : "GENUINE");
        return m;
    }

    private static Map<String, Object> roleScanJson(final JournalSearch.Found f, final long codeId) {
        final JsonNode scan;
        final byte[] json = new byte[f.record().getInt(JournalRecord.BATCH_JSON_LENGTH)];
        f.record().getBytes(JournalRecord.BATCH_JSON, json);
        try {
            scan = OpsResponses.JSON.readTree(json);
        } catch (final IOException e) {
            throw new UncheckedIOException("malformed role scan record " + f.sequence(), e);
        }
        final Map<String, Object> m = new LinkedHashMap<>();
        m.put("sequence", f.sequence());
        m.put("event", "channel");
        m.put("at", Instant.ofEpochMilli(scan.path("at").asLong()).toString());
        m.put("action", scan.path("action").asText());
        m.put("actor", scan.path("actor").asText());
        for (final String field : new String[] {"to", "order"}) {
            if (scan.hasNonNull(field)) {
                m.put(field, scan.get(field).asText());
            }
        }
        if (scan.path("code").asLong() != codeId) {
            m.put("viaCase", true);
        }
        return m;
    }
}
