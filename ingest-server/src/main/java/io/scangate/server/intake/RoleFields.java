package io.scangate.server.intake;

import io.scangate.verifier.channel.Actor;
import io.scangate.verifier.channel.ActorKeys;
import io.scangate.verifier.channel.RoleOutcome;
import io.scangate.verifier.verdict.ScanEvent;

/**
 * The role-scan part of a {@link ScanTicket} (a channel actor's scan): what the transport read
 * (the key's digest, the action, the actor shipped to, the order) and how the verifier decided.
 * Made once per pooled ticket, the first time it carries a role scan, and reused.
 *
 * <p>Concurrency: as the ticket's own fields.
 */
public final class RoleFields {
    /** Whether the ticket carries a role scan now. */
    public boolean active;
    public final byte[] keyDigest = new byte[ActorKeys.DIGEST_BYTES];
    /** The {@link io.scangate.verifier.channel.Action} ordinal. */
    public int action;
    public final byte[] to = new byte[ScanEvent.MAX_ID_BYTES];
    public int toLength;
    public final byte[] order = new byte[ScanEvent.MAX_ID_BYTES];
    public int orderLength;
    /** The tag failed on the event loop: the verifier answers FORGED after the key and the role. */
    public boolean forged;

    // outcome
    public RoleOutcome outcome;
    public Actor actor;

    void toEvent(final ScanEvent e) {
        e.type = ScanEvent.TYPE_ROLE_SCAN;
        System.arraycopy(keyDigest, 0, e.keyDigest, 0, keyDigest.length);
        e.action = action;
        System.arraycopy(to, 0, e.to, 0, toLength);
        e.toLength = toLength;
        System.arraycopy(order, 0, e.order, 0, orderLength);
        e.orderLength = orderLength;
        e.forged = forged;
    }

    void fromEvent(final ScanEvent e) {
        outcome = e.roleOutcome;
        actor = e.actor;
    }

    void reset() {
        active = false;
        action = 0;
        toLength = 0;
        orderLength = 0;
        forged = false;
        outcome = null;
        actor = null;
    }
}
