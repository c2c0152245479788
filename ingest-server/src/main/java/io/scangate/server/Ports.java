package io.scangate.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * Checks, before anything slow (recovery) starts, that the TCP ports the server will bind are
 * free, so a taken port fails at once with its key and number named rather than as a bind error
 * after recovery. The bind itself may still lose a race; then the start fails the same way.
 */
final class Ports {
    private Ports() {
    }

    /** Throws {@link StartException} naming {@code key} if {@code address}'s TCP port is taken. */
    static void ensureTcpFree(final String key, final InetSocketAddress address) {
        if (address.getPort() == 0) {
            return;
        }
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true); // as Netty binds: a port in TIME_WAIT is free
            probe.bind(address);
        } catch (final IOException e) {
            throw inUse(key, address, e);
        }
    }

    /** The failure of binding {@code key}'s {@code address}, with the port named. */
    static StartException inUse(final String key, final InetSocketAddress address, final Throwable cause) {
        return new StartException(key + " " + address.getPort() + " on " + address.getAddress().getHostAddress()
                + " is already in use (another scangate?): " + cause.getMessage(), cause);
    }
}
