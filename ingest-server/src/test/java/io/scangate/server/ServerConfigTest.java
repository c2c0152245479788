package io.scangate.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.scangate.verifier.journal.DurabilityMode;
import io.scangate.verifier.ring.VerifierRing;

class ServerConfigTest {
    private static final Path DEFAULT_FILE = ServerProcess.ROOT.resolve("config/scangate.properties");

    @Test
    void shouldLoadTheShippedDefaultConfiguration() {
        final ServerConfig c = ServerConfig.load(DEFAULT_FILE, Map.of(), Map.of());
        assertEquals(DurabilityMode.SYNC, c.durability);
        assertEquals(VerifierRing.Wait.BLOCKING, c.ringWait);
        assertEquals(65536, c.ringSize);
    }

    @Test
    void shouldTakeTheRingWaitStrategyFromTheEnvironmentOrOverrides() {
        assertEquals(VerifierRing.Wait.LITE, ServerConfig.load(DEFAULT_FILE, Map.of("SCANGATE_RING_WAIT", "lite"), Map.of()).ringWait);
        assertEquals(VerifierRing.Wait.PHASED, ServerConfig.load(DEFAULT_FILE, Map.of(), Map.of("ring.wait", "Phased")).ringWait);
    }

    @Test
    void shouldNameEveryInvalidKey() {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ServerConfig.load(DEFAULT_FILE, Map.of(), Map.of("ring.wait", "spin", "ring.size", "1000", "durability", "maybe")));
        assertTrue(e.getMessage().contains("'ring.wait' must be blocking, lite or phased, was 'spin'"), e.getMessage());
        assertTrue(e.getMessage().contains("ring.size"), e.getMessage());
        assertTrue(e.getMessage().contains("durability"), e.getMessage());
    }
}
