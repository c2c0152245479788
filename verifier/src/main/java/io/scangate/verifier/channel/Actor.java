package io.scangate.verifier.channel;

import io.scangate.verifier.ledger.Regions;

/**
 * One actor of the channel as journaled: its id, role, name, territory ({@code region}, ISO 3166-1
 * or -2: a scan in {@code CN-31} is inside {@code CN}), parent (a store's distributor, an
 * installer's store), the SHA-256 of its key (hex; the key itself is shown once and never kept),
 * whether it is disabled, and when it was created.
 *
 * <p>Immutable: a change makes a new version, so answers may hold it across threads.
 */
public record Actor(String id, Role role, String name, String region, String parent, String keyHash, boolean disabled,
                    long createdAt) {
    /** This actor's territory, packed as {@link Regions#pack(String)}. */
    public long territory() {
        return Regions.pack(region);
    }

    /** The same actor, disabled: its key stops working. */
    public Actor asDisabled() {
        return new Actor(id, role, name, region, parent, keyHash, true, createdAt);
    }

    /** The same actor under a new key hash (a rotated key). */
    public Actor withKeyHash(final String hash) {
        return new Actor(id, role, name, region, parent, hash, disabled, createdAt);
    }
}
