package io.scangate.verifier.campaign;

import java.io.IOException;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.scangate.verifier.journal.JournalRecord;

/**
 * The journal forms of the campaign records, written and replayed here only: a campaign
 * definition ({@link JournalRecord#TYPE_CAMPAIGN}, with its seed: the journal is secret), a granted
 * reward ({@link JournalRecord#TYPE_REWARD}) and a won draw that got no prize
 * ({@link JournalRecord#TYPE_DRAW}: {@code {"campaign", "code", "outcome"}}).
 *
 * <p>Stateless; the mapper is thread-safe.
 */
public final class CampaignRecords {
    private static final ObjectMapper JSON = new ObjectMapper();

    private CampaignRecords() {
    }

    /** The JSON journaled for a campaign definition. */
    public static byte[] campaignJson(final Campaign c) {
        return bytes(c);
    }

    /** The JSON journaled for a granted reward. */
    public static byte[] rewardJson(final Reward w) {
        return bytes(w);
    }

    /** The JSON journaled when {@code codeId} won campaign {@code number}'s draw but got no prize, for {@code outcome}. */
    public static byte[] refusalJson(final int number, final long codeId, final DrawOutcome outcome) {
        return bytes(JSON.createObjectNode().put("campaign", number).put("code", codeId).put("outcome", outcome.name()));
    }

    /** As {@link #refusalJson(int, long, DrawOutcome)} when the outcome is no longer known (a snapshot of the book keeps only that it was refused). */
    public static byte[] refusalJson(final int number, final long codeId) {
        return bytes(JSON.createObjectNode().put("campaign", number).put("code", codeId));
    }

    /** Applies one journal record of a campaign type to {@code book}; false if {@code type} is not one. */
    static boolean replay(final CampaignBook book, final int type, final byte[] json, final long endPosition) {
        try {
            switch (type) {
                case JournalRecord.TYPE_CAMPAIGN -> book.apply(JSON.readValue(json, Campaign.class));
                case JournalRecord.TYPE_REWARD -> book.applyReward(JSON.readValue(json, Reward.class), endPosition);
                case JournalRecord.TYPE_DRAW -> {
                    final JsonNode n = JSON.readTree(json);
                    book.applyRefusal(n.get("campaign").asInt(), n.get("code").asLong());
                }
                default -> {
                    return false;
                }
            }
            return true;
        } catch (final IOException e) {
            throw new UncheckedIOException("malformed campaign journal record of type " + type, e);
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
