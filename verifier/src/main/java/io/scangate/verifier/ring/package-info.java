/** Plumbing between transports and the single writer: the Disruptor ring, its handler and the reply router interface. */
package io.scangate.verifier.ring;
