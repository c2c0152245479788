package io.scangate.verifier.batch;

/** Lifecycle of a batch. {@code VOIDED} is final. */
public enum BatchState {
    ACTIVE,
    INACTIVE,
    VOIDED
}
