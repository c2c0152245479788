package io.scangate.verifier.channel;

import java.util.EnumSet;
import java.util.Set;

/** What an actor is in the channel, and which role-scan actions it may make. */
public enum Role {
    DISTRIBUTOR(EnumSet.of(Action.RECEIVE, Action.SHIP, Action.OPEN_BOX)),
    STORE(EnumSet.of(Action.RECEIVE, Action.SHIP, Action.OPEN_BOX, Action.SELL, Action.INSTALL)),
    INSTALLER(EnumSet.of(Action.OPEN_BOX, Action.INSTALL)),
    GUIDE(EnumSet.of(Action.OPEN_BOX, Action.SELL));

    private final Set<Action> actions;

    Role(final Set<Action> actions) {
        this.actions = actions;
    }

    /** Whether an actor of this role may make {@code action}. */
    public boolean may(final Action action) {
        return actions.contains(action);
    }

    /** The role named {@code name} (upper case), or null. */
    public static Role named(final String name) {
        for (final Role r : values()) {
            if (r.name().equals(name)) {
                return r;
            }
        }
        return null;
    }
}
