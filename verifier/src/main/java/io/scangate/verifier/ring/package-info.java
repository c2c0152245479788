/** The Disruptor ring between transports and the single-writer verifier, and the verifier itself. */
package io.scangate.verifier.ring;
