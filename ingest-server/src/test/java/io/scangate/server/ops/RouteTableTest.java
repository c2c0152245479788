package io.scangate.server.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.netty.handler.codec.http.HttpMethod;

/** Lookups in the route table: a handler with its captures, an unknown path, or the methods a path has. */
class RouteTableTest {
    private final RouteTable<String> table = RouteTable.<String>builder()
            .add(HttpMethod.GET, "/admin/batches", "list")
            .add(HttpMethod.POST, "/admin/batches", "create")
            .add(HttpMethod.GET, "/admin/batches/{id}", "show")
            .add(HttpMethod.GET, "/admin/batches/{id}/codes", "codes")
            .add(HttpMethod.POST, "/admin/codes/{code}/void", "void")
            .add(HttpMethod.GET, "/admin/campaigns/new", "template")
            .add(HttpMethod.GET, "/admin/campaigns/{id}", "campaign")
            .add(HttpMethod.POST, "/admin/campaigns/{id}", "update")
            .add(HttpMethod.POST, "/admin/ledger/verify", "verify")
            .build();

    @Test
    void shouldFindTheRouteForMethodAndPathWithItsCaptures() {
        final RouteTable.Match<String> show = table.match(HttpMethod.GET, "/admin/batches/42");
        assertTrue(show.found());
        assertEquals("show", show.handler());
        assertEquals(Map.of("id", "42"), show.captures());
        assertEquals("codes", table.match(HttpMethod.GET, "/admin/batches/42/codes").handler());
        assertEquals("create", table.match(HttpMethod.POST, "/admin/batches").handler());
        assertEquals(Map.of(), table.match(HttpMethod.POST, "/admin/batches").captures());
    }

    @Test
    void shouldHandCapturesOverRawForTheHandlerToDecode() {
        assertEquals(Map.of("code", "AB%2DCD"), table.match(HttpMethod.POST, "/admin/codes/AB%2DCD/void").captures());
    }

    @Test
    void shouldLetTheFirstRouteRegisteredWinWhenALiteralAndACaptureBothMatch() {
        assertEquals("template", table.match(HttpMethod.GET, "/admin/campaigns/new").handler());
        assertEquals("campaign", table.match(HttpMethod.GET, "/admin/campaigns/summer").handler());
        assertEquals("update", table.match(HttpMethod.POST, "/admin/campaigns/new").handler(), "the capture route takes POST");
    }

    @Test
    void shouldSayAPathNoRouteHasIsUnknown() {
        for (final String path : new String[] {"/admin", "/admin/", "/admin/nothing", "/admin/batches/42/codes/more",
                "/admin/batches/42/void", "/admin/batches//codes", "/Admin/batches"}) {
            final RouteTable.Match<String> m = table.match(HttpMethod.GET, path);
            assertFalse(m.found(), path);
            assertNull(m.allow(), path);
        }
    }

    @Test
    void shouldNameEveryMethodOfAKnownPathInTheOrderRegistered() {
        final RouteTable.Match<String> m = table.match(HttpMethod.DELETE, "/admin/batches");
        assertFalse(m.found());
        assertEquals("GET, POST", m.allow());
        assertEquals("POST", table.match(HttpMethod.GET, "/admin/ledger/verify").allow());
        assertEquals("GET", table.match(HttpMethod.HEAD, "/admin/batches/7").allow(), "HEAD is not GET");
        assertEquals("GET, POST", table.match(HttpMethod.PUT, "/admin/campaigns/new").allow(), "methods of every matching route");
    }

    @Test
    void shouldIgnoreATrailingSlashAsTheOpsPortAlwaysHas() {
        assertEquals("list", table.match(HttpMethod.GET, "/admin/batches/").handler());
        assertEquals("show", table.match(HttpMethod.GET, "/admin/batches/42/").handler());
    }

    @Test
    void shouldRefuseARouteRegisteredTwiceOrAMalformedPattern() {
        final RouteTable.Builder<String> b = RouteTable.<String>builder().add(HttpMethod.GET, "/a/{id}", "x");
        assertThrows(IllegalArgumentException.class, () -> b.add(HttpMethod.GET, "/a/{id}", "y"));
        assertThrows(IllegalArgumentException.class, () -> b.add(HttpMethod.GET, "a/b", "y"));
        assertThrows(IllegalArgumentException.class, () -> b.add(HttpMethod.GET, "/a/x{id}", "y"));
        assertThrows(IllegalArgumentException.class, () -> b.add(HttpMethod.GET, "/a/{}", "y"));
        b.add(HttpMethod.POST, "/a/{id}", "y");
    }
}
