package io.scangate.verifier.channel;

/** How a role scan ended. Only {@link #APPLIED} changed (and journaled) anything. */
public enum RoleOutcome {
    APPLIED,
    /** No enabled actor has the presented key (401). */
    UNAUTHORIZED,
    /** The actor's role may not make this action (403). */
    FORBIDDEN,
    /** The code is not a genuine, active unit: refused with its verdict. */
    NOT_GENUINE,
    /** {@code SHIP} to an actor that does not exist or is disabled. */
    UNKNOWN_TARGET,
    /** {@code INSTALL} of a case code: installs are of units. */
    NOT_A_UNIT,
    /** {@code INSTALL} of a unit already installed, or against an order already used. */
    ALREADY_INSTALLED
}
