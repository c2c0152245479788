package io.scangate.server.ops;

import java.util.ArrayList;
import java.util.List;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.scangate.verifier.campaign.Reward;
import io.scangate.verifier.channel.Actor;
import io.scangate.verifier.channel.ChannelBook;
import io.scangate.verifier.channel.Diversion;
import io.scangate.verifier.code.CodeAuthenticator;
import io.scangate.verifier.journal.DurableLog;

/**
 * The channel's figures in the admin API: {@code GET /admin/actors/{id}/stats},
 * {@code GET /admin/channel/stats} and {@code GET /admin/diversions?after=&limit=&wait=}. Counts
 * are the verifier's own state, copied on its thread through the ring; the reward and diversion
 * logs are read on the event loop (they show only durable entries).
 *
 * <p>Concurrency: shared by every ops connection; handlers and long polls run on their event loops.
 */
final class ChannelAdmin {
    private final RewardTally rewards;
    private final DurableLog<Diversion> diversions;
    private final LogPoll<Diversion> diversionPages;
    private final CodeAuthenticator authenticator;

    ChannelAdmin(final DurableLog<Reward> rewards, final DurableLog<Diversion> diversions, final CodeAuthenticator authenticator) {
        this.rewards = new RewardTally(rewards);
        this.diversions = diversions;
        this.authenticator = authenticator;
        this.diversionPages = new LogPoll<>(diversions, "diversions", Diversion::diversionId, d -> ChannelFigures.diversionJson(d, authenticator));
    }

    /** {@code GET /admin/actors/{id}/stats}; 404 for an unknown actor. */
    void actorStats(final AdminExchange x) {
        final String id = x.capture("id");
        x.viaRing(HttpResponseStatus.OK, v -> row(v.channel(), id),
                row -> ChannelFigures.statsJson(row, rewards.upToDate().getOrDefault(id, RewardTally.Count.NONE)));
    }

    /** {@code GET /admin/channel/stats}: every actor, in creation order, and totals by role. */
    void channelStats(final AdminExchange x) {
        x.viaRing(HttpResponseStatus.OK, v -> rows(v.channel()), rows -> ChannelFigures.channelJson(rows, rewards.upToDate()));
    }

    private static ChannelFigures.Row row(final ChannelBook book, final String id) {
        final Actor a = book.actor(id);
        if (a == null) {
            throw AdminException.notFound("no actor '" + id + "'");
        }
        return new ChannelFigures.Row(a, book.statsOf(id));
    }

    private static List<ChannelFigures.Row> rows(final ChannelBook book) {
        final List<ChannelFigures.Row> rows = new ArrayList<>();
        for (final Actor a : book.actors()) {
            rows.add(new ChannelFigures.Row(a, book.statsOf(a.id())));
        }
        return rows;
    }

    /** {@code GET /admin/diversions}: a page of the diversion log after {@code after}, waiting up to {@code wait} for one. */
    void diversions(final AdminExchange x) {
        diversionPages.answer(x);
    }

    /** Every durable diversion of code {@code codeId}, as a unit or as the case it travelled in (a scan of the log: diversions are rare). */
    List<Object> diversionsOf(final long codeId) {
        final List<Object> out = new ArrayList<>();
        final long last = diversions.lastVisibleId();
        for (long after = 0; after < last; ) {
            final List<Diversion> page = diversions.read(after, CampaignAdmin.MAX_LIMIT);
            if (page.isEmpty()) {
                break;
            }
            for (final Diversion d : page) {
                if (d.codeId() == codeId || d.caseCodeId() == codeId) {
                    out.add(ChannelFigures.diversionJson(d, authenticator));
                }
            }
            after = page.get(page.size() - 1).diversionId();
        }
        return out;
    }
}
