/** The UDP scan port: datagram channels (one per event loop with SO_REUSEPORT), decoding, and the datagram's answer once all its scans are back. */
package io.scangate.server.udp;
