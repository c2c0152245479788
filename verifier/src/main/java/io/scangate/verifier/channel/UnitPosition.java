package io.scangate.verifier.channel;

/**
 * Where one unit (or case) stands in the channel: who holds it now (the last actor that received
 * it, or was shipped it), the last distributor and store that held it, and its install. Updated in
 * place by the single writer; answers copy the (immutable) actors out of it.
 *
 * <p>Concurrency: verifier thread only.
 */
public final class UnitPosition {
    /** The last actor that received the unit: whose territory it belongs to. */
    Actor holder;
    /** {@link #holder}'s territory, packed once when it took the unit (a consumer scan compares with it). */
    long holderTerritory;
    Actor distributor;
    Actor store;
    /** Who installed it, and the store the install counts for (the installer's parent store, or the store itself). */
    Actor installer;
    Actor installStore;
    String order;
    long at;
    Action last;
    /** Order of the last role scan applied to it among all role scans: whose news is newer, a unit's or its case's. */
    long seq;

    public Actor holder() {
        return holder;
    }

    public long holderTerritory() {
        return holderTerritory;
    }

    public Actor distributor() {
        return distributor;
    }

    public Actor store() {
        return store;
    }

    public Actor installer() {
        return installer;
    }

    public Actor installStore() {
        return installStore;
    }

    public String order() {
        return order;
    }

    /** Epoch millis of the last role scan. */
    public long at() {
        return at;
    }

    public Action last() {
        return last;
    }

    public long seq() {
        return seq;
    }

    /** Takes in what its case knew, if that is newer: a unit leaving its case keeps where the case had got to. */
    void absorb(final UnitPosition kase) {
        if (kase == null || kase.seq <= seq) {
            return;
        }
        if (kase.holder != null) {
            holder = kase.holder;
            holderTerritory = kase.holderTerritory;
        }
        distributor = kase.distributor != null ? kase.distributor : distributor;
        store = kase.store != null ? kase.store : store;
        at = kase.at;
        last = kase.last;
        seq = kase.seq;
    }
}
