package io.scangate.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;

import io.scangate.verifier.journal.DurabilityMode;
import io.scangate.verifier.ring.VerifierRing;
import io.scangate.verifier.verdict.ManyDevicesRule;
import io.scangate.verifier.verdict.OffRegionRule;
import io.scangate.verifier.verdict.TravelByCountryRule;

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
    void aDurationMayBeGivenInMillisecondsDownToItsMinimum() {
        assertEquals(100, ServerConfig.load(DEFAULT_FILE, Map.of(), Map.of("consumers.sweep.interval", "100ms")).sweepIntervalMillis);
        assertEquals(2000, ServerConfig.load(DEFAULT_FILE, Map.of(), Map.of("consumers.sweep.interval", "2s")).sweepIntervalMillis);
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ServerConfig.load(DEFAULT_FILE, Map.of(), Map.of("consumers.sweep.interval", "99ms")));
        assertTrue(e.getMessage().contains("'consumers.sweep.interval' must be a duration such as 500ms"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ServerConfig.load(DEFAULT_FILE, Map.of(), Map.of("consumers.sweep.interval", "ms")));
    }

    @Test
    void shouldNameEveryInvalidKey() {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ServerConfig.load(DEFAULT_FILE, Map.of(), Map.of("ring.wait", "spin", "ring.size", "1000", "durability", "maybe")));
        assertTrue(e.getMessage().contains("'ring.wait' must be blocking, lite or phased, was 'spin'"), e.getMessage());
        assertTrue(e.getMessage().contains("ring.size"), e.getMessage());
        assertTrue(e.getMessage().contains("durability"), e.getMessage());
    }

    @Test
    void shouldDocumentEveryKeyWithItsDefaultInTheShippedFile() throws Exception {
        final Properties shipped = new Properties();
        try (Reader r = Files.newBufferedReader(DEFAULT_FILE, StandardCharsets.UTF_8)) {
            shipped.load(r);
        }
        assertEquals(ServerConfig.DEFAULTS.keySet(), shipped.stringPropertyNames());
        for (final Map.Entry<String, String> d : ServerConfig.DEFAULTS.entrySet()) {
            assertEquals(d.getValue(), shipped.getProperty(d.getKey()), d.getKey());
        }
    }

    @Test
    void shouldReportEveryBadKeyAtOnceWithWhatItAllows() {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ServerConfig.of(Map.of(
                "io.threads", "0", "ledger.entries", "lots", "clone.max.devices", String.valueOf(ManyDevicesRule.MAX_DEVICES + 1),
                "clone.max.speed.kmh", "fast", "bind.address", " ", "http.prot", "80")));
        for (final String problem : List.of("'io.threads' must be between 1 and 64, was 0",
                "'ledger.entries' must be an integer between 1000 and 2000000000, was 'lots'",
                "'clone.max.devices' must be between 0 and 48, was 49",
                "'clone.max.speed.kmh' must be 0 (off) or an integer between 100 and 20000, was 'fast'",
                "'bind.address' must not be empty",
                "unknown key 'http.prot'")) {
            assertTrue(e.getMessage().contains(problem), problem + " in: " + e.getMessage());
        }
        assertEquals(6, e.getMessage().split("; ").length, e.getMessage());
    }

    @Test
    void shouldTakeTheRingSizeRangeFromTheRing() {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ServerConfig.of(Map.of("ring.size", "1000")));
        assertTrue(e.getMessage().contains("'ring.size' must be a power of two between " + VerifierRing.Context.SIZE_MIN + " and "
                + VerifierRing.Context.SIZE_MAX + ", was 1000"), e.getMessage());
    }

    @Test
    void shouldLetTheEnvironmentOverTheFileAndFlagsOverBoth() {
        final ServerConfig c = ServerConfig.load(DEFAULT_FILE, Map.of("SCANGATE_HTTP_PORT", "8180", "SCANGATE_OPS_PORT", "9190",
                "SCANGATE_CLONE_TRAVEL_WINDOW_MINUTES", "60"), Map.of("ops.port", "9290"));
        assertEquals(8180, c.httpPort);
        assertEquals(9290, c.opsPort);
        assertEquals(60 * 60_000L, c.cloneRules.travelWindowMillis());
        assertEquals(8081, c.udpPort);
    }

    @Test
    void shouldDeriveTheVerifierAndRingSettings() {
        final ServerConfig c = ServerConfig.of(Map.of("ring.size", "1024", "ring.wait", "lite", "clone.max.devices", "0",
                "clone.max.speed.kmh", "0", "clone.travel.window.minutes", "30", "farming.device.codes.per.hour", "7"));
        assertEquals(1024, c.ringContext().size());
        assertEquals(VerifierRing.Wait.LITE, c.ringContext().waitStrategy());
        final io.scangate.verifier.verdict.VerdictRules rules = c.verifierContext().rules();
        assertEquals(List.of(TravelByCountryRule.class, OffRegionRule.class, io.scangate.verifier.verdict.FarmingRule.class),
                rules.list().stream().map(Object::getClass).toList());
        assertEquals(7, rules.farming().settings().deviceCodesPerHour());
        assertEquals(5, rules.farming().settings().consumerDevicesPerHour(), "the default");
        assertNotSame(rules.farming(), c.verifierContext().rules().farming(), "each verifier gets tables of its own");
    }

    @Test
    void shouldTurnAntiFarmingOffAtZeroAndNameABadThreshold() {
        assertNull(ServerConfig.of(Map.of("farming.device.codes.per.hour", "0", "farming.consumer.devices.per.hour", "0"))
                .verifierContext().rules().farming());
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ServerConfig.of(Map.of("farming.consumer.devices.per.hour", "49", "farming.table.slots", "1000")));
        assertTrue(e.getMessage().contains("'farming.consumer.devices.per.hour' must be 0 (off) or between 1 and 48, was 49"),
                e.getMessage());
        assertTrue(e.getMessage().contains("'farming.table.slots' must be a power of two between 64 and 1048576"), e.getMessage());
    }
}
