/** The ledger: per scanned code state, off-heap in a persisted Chronicle Map owned by the verifier thread. */
package io.scangate.verifier.ledger;
