/** Plumbing between transports and the single writer: the Disruptor ring, its handler, admin commands and reply routing. */
package io.scangate.verifier.ring;
