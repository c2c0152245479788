/** The scangate process: configuration, start-up and shutdown of transports and the verifier. */
package io.scangate.server;
