package io.scangate.verifier.verdict;

import io.scangate.verifier.ledger.CodeState;

/**
 * Why a code answers {@link Verdict#SUSPECT}: each reason is a flag in the code's ledger state
 * ({@link CodeState#flags}, kept until an operator clears the suspicion) and the alert a SUSPECT
 * answer and {@code codes show} carry for it. The flags are part of the ledger and journal formats
 * and the alerts of the UDP protocol: a new reason takes a new flag and a new alert.
 */
public enum SuspectReason {
    /** {@link ManyDevicesRule}. */
    MANY_DEVICES(CodeState.FLAG_MANY_DEVICES, Alert.MANY_DEVICES),
    /** {@link TravelByPositionRule} and {@link TravelByCountryRule}. */
    IMPOSSIBLE_TRAVEL(CodeState.FLAG_IMPOSSIBLE_TRAVEL, Alert.IMPOSSIBLE_TRAVEL);

    private static final SuspectReason[] VALUES = values();
    /** The flags of every reason: what clearing a suspicion clears. */
    public static final int FLAGS = allFlags();

    private final int flag;
    private final Alert alert;

    SuspectReason(final int flag, final Alert alert) {
        this.flag = flag;
        this.alert = alert;
    }

    /** This reason's bit in {@link CodeState#flags}. */
    public int flag() {
        return flag;
    }

    public Alert alert() {
        return alert;
    }

    /** The alert bits of the reasons among {@code flags} (a code's {@link CodeState#flags}); 0 if none. */
    public static int alerts(final int flags) {
        int alerts = 0;
        for (final SuspectReason r : VALUES) {
            if ((flags & r.flag) != 0) {
                alerts |= r.alert.bit();
            }
        }
        return alerts;
    }

    private static int allFlags() {
        int flags = 0;
        for (final SuspectReason r : VALUES) {
            flags |= r.flag;
        }
        return flags;
    }
}
