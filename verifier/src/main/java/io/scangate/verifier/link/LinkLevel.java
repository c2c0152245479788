package io.scangate.verifier.link;

/** The level of an anchor: a whole GTIN, one lot of it, or one serialised item of it. */
public enum LinkLevel {
    GTIN, LOT, SERIAL
}
