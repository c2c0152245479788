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
 * A page of a durable log read from an offset ({@code ?after=ID&limit=N&wait=MS}), as the reward
 * log's tail answers: {@code {NAME: [...], "next": ID, "last": ID}}, waiting up to {@code wait} for
 * an entry when there is none yet (a long poll that holds no thread). At-least-once: a reader
 * resumes with {@code after=next}.
 *
 * <p>Concurrency: immutable; runs on the connection's event loop.
 *
 * @param <T> the log's entries
 */
final class LogPage<T> {
    private static final long POLL_MILLIS = 20;

    private final String name;
    private final DurableLog<T> log;
    private final ToLongFunction<T> id;
    private final Function<T, Object> json;

    LogPage(final String name, final DurableLog<T> log, final ToLongFunction<T> id, final Function<T, Object> json) {
        this.name = name;
        this.log = log;
        this.id = id;
        this.json = json;
    }

    /** Answers {@code x} with the page its query asks for (400 for a bad parameter). */
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
        for (final T e : page) {
            out.add(json.apply(e));
        }
        final Map<String, Object> m = new LinkedHashMap<>();
        m.put(name, out);
        m.put("next", page.isEmpty() ? after : id.applyAsLong(page.get(page.size() - 1)));
        m.put("last", log.lastVisibleId());
        x.json(HttpResponseStatus.OK, m);
    }
}
