package io.scangate.server.reply;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.netty.channel.embedded.EmbeddedChannel;

/** Held batches go back once each, only once durable, through the preallocated ring, also after it wrapped round many times. */
class HeldRepliesTest {
    private static final class Answer extends Returning {
        final int n;

        Answer(final int n) {
            this.n = n;
        }
    }

    private final EmbeddedChannel channel = new EmbeddedChannel();
    private final List<Integer> delivered = new ArrayList<>();
    private final HeldReplies<Answer> replies = new HeldReplies<>(channel.eventLoop(), true, () -> new LoopInbox.Delivery<>() {
        @Override
        public void deliver(final Answer answer) {
            delivered.add(answer.n);
        }

        @Override
        public void drained() {
            // nothing to flush
        }
    });
    private final LoopInbox<Answer> inbox = replies.forLoop(channel.eventLoop(), "test");

    @Test
    void heldBatchesAreReleasedInOrderAndOnlyUpToTheDurablePosition() {
        int next = 0;
        int expected = 0;
        for (int round = 0; round < 3 * HeldReplies.HELD_BATCHES / 100; round++) {
            for (int b = 0; b < 100; b++) {
                replies.add(inbox, new Answer(next++));
                replies.add(inbox, new Answer(next++));
                replies.endOfBatch(round * 100L + b + 1);
            }
            replies.onDurable(round * 100L + 49);
            channel.runPendingTasks();
            assertEquals(expected + 98, delivered.size(), "the 49 batches up to position " + (round * 100 + 49));
            replies.onDurable(round * 100L + 100);
            channel.runPendingTasks();
            expected += 200;
            assertEquals(expected, delivered.size());
            assertEquals(0, replies.heldBatches());
        }
        final List<Integer> sorted = new ArrayList<>(delivered);
        sorted.sort(null);
        for (int i = 0; i < sorted.size(); i++) {
            assertEquals(i, sorted.get(i), "each answer once (the inbox may hand a drain's chains over in any order)");
        }
    }

    @Test
    void aBatchWithNoAnswersHoldsNothing() {
        replies.endOfBatch(5);
        assertEquals(0, replies.heldBatches());
    }
}
