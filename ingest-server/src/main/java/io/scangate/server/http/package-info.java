/** The public HTTP scan API on Netty: decode, authenticate, publish to the ring, answer in order. */
package io.scangate.server.http;
