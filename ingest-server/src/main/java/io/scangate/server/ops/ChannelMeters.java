package io.scangate.server.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.scangate.verifier.channel.Action;
import io.scangate.verifier.channel.Actor;
import io.scangate.verifier.channel.ChannelBook;
import io.scangate.verifier.channel.Role;
import io.scangate.verifier.channel.RoleOutcome;

/**
 * The channel's meters: {@code scangate_channel_role_scans_total{role,action,outcome}} (every
 * series registered up front: roles and {@code unknown} for a refused key, the five actions,
 * {@code applied} or {@code refused}) and {@code scangate_channel_actors{role}}. Labels are enum
 * names only, never actor ids.
 *
 * <p>Concurrency: meters are thread-safe; {@link #roleScan} is called from the event loops.
 */
final class ChannelMeters {
    static final String UNKNOWN_ROLE = "unknown";
    private static final Role[] ROLES = Role.values();
    private static final Action[] ACTIONS = Action.values();

    /** [role ordinal, or ROLES.length for unknown][action ordinal][0 applied, 1 refused]. */
    private final Counter[][][] roleScans = new Counter[ROLES.length + 1][ACTIONS.length][2];
    private final MeterRegistry registry;

    ChannelMeters(final MeterRegistry registry) {
        this.registry = registry;
        for (int r = 0; r <= ROLES.length; r++) {
            final String role = r == ROLES.length ? UNKNOWN_ROLE : ROLES[r].name();
            for (final Action a : ACTIONS) {
                for (int o = 0; o < 2; o++) {
                    roleScans[r][a.ordinal()][o] = Counter.builder("scangate.channel.role.scans")
                            .description("Role scans answered by the verifier, by the actor's role ('unknown': no actor has the key),"
                                    + " action and outcome (applied, or refused for any reason)")
                            .tag("role", role).tag("action", a.name()).tag("outcome", o == 0 ? "applied" : "refused")
                            .register(registry);
                }
            }
        }
    }

    /** A role scan by {@code actor} (null if its key matched none) of action {@code action} (ordinal) answered with {@code outcome}. */
    void roleScan(final Actor actor, final int action, final RoleOutcome outcome) {
        final Action a = Action.of(action);
        if (a == null || outcome == null) {
            return;
        }
        final int role = actor == null ? ROLES.length : actor.role().ordinal();
        roleScans[role][a.ordinal()][outcome == RoleOutcome.APPLIED ? 0 : 1].increment();
    }

    /** {@code scangate_channel_actors{role}}: actors of each role, disabled ones included, read from {@code book} at scrape time. */
    void actors(final ChannelBook book) {
        for (final Role r : ROLES) {
            Gauge.builder("scangate.channel.actors", book, b -> b.actorCount(r))
                    .description("Channel actors by role (disabled ones included)").tag("role", r.name())
                    .strongReference(true).register(registry);
        }
    }
}
