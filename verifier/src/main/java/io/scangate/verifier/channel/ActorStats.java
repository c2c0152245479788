package io.scangate.verifier.channel;

/**
 * What one actor did in the channel, in units (a case scan counts its units): received, shipped,
 * boxes opened, sold, installed, and units first seen diverted out of its territory.
 *
 * <p>Concurrency: written by the verifier thread; admin reads copy it on that thread.
 */
public final class ActorStats {
    long received;
    long shipped;
    long opened;
    long sold;
    long installed;
    long diverted;

    void count(final Action action, final long units) {
        switch (action) {
            case RECEIVE -> received += units;
            case SHIP -> shipped += units;
            case OPEN_BOX -> opened += units;
            case SELL -> sold += units;
            case INSTALL -> installed += units;
            default -> throw new IllegalArgumentException(action.name());
        }
    }

    public long received() {
        return received;
    }

    public long shipped() {
        return shipped;
    }

    public long opened() {
        return opened;
    }

    public long sold() {
        return sold;
    }

    public long installed() {
        return installed;
    }

    public long diverted() {
        return diverted;
    }

    /** A copy, for an answer. */
    public ActorStats copy() {
        final ActorStats c = new ActorStats();
        c.received = received;
        c.shipped = shipped;
        c.opened = opened;
        c.sold = sold;
        c.installed = installed;
        c.diverted = diverted;
        return c;
    }
}
