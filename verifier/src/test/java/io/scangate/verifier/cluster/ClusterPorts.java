package io.scangate.verifier.cluster;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.util.concurrent.ThreadLocalRandom;

/** Test support: a port base whose members' UDP ports are free on loopback now. */
final class ClusterPorts {
    private ClusterPorts() {
    }

    static int freeBase() {
        for (int attempt = 0; attempt < 50; attempt++) {
            // below the ephemeral range (32768..): no socket bound to port 0 is given a member's port while it is down
            final int base = 20_000 + ThreadLocalRandom.current().nextInt(120) * 100;
            if (free(base)) {
                return base;
            }
        }
        throw new IllegalStateException("no free port range");
    }

    private static boolean free(final int base) {
        for (int m = 0; m < 3; m++) {
            for (int o = 1; o <= 5; o++) {
                try (DatagramSocket s = new DatagramSocket(base + m * ClusterNode.PORTS_PER_NODE + o, InetAddress.getLoopbackAddress())) {
                    s.getLocalPort();
                } catch (final Exception e) {
                    return false;
                }
            }
        }
        return true;
    }
}
