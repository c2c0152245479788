package io.scangate.server.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PrometheusTextTest {
    @Test
    void shouldReadSamplesWithEscapedLabelsAndSpecialValues() {
        final PrometheusText t = PrometheusText.parse("""
                # HELP a_total Things.
                # TYPE a_total counter
                a_total{k="x \\"y\\"",b="2"} 3.0
                g NaN
                h +Inf 1700000000000
                """);
        assertEquals("x \"y\"", t.samples().get(0).label("k"));
        assertEquals(3.0, t.sum("a_total", "b", "2"));
        assertTrue(Double.isNaN(t.samples().get(1).value()));
        assertEquals(Double.POSITIVE_INFINITY, t.sum("h"));
        assertEquals("counter", t.types().get("a_total"));
    }

    @Test
    void shouldRejectMalformedLinesNamingTheLine() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PrometheusText.parse("ok 1\nbad-name 1\n"))
                .getMessage().startsWith("line 2"));
        assertThrows(IllegalArgumentException.class, () -> PrometheusText.parse("a{k=\"v} 1\n"));
        assertThrows(IllegalArgumentException.class, () -> PrometheusText.parse("a{k=v} 1\n"));
        assertThrows(IllegalArgumentException.class, () -> PrometheusText.parse("a one\n"));
        assertThrows(IllegalArgumentException.class, () -> PrometheusText.parse("# TYPE a bogus\n"));
        assertThrows(IllegalArgumentException.class, () -> PrometheusText.parse("# TYPE a gauge\n# TYPE a gauge\n"));
    }

    @Test
    void shouldInterpolateHistogramQuantilesAsPrometheusDoes() {
        final PrometheusText t = PrometheusText.parse("""
                d_bucket{le="0.001"} 50
                d_bucket{le="0.002"} 100
                d_bucket{le="+Inf"} 100
                """);
        assertEquals(0.001, t.quantile(0.5, "d"), 1e-12);
        assertEquals(0.0019, t.quantile(0.95, "d"), 1e-12);
        assertTrue(Double.isNaN(t.quantile(0.5, "missing")));
    }

    @Test
    void quantileOfOneTransportUsesOnlyItsOwnBuckets() {
        final PrometheusText t = PrometheusText.parse("""
                d_bucket{transport="http",le="0.001"} 0
                d_bucket{transport="http",le="0.002"} 100
                d_bucket{transport="http",le="+Inf"} 100
                d_bucket{transport="udp",le="0.001"} 100
                d_bucket{transport="udp",le="0.002"} 100
                d_bucket{transport="udp",le="+Inf"} 100
                """);
        assertEquals(0.00199, t.quantile(0.99, "d", "transport", "http"), 1e-12, "no http request was under 1 ms");
        assertEquals(0.00099, t.quantile(0.99, "d", "transport", "udp"), 1e-12);
    }
}
