/** Batches: issued serial ranges with their product facts and state, looked up without per-code memory. */
package io.scangate.verifier.batch;
