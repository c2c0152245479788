/**
 * The GS1 Digital Link resolver's link store: per anchor (a GTIN, a GTIN and lot, or a GTIN and
 * serial) the links a resolver serves. State of the single writer, rebuilt from the journal's
 * LINKS records at every start (like the campaigns and the channel), published as an immutable
 * snapshot that event loops read without the ring.
 */
package io.scangate.verifier.link;
