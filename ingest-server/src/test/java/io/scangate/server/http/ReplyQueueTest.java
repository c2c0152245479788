package io.scangate.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Pipelined answers leave in request order, whenever each is done. */
class ReplyQueueTest {
    private final ReplyQueue queue = new ReplyQueue(() -> new PendingReply(null));
    private final List<PendingReply> written = new ArrayList<>();

    private PendingReply queued() {
        final PendingReply r = queue.take();
        queue.add(r);
        return r;
    }

    @Test
    void shouldHoldADoneAnswerBehindAnEarlierOneStillAtTheVerifier() {
        final PendingReply first = queued();
        final PendingReply second = queued();
        second.done = true;
        assertFalse(queue.drain(r -> written.add(r) && false), "the head is not done: nothing may leave");
        first.done = true;
        assertTrue(queue.drain(r -> written.add(r) && false));
        assertEquals(List.of(first, second), written);
        assertEquals(0, queue.size());
    }

    @Test
    void shouldStopAfterAnAnswerThatClosesTheConnection() {
        final PendingReply closing = queued();
        final PendingReply after = queued();
        closing.done = true;
        after.done = true;
        queue.drain(r -> written.add(r));
        assertEquals(1, written.size(), "nothing is written after the answer that closes");
        assertEquals(1, queue.size());
        assertSame(closing, written.get(0));
    }

    @Test
    void shouldReuseRecycledRepliesResetAndKeepAtMostThePool() {
        final PendingReply r = queued();
        r.done = true;
        r.codeId = 77;
        queue.drain(x -> false);
        final PendingReply again = queue.take();
        assertSame(r, again, "pooled");
        assertFalse(again.done);
        assertEquals(0, again.codeId);
        final List<PendingReply> many = new ArrayList<>();
        for (int i = 0; i < ReplyQueue.POOL + 10; i++) {
            many.add(queue.take());
        }
        many.forEach(queue::recycle);
        for (int i = 0; i < ReplyQueue.POOL; i++) {
            queue.take();
        }
        assertNotSame(many.get(0), queue.take(), "the pool is bounded");
    }
}
