package io.scangate.server.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Token buckets in fixed memory: a burst, then the rate, and a wait that says when. */
class RateLimiterTest {
    @Test
    void shouldAllowTheBurstThenTheRateAndSayHowLongToWait() {
        final RateLimiter limiter = new RateLimiter(2, 3, 1024, 0);
        for (int i = 0; i < 3; i++) {
            assertEquals(0, limiter.tryAcquire(42, 1000), "burst " + i);
        }
        final long wait = limiter.tryAcquire(42, 1000);
        assertEquals(500, wait, "2 per second: a token every 500 ms");
        assertEquals(0, limiter.tryAcquire(42, 1500), "one token back after 500 ms");
        assertTrue(limiter.tryAcquire(42, 1500) > 0);
        assertEquals(0, limiter.tryAcquire(7, 1500), "another client has its own bucket");
    }

    @Test
    void shouldRefillNoMoreThanTheBurstAfterAQuietSpell() {
        final RateLimiter limiter = new RateLimiter(10, 5, 1024, 0);
        limiter.tryAcquire(1, 0);
        int allowed = 0;
        for (int i = 0; i < 100; i++) {
            if (limiter.tryAcquire(1, 3_600_000) == 0) {
                allowed++;
            }
        }
        assertEquals(5, allowed, "an hour of quiet buys a burst, not 36,000 tokens");
    }

    @Test
    void shouldKeepItsMemoryWhateverTheNumberOfClients() {
        final RateLimiter limiter = new RateLimiter(100, 100, 1 << 10, 0);
        for (long client = 0; client < 100_000; client++) {
            limiter.tryAcquire(client, 5);
        }
        assertEquals(8 * 1024, limiter.memoryBytes());
    }

    @Test
    void shouldNeverLetManyThreadsTakeMoreThanTheBurst() throws Exception {
        final RateLimiter limiter = new RateLimiter(1, 1000, 16, 0);
        final java.util.concurrent.atomic.AtomicInteger allowed = new java.util.concurrent.atomic.AtomicInteger();
        final Thread[] threads = new Thread[8];
        for (int t = 0; t < threads.length; t++) {
            threads[t] = new Thread(() -> {
                for (int i = 0; i < 500; i++) {
                    if (limiter.tryAcquire(99, 10) == 0) {
                        allowed.incrementAndGet();
                    }
                }
            });
            threads[t].start();
        }
        for (final Thread t : threads) {
            t.join(10_000);
        }
        assertEquals(1000, allowed.get(), "exactly the burst, whatever the races");
    }
}
