package io.scangate.verifier.verdict;

import java.nio.charset.StandardCharsets;

/** The answer to a scan, as in the product contract. */
public enum Verdict {
    GENUINE,
    SUSPECT,
    FORGED,
    UNKNOWN,
    NOT_ACTIVE,
    VOIDED;

    private final byte[] ascii = name().getBytes(StandardCharsets.US_ASCII);

    /** The name as ASCII bytes, for writing answers without allocation. Do not modify. */
    public byte[] ascii() {
        return ascii;
    }
}
