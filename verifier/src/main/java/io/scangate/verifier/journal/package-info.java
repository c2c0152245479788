/** The journal: append-only, checksummed, segmented log of every state change; the source of truth. */
package io.scangate.verifier.journal;
