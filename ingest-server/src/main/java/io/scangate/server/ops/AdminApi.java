package io.scangate.server.ops;

import java.util.Map;
import java.util.function.Consumer;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.scangate.verifier.ring.VerifierRing;

/**
 * Every admin route in one table (docs/API.md lists the same): a new route is one line here and a
 * handler method. Answers an unknown path 404 and a known path with another method 405 with
 * {@code Allow}; a handler refuses by throwing {@link AdminException}.
 *
 * <p>Concurrency: immutable once built, shared by every ops connection; {@link #answer} runs on
 * the connection's event loop.
 */
final class AdminApi {
    private final RouteTable<Consumer<AdminExchange>> routes;
    private final VerifierRing ring;

    AdminApi(final OpsContext ops) {
        this.ring = ops.ring();
        final BatchAdmin batches = new BatchAdmin(ops.batches(), ops.authenticator());
        final ChannelAdmin channel = new ChannelAdmin(ops.campaigns().rewards(), ops.diversions(), ops.authenticator());
        final CodeAdmin codes = new CodeAdmin(ops.batches(), ops.authenticator(), channel, new CodeHistory(ops.clustered() ? null : ops.journal()));
        final CampaignAdmin campaigns = new CampaignAdmin(ops.campaigns()).clustered(ops.clustered());
        final FarmingAdmin farming = new FarmingAdmin();
        final ActorAdmin actors = new ActorAdmin();
        final CaseAdmin cases = new CaseAdmin(ops.authenticator());
        final LinkAdmin links = new LinkAdmin();
        final ConsumerAdmin consumers = new ConsumerAdmin(ops.lifecycle(), ops.batches());
        final RouteTable.Builder<Consumer<AdminExchange>> routes = RouteTable.<Consumer<AdminExchange>>builder()
                .add(HttpMethod.GET, "/admin/batches", batches::list)
                .add(HttpMethod.POST, "/admin/batches", batches::create)
                .add(HttpMethod.GET, "/admin/batches/{id}", batches::show)
                .add(HttpMethod.GET, "/admin/batches/{id}/codes", batches::codes)
                .add(HttpMethod.POST, "/admin/batches/{id}/state", batches::changeState)
                .add(HttpMethod.POST, "/admin/batches/{id}/activate", batches::activate)
                .add(HttpMethod.POST, "/admin/batches/{id}/void", batches::voidBatch)
                .add(HttpMethod.PUT, "/admin/batches/{id}/meta", batches::setMeta)
                .add(HttpMethod.GET, "/admin/codes/{code}", codes::show)
                .add(HttpMethod.POST, "/admin/codes/{code}/void", codes::voidCode)
                .add(HttpMethod.POST, "/admin/codes/{code}/clear-suspect", codes::clearSuspect)
                .add(HttpMethod.GET, "/admin/campaigns", campaigns::list)
                .add(HttpMethod.POST, "/admin/campaigns", campaigns::apply)
                .add(HttpMethod.GET, "/admin/campaigns/{id}", campaigns::show)
                .add(HttpMethod.POST, "/admin/campaigns/{id}/stop", campaigns::stop)
                .add(HttpMethod.GET, "/admin/rewards", campaigns::rewards)
                .add(HttpMethod.GET, "/admin/actors", actors::list)
                .add(HttpMethod.POST, "/admin/actors", actors::create)
                .add(HttpMethod.GET, "/admin/actors/{id}", actors::show)
                .add(HttpMethod.POST, "/admin/actors/{id}/disable", actors::disable)
                .add(HttpMethod.GET, "/admin/cases/{code}", cases::show)
                .add(HttpMethod.POST, "/admin/cases/{code}/pack", cases::pack)
                .add(HttpMethod.POST, "/admin/cases/{code}/unpack", cases::unpack)
                .add(HttpMethod.GET, "/admin/actors/{id}/stats", channel::actorStats)
                .add(HttpMethod.GET, "/admin/channel/stats", channel::channelStats)
                .add(HttpMethod.GET, "/admin/diversions", channel::diversions)
                .add(HttpMethod.GET, "/admin/farming/top", farming::top)
                .add(HttpMethod.GET, "/admin/events", consumers::events)
                .add(HttpMethod.GET, "/admin/consumers", consumers::stats)
                .add(HttpMethod.GET, "/admin/consumers/{id}", consumers::show)
                .add(HttpMethod.GET, "/admin/links", links::list)
                .add(HttpMethod.PUT, "/admin/links/{gtin}", links::put)
                .add(HttpMethod.GET, "/admin/links/{gtin}", links::show)
                .add(HttpMethod.DELETE, "/admin/links/{gtin}", links::delete)
                .add(HttpMethod.PUT, "/admin/links/{gtin}/lot/{lot}", links::put)
                .add(HttpMethod.GET, "/admin/links/{gtin}/lot/{lot}", links::show)
                .add(HttpMethod.DELETE, "/admin/links/{gtin}/lot/{lot}", links::delete)
                .add(HttpMethod.PUT, "/admin/links/{gtin}/serial/{serial}", links::put)
                .add(HttpMethod.GET, "/admin/links/{gtin}/serial/{serial}", links::show)
                .add(HttpMethod.DELETE, "/admin/links/{gtin}/serial/{serial}", links::delete)
                .add(HttpMethod.GET, "/admin/audit", new AuditAdmin(ops.audit())::tail);
        this.routes = maintenance(routes, ops, codes).build();
    }

    /** The routes of maintenance (verification, snapshots, backup) and of a cluster member's view. */
    private static RouteTable.Builder<Consumer<AdminExchange>> maintenance(final RouteTable.Builder<Consumer<AdminExchange>> routes,
                                                                        final OpsContext ops, final CodeAdmin codes) {
        return routes
                .add(HttpMethod.GET, "/admin/cluster", x -> x.json(HttpResponseStatus.OK, clusterView(ops).status()))
                .add(HttpMethod.GET, "/admin/cluster/codes/{code}", x -> x.json(HttpResponseStatus.OK,
                        Map.of("code", x.segment("code"), "scanCount", clusterView(ops).scanCount(codes.issuedId(x)))))
                .add(HttpMethod.POST, "/admin/ledger/verify", x -> x.offRing(HttpResponseStatus.OK, () -> ops.maintenance().verifyLedger()))
                .add(HttpMethod.POST, "/admin/snapshot", x -> x.offRing(HttpResponseStatus.CREATED, () -> ops.maintenance().snapshot()))
                .add(HttpMethod.POST, "/admin/backup", x -> x.offRing(HttpResponseStatus.CREATED,
                        () -> ops.maintenance().backup(x.jsonBody().path("to").asText(null))));
    }

    private static ClusterView clusterView(final OpsContext ops) {
        if (ops.cluster() == null) {
            throw AdminException.notFound("not a member of a cluster (serve --cluster FILE)");
        }
        return ops.cluster();
    }

    /** Answers an authorised admin request for {@code path} (without its query). */
    void answer(final ChannelHandlerContext ctx, final FullHttpRequest request, final boolean keepAlive, final String path) {
        final RouteTable.Match<Consumer<AdminExchange>> match = routes.match(request.method(), path);
        if (!match.found()) {
            throw match.allow() == null ? AdminException.notFound("no resource at " + path) : AdminException.methodNotAllowed(match.allow());
        }
        match.handler().accept(new AdminExchange(ctx, request, keepAlive, match.captures(), ring, match.pattern()));
    }
}
