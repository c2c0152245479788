package io.scangate.server.ops;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.ToLongFunction;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.scangate.verifier.journal.DurableLog;

/**
 * A page of a durable log read from an offset, as every log of the admin API answers it
 * ({@code ?after=&limit=&wait=}, then {@code {member:[...],"next","last"}}): waits on the
 * connection's event loop, polling, until an entry is visible or {@code wait} has passed.
 * Delivery is at least once: a reader resumes after the last id it handled.
 *
 * <p>Concurrency: immutable, shared by every ops connection; polls run on their event loops.
 */
final class LogPoll<T> {
    private static final long POLL_MILLIS = 20;

    private final DurableLog<T> log;
    private final String member;
    private final ToLongFunction<T> id;
    private final Function<T, Object> json;

    LogPoll(final DurableLog<T> log, final String member, final ToLongFunction<T> id, final Function<T, Object> json) {
        this.log = log;
        this.member = member;
        this.id = id;
        this.json = json;
    }

    /** Answers {@code x} with the page its query asks for; 400 naming a bad {@code after}, {@code limit} or {@code wait}. */
    void answer(final AdminExchange x) {
        final Map<String, List<String>> q = x.query();
        final long after = CampaignAdmin.number(q, "after", 0, 0, Long.MAX_VALUE);
        final int limit = (int) CampaignAdmin.number(q, "limit", 100, 1, CampaignAdmin.MAX_LIMIT);
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CampaignAdmin.waitMillis(q));
        poll(x, after, limit, deadline);
    }

    private void poll(final AdminExchange x, final long after, final int limit, final long deadline) {
        final List<T> page = log.read(after, limit);
        final ChannelHandlerContext ctx = x.ctx();
        if (page.isEmpty() && System.nanoTime() < deadline && ctx.channel().isActive()) {
            ctx.executor().schedule(() -> poll(x, after, limit, deadline), POLL_MILLIS, TimeUnit.MILLISECONDS);
            return;
        }
        final List<Object> out = new ArrayList<>(page.size());
        for (final T entry : page) {
            out.add(json.apply(entry));
        }
        final Map<String, Object> m = new LinkedHashMap<>();
        m.put(member, out);
        m.put("next", page.isEmpty() ? after : id.applyAsLong(page.get(page.size() - 1)));
        m.put("last", log.lastVisibleId());
        x.json(HttpResponseStatus.OK, m);
    }
}
