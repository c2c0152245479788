package io.scangate.verifier.channel;

import java.io.IOException;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.scangate.verifier.journal.JournalRecord;

/**
 * The journal forms of the channel records, written and replayed here only: an actor version
 * ({@link JournalRecord#TYPE_ACTOR}: created, disabled, key rotated; with its key hash, never the
 * key), an applied role scan ({@link JournalRecord#TYPE_ROLE_SCAN}) and a diverted unit's
 * evidence ({@link JournalRecord#TYPE_DIVERSION}).
 *
 * <p>Stateless; the mapper is thread-safe.
 */
public final class ChannelRecords {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ChannelRecords() {
    }

    public static byte[] actorJson(final Actor a) {
        return bytes(a);
    }

    public static byte[] roleScanJson(final RoleScan s) {
        return bytes(s);
    }

    public static byte[] diversionJson(final Diversion d) {
        return bytes(d);
    }

    public static byte[] caseJson(final CaseChange c) {
        return bytes(c);
    }

    /** A diversion from its journal form. */
    public static Diversion diversion(final byte[] json) {
        try {
            return JSON.readValue(json, Diversion.class);
        } catch (final IOException e) {
            throw new UncheckedIOException("malformed diversion", e);
        }
    }

    /** Applies one journal record of a channel type (ending at {@code end}) to {@code book}; false if {@code type} is not one. */
    public static boolean replay(final ChannelBook book, final int type, final byte[] json, final long end) {
        try {
            switch (type) {
                case JournalRecord.TYPE_ACTOR -> book.apply(JSON.readValue(json, Actor.class));
                case JournalRecord.TYPE_ROLE_SCAN -> book.apply(JSON.readValue(json, RoleScan.class));
                case JournalRecord.TYPE_DIVERSION -> book.apply(JSON.readValue(json, Diversion.class), end);
                case JournalRecord.TYPE_CASE -> book.apply(JSON.readValue(json, CaseChange.class));
                default -> {
                    return false;
                }
            }
            return true;
        } catch (final IOException e) {
            throw new UncheckedIOException("malformed channel journal record of type " + type, e);
        }
    }

    private static byte[] bytes(final Object value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
