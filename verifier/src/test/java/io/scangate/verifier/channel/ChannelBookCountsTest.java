package io.scangate.verifier.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

/** The per-role actor counts the metrics read from other threads. */
class ChannelBookCountsTest {
    private static Actor actor(final ChannelBook book, final String id, final String role, final String parent) {
        final Actor a = book.plan(ActorSpec.of(id, role, null, "CN-31", parent), "hash-" + id, 1L);
        book.apply(a);
        return a;
    }

    @Test
    void shouldCountActorsByRoleOnceEachAndKeepDisabledOnes() {
        final ChannelBook book = new ChannelBook();
        for (final Role r : Role.values()) {
            assertEquals(0, book.actorCount(r), r.name());
        }
        final Actor d = actor(book, "dist-1", "DISTRIBUTOR", null);
        actor(book, "store-1", "STORE", "dist-1");
        actor(book, "store-2", "STORE", "dist-1");
        actor(book, "mech-1", "INSTALLER", "store-1");
        book.apply(new Actor(d.id(), d.role(), d.name(), d.region(), d.parent(), d.keyHash(), true, d.createdAt()));

        assertEquals(1, book.actorCount(Role.DISTRIBUTOR), "a new version of an actor is not a new actor");
        assertEquals(2, book.actorCount(Role.STORE));
        assertEquals(1, book.actorCount(Role.INSTALLER));
        assertEquals(0, book.actorCount(Role.GUIDE));
        assertEquals(4, book.actorCount());
    }

    @Test
    void shouldShowAnotherThreadTheCountsOfActorsCreatedBeforeItLooks() throws Exception {
        final ChannelBook book = new ChannelBook();
        for (int i = 0; i < 100; i++) {
            actor(book, "guide-" + i, "GUIDE", null);
        }
        final AtomicInteger seen = new AtomicInteger(-1);
        final Thread reader = new Thread(() -> seen.set(book.actorCount(Role.GUIDE)));
        reader.start();
        reader.join();
        assertEquals(100, seen.get());
    }
}
