package io.scangate.verifier.link;

import java.io.IOException;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.scangate.verifier.journal.JournalRecord;

/**
 * The journal form of an anchor's links ({@link JournalRecord#TYPE_LINKS}): the whole set,
 * {@code {"anchor": {"gtin", "lot"?, "serial"?}, "links": [...]}}, replacing what the anchor had;
 * an empty list removes them. Written and replayed here only.
 *
 * <p>Stateless; the mapper is thread-safe.
 */
public final class LinkRecords {
    private static final ObjectMapper JSON = new ObjectMapper();

    private LinkRecords() {
    }

    /** The JSON journaled for {@code set}. */
    public static byte[] json(final LinkSet set) {
        try {
            return JSON.writeValueAsBytes(set);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The link set a LINKS record carries. */
    public static LinkSet read(final byte[] json) {
        try {
            return JSON.readValue(json, LinkSet.class);
        } catch (final IOException e) {
            throw new UncheckedIOException("malformed links journal record", e);
        }
    }

    /** Applies a LINKS record to {@code book} without publishing (the replay publishes once at its end). */
    public static void replay(final LinkBook book, final byte[] json) {
        book.replayed(read(json));
    }
}
