/** The UDP scan port: datagram channels (one per event loop with SO_REUSEPORT), decoding, the tag check and the way back from the verifier. */
package io.scangate.server.udp;
