package io.scangate.verifier.consumer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import io.scangate.verifier.journal.Journal;

/**
 * The consumer table's snapshot section: copied on another thread while purchases go on, finished
 * on the writer's thread, it restores exactly the table as it was when finished.
 */
class ConsumerSectionTest {
    private static final long DAY = LifecycleRules.DAY_MILLIS;

    @Test
    void aCopyMadeWhilePurchasesGoOnRestoresTheTableAsItWasWhenFinished() throws Exception {
        final ConsumerBook book = new ConsumerBook(ConsumerTable.inMemory(50_000), LifecycleRules.DEFAULTS);
        final Random r = new Random(3);
        final long[] clock = {1_700_000_000_000L};
        for (int i = 0; i < 20_000; i++) {
            purchase(book, r.nextInt(30_000), clock);
        }
        final ConsumerSection.Copy copy = ConsumerSection.begin(book.table());
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final CountDownLatch copied = new CountDownLatch(1);
        final AtomicReference<Throwable> failed = new AtomicReference<>();
        final Thread snapshot = new Thread(() -> {
            try {
                copy.writeBase(out);
            } catch (final Throwable t) {
                failed.set(t);
            }
            copied.countDown();
        }, "snapshot");
        snapshot.start();
        int during = 0;
        while (copied.getCount() > 0 && during < 2_000_000) { // the writer keeps buying (new consumers too) while the base is copied
            purchase(book, r.nextInt(45_000), clock);
            during++;
        }
        assertTrue(copied.await(60, TimeUnit.SECONDS));
        assertEquals(null, failed.get());
        for (int i = 0; i < 500; i++) { // and after, before the finish
            purchase(book, 40_000 + i, clock);
        }
        copy.finish(out);
        final byte[] expected = image(book.table());
        for (int i = 0; i < 100; i++) {
            purchase(book, r.nextInt(30_000), clock); // after the finish: not in the copy
        }
        final ConsumerTable restored = ConsumerTable.inMemory(50_000);
        ConsumerSection.restore(new ByteArrayInputStream(out.toByteArray()), restored);
        assertArrayEquals(expected, image(restored), "slots, header and ids as at the finish (" + during + " purchases during the copy)");
        final long slot = restored.find(hash("c-40499"));
        assertEquals("c-40499", restored.id(slot));
        assertEquals(1, restored.purchases(slot));
        assertThrows(IllegalStateException.class,
                () -> ConsumerSection.restore(new ByteArrayInputStream(out.toByteArray()), ConsumerTable.inMemory(1_000)), "another capacity");
        book.close();
        restored.close();
    }

    private static void purchase(final ConsumerBook book, final int consumer, final long[] clock) {
        final byte[] id = ("c-" + consumer).getBytes(StandardCharsets.UTF_8);
        final long h = io.scangate.verifier.ledger.Hashing.hash(id, 0, id.length);
        clock[0] += DAY / 100;
        if (book.registerIfNew(h, id, id.length, clock[0], Journal.DISCARD)) {
            book.purchase(h, clock[0], 1, Journal.DISCARD);
        }
    }

    private static long hash(final String id) {
        final byte[] b = id.getBytes(StandardCharsets.UTF_8);
        return io.scangate.verifier.ledger.Hashing.hash(b, 0, b.length);
    }

    /** Every slot, the header's figures and the ids in use. */
    private static byte[] image(final ConsumerTable t) {
        final ByteArrayOutputStream b = new ByteArrayOutputStream();
        final byte[] slot = new byte[ConsumerTable.SLOT];
        for (long i = 0; i < t.slotCount(); i++) {
            t.slotChunks().chunk(i * ConsumerTable.SLOT).getBytes(t.slotChunks().offset(i * ConsumerTable.SLOT), slot);
            b.writeBytes(slot);
        }
        final byte[] header = new byte[128];
        t.slotChunks().header().getBytes(0, header);
        b.writeBytes(header);
        for (long i = 0; i < t.slotCount(); i++) {
            if (t.key(i) != 0) {
                b.writeBytes(String.valueOf(t.id(i)).getBytes(StandardCharsets.UTF_8));
            }
        }
        return b.toByteArray();
    }
}
