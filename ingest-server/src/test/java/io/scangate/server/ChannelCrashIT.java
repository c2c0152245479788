package io.scangate.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Issue 14: kill -9 in the middle of a stream of role scans (cases received and shipped, units
 * installed against orders, consumer scans alongside), twice, restarting on the same data dir with
 * the default durability (sync). After each restart every role scan acknowledged before the kill is
 * in effect; every role scan left without an answer can be retried with its request id and is
 * applied at most once (no unit installed twice, no order used twice); the ledger equals a replay
 * of the journal. At the end the channel as the crashed-and-recovered server shows it equals the
 * channel after a clean stop, an offline {@code recover --verify} and another start, i.e. a replay
 * of the journal. Seed: {@code -Dscangate.crash.seed}.
 */
class ChannelCrashIT {
    private static final long SEED = Long.getLong("scangate.crash.seed", System.nanoTime());
    private static final int CYCLES = 2;
    private static final int UNITS = 600;
    private static final int PER_CASE = 50;
    private static final int CONTESTED = 20;
    private static final int SPARES = 80;
    private static final int INSTALLS_PER_CYCLE = 60;
    private static final long RESTART_BUDGET_SECONDS = 60;
    private static final String DIST = "dist-1";
    private static final List<String> STORES = List.of("store-a", "store-b");
    /** Installer → its parent store: the store its installs count for. */
    private static final Map<String, String> INSTALLERS = Map.of("mech-a1", "store-a", "mech-a2", "store-a", "mech-b1", "store-b",
            "mech-b2", "store-b");

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Map<String, String> keys = new ConcurrentHashMap<>();

    @TempDir
    Path dir;

    /** One role scan as sent: its body (request id included) and what came back, if anything. */
    private static final class Sent {
        final String actor;
        final String body;
        /** 0 while unanswered (the server died with it in flight), else the HTTP status. */
        volatile int status;
        volatile JsonNode answer;

        Sent(final String actor, final String body) {
            this.actor = actor;
            this.body = body;
        }
    }

    /** A case-level RECEIVE or SHIP and the holder it leaves the case with. */
    private record CaseOp(Sent sent, String holder) {
    }

    /** One INSTALL attempt. */
    private record Install(Sent sent, String installer, String unit, String order, boolean contested) {
    }

    private final Map<Integer, List<CaseOp>> caseOps = new ConcurrentHashMap<>();
    private final List<Install> installs = new CopyOnWriteArrayList<>();
    private final AtomicInteger rid = new AtomicInteger();
    private final Map<String, AtomicInteger> raceCursor = new ConcurrentHashMap<>();

    @Test
    void shouldKeepEveryAcknowledgedRoleScanAndApplyRetriesAtMostOnceAcrossKillNine() throws Exception {
        final long started = System.nanoTime();
        final Random random = new Random(SEED);
        final Path data = dir.resolve("data");
        List<String[]> lines = null;
        final Map<String, List<String>> ownUnits = new HashMap<>();
        final List<String> contested = new ArrayList<>();
        final List<String> spares = new ArrayList<>();
        final List<String> cases = new ArrayList<>();
        String orderProbe = null;
        for (int cycle = 0; cycle < CYCLES; cycle++) {
            final long t0 = System.nanoTime();
            try (ServerProcess server = ServerProcess.start(data)) {
                server.await("scangate listening", RESTART_BUDGET_SECONDS);
                System.out.println("channel crash start " + cycle + ": listening after " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0) + " ms");
                if (lines == null) {
                    lines = setUp(server);
                    for (final String[] l : lines) {
                        if (!cases.contains(l[0])) {
                            cases.add(l[0]);
                        }
                    }
                    final List<String> units = new ArrayList<>(lines.stream().map(l -> l[1]).toList());
                    Collections.shuffle(units, random);
                    contested.addAll(units.subList(0, CONTESTED));
                    spares.addAll(units.subList(CONTESTED, CONTESTED + SPARES));
                    orderProbe = units.get(CONTESTED + SPARES);
                    final List<String> rest = units.subList(CONTESTED + SPARES + 1, units.size());
                    final List<String> names = INSTALLERS.keySet().stream().sorted().toList();
                    for (int i = 0; i < rest.size(); i++) {
                        ownUnits.computeIfAbsent(names.get(i % names.size()), k -> new ArrayList<>()).add(rest.get(i));
                    }
                } else {
                    checkAfterRestart(server, cycle, lines, orderProbe);
                }
                drive(server, random, cases, lines, ownUnits, contested, cycle);
            }
        }
        final Map<String, String> recovered;
        try (ServerProcess server = ServerProcess.start(data)) {
            server.await("scangate listening", RESTART_BUDGET_SECONDS);
            checkAfterRestart(server, CYCLES, lines, orderProbe);
            checkContested(server, contested, spares);
            final long t1 = System.nanoTime();
            recovered = snapshot(server, lines);
            System.out.println("channel crash snapshot in " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t1) + " ms");
            final int exit = server.terminate(60);
            assertTrue((exit == 0 || exit == 143) && server.output().contains("event=stopped clean=true"), "clean stop, exit " + exit
                    + ":\n" + server.output());
        }
        final ScriptRun.Result verify = recoverVerify(data);
        assertEquals(0, verify.exit(), "recover --verify after the crashes:\n" + verify.output());
        assertTrue(verify.output().contains("verify: ledger equals a fresh replay of the journal"), verify.output());
        try (ServerProcess server = ServerProcess.start(data)) {
            server.await("scangate listening", RESTART_BUDGET_SECONDS);
            assertEquals(recovered, snapshot(server, lines), "the channel after the crashes equals a replay of the journal after a clean stop");
            server.terminate(60);
        }
        final long installed = installs.stream().filter(i -> i.sent.status == 200).count();
        System.out.println("channel crash test: seed=" + SEED + " case_ops=" + caseOps.values().stream().mapToInt(List::size).sum()
                + " installs_applied=" + installed + " install_attempts=" + installs.size()
                + " seconds=" + TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));
    }

    // ------------------------------------------------------------------ set-up and load

    private List<String[]> setUp(final ServerProcess server) throws Exception {
        actor(server, DIST, "DISTRIBUTOR", "CN-31", null);
        for (final String s : STORES) {
            actor(server, s, "STORE", "CN-33", DIST);
        }
        for (final Map.Entry<String, String> i : new java.util.TreeMap<>(INSTALLERS).entrySet()) {
            actor(server, i.getKey(), "INSTALLER", "CN-33", i.getValue());
        }
        final JsonNode batch = admin(server, "POST", "/admin/batches", "{\"sku\":\"CHAN-CRASH\",\"gtin\":\"06901234567892\",\"region\":\"CN\","
                + "\"count\":" + UNITS + ",\"unitsPerCase\":" + PER_CASE + "}");
        final HttpResponse<String> codes = client.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.opsPort + "/admin/batches/" + batch.get("batchId").asLong() + "/codes"))
                .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + TestServer.TOKEN).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, codes.statusCode(), codes.body());
        final List<String[]> lines = codes.body().lines().map(l -> l.split(",")).toList();
        assertEquals(UNITS, lines.size());
        assertEquals(UNITS / PER_CASE, lines.stream().map(l -> l[0]).distinct().count());
        return lines;
    }

    private void actor(final ServerProcess server, final String id, final String role, final String region, final String parent)
            throws Exception {
        final JsonNode a = admin(server, "POST", "/admin/actors", "{\"id\":\"" + id + "\",\"role\":\"" + role + "\",\"region\":\"" + region
                + "\"" + (parent == null ? "" : ",\"parent\":\"" + parent + "\"") + "}");
        keys.put(id, a.get("key").asText());
    }

    /** One cycle: distributors, installers and a consumer at once, until a kill -9 at a random moment. */
    private void drive(final ServerProcess server, final Random random, final List<String> cases, final List<String[]> lines,
                       final Map<String, List<String>> ownUnits, final List<String> contested, final int cycle) throws Exception {
        final AtomicBoolean stop = new AtomicBoolean();
        final AtomicInteger acked = new AtomicInteger();
        final ExecutorService pool = Executors.newFixedThreadPool(8);
        final List<Future<?>> clients = new ArrayList<>();
        for (int d = 0; d < 2; d++) {
            final int half = d;
            final Random r = new Random(random.nextLong());
            clients.add(pool.submit(() -> distributor(server.httpPort, cases, half, r, stop, acked)));
        }
        for (final String installer : INSTALLERS.keySet().stream().sorted().toList()) {
            final Random r = new Random(random.nextLong());
            final List<String> mine = ownUnits.get(installer);
            final int from = cycle * INSTALLS_PER_CYCLE;
            clients.add(pool.submit(() -> installer(server.httpPort, installer, mine.subList(from, Math.min(mine.size(), from + INSTALLS_PER_CYCLE)),
                    contested, r, stop, acked)));
        }
        final Random c = new Random(random.nextLong());
        clients.add(pool.submit(() -> consumer(server.httpPort, lines, c, stop)));
        // mid-stream: once the stream is flowing (a slow machine's cold start is not the moment), at a random moment
        final long flowing = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (acked.get() < 10 && System.nanoTime() < flowing) {
            Thread.sleep(10);
        }
        Thread.sleep(random.nextInt(900));
        final int ackedAtKill = acked.get();
        new ProcessBuilder("kill", "-9", Long.toString(server.process.pid())).inheritIO().start().waitFor();
        assertTrue(server.process.waitFor(30, TimeUnit.SECONDS), "killed");
        stop.set(true);
        pool.shutdown();
        assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS), "clients stop");
        for (final Future<?> f : clients) {
            f.get(); // a client's assertion fails the test
        }
        assertTrue(ackedAtKill > 0, "cycle " + cycle + ": some role scans were acknowledged before the kill");
        System.out.println("channel crash cycle " + cycle + ": killed after " + ackedAtKill + " acknowledged role scans");
    }

    /** RECEIVE or SHIP (to either store) cases of one half, one at a time, each with a request id. */
    private void distributor(final int port, final List<String> cases, final int half, final Random r, final AtomicBoolean stop,
                             final AtomicInteger acked) {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        for (int n = 0; n < 400 && !stop.get() && System.nanoTime() < deadline; n++) {
            final int k = 2 * r.nextInt(cases.size() / 2) + half;
            final boolean receive = r.nextInt(4) == 0;
            final String to = STORES.get(r.nextInt(STORES.size()));
            final Sent s = new Sent(DIST, "{\"code\":\"" + cases.get(k) + "\",\"action\":\"" + (receive ? "RECEIVE" : "SHIP\",\"to\":\"" + to)
                    + "\",\"requestId\":\"d-" + rid.incrementAndGet() + "\"}");
            caseOps.computeIfAbsent(k, x -> new CopyOnWriteArrayList<>()).add(new CaseOp(s, receive ? DIST : to));
            if (!send(port, s)) {
                return;
            }
            assertEquals(200, s.status, s.body + " → " + s.answer);
            acked.incrementAndGet();
            pause(r, 5, 25);
        }
    }

    /** INSTALLs of the installer's own units (unique orders), every fourth one of a unit all installers race for. */
    private void installer(final int port, final String installer, final List<String> mine, final List<String> contested, final Random r,
                           final AtomicBoolean stop, final AtomicInteger acked) {
        int own = 0;
        final AtomicInteger race = raceCursor.computeIfAbsent(installer, k -> new AtomicInteger());
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!stop.get() && System.nanoTime() < deadline && own < mine.size()) {
            // each installer tries each contested unit once, in the same order as the others: they race
            final boolean contest = r.nextInt(4) == 0 && race.get() < contested.size();
            final String unit = contest ? contested.get(race.getAndIncrement()) : mine.get(own++);
            final boolean isContested = contest;
            final String order = "o-" + installer + "-" + unit;
            final Sent s = new Sent(installer, "{\"code\":\"" + unit + "\",\"action\":\"INSTALL\",\"order\":\"" + order
                    + "\",\"requestId\":\"i-" + rid.incrementAndGet() + "\"}");
            installs.add(new Install(s, installer, unit, order, isContested));
            if (!send(port, s)) {
                return;
            }
            if (isContested) {
                assertTrue(s.status == 200 || s.status == 409, s.body + " → " + s.status + " " + s.answer);
            } else {
                assertEquals(200, s.status, s.body + " → " + s.answer);
            }
            acked.incrementAndGet();
            pause(r, 5, 25);
        }
    }

    /** Consumer scans of random units alongside; answers are not checked here, only that the server keeps answering. */
    private void consumer(final int port, final List<String[]> lines, final Random r, final AtomicBoolean stop) {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!stop.get() && System.nanoTime() < deadline) {
            final String unit = lines.get(r.nextInt(lines.size()))[1];
            try {
                final HttpResponse<String> a = consumerScan(port, unit, "phone-" + r.nextInt(3));
                assertTrue(a.statusCode() == 200 || a.statusCode() == 503, a.statusCode() + " " + a.body());
            } catch (final IOException e) {
                return; // the server died
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            pause(r, 2, 10);
        }
    }

    /**
     * Sends {@code s} until it is answered other than 503 (overloaded: retried after a moment);
     * false if the server died first, leaving {@code s} unanswered.
     */
    private boolean send(final int port, final Sent s) {
        for (int attempt = 0; attempt < 200; attempt++) {
            final HttpResponse<String> a;
            try {
                a = role(port, s.actor, s.body);
            } catch (final IOException e) {
                return false;
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            if (a.statusCode() == 503) {
                pause(new Random(), 20, 60);
                continue;
            }
            try {
                s.answer = TestServer.JSON.readTree(a.body());
            } catch (final IOException e) {
                throw new AssertionError(s.body + " → unreadable answer " + a.statusCode() + ": " + a.body(), e);
            }
            s.status = a.statusCode();
            return true;
        }
        throw new AssertionError("still overloaded after 200 tries: " + s.body);
    }

    // ------------------------------------------------------------------ checks

    private void checkAfterRestart(final ServerProcess server, final int cycle, final List<String[]> lines, final String orderProbe)
            throws Exception {
        final long t0 = System.nanoTime();
        final JsonNode verify = admin(server, "POST", "/admin/ledger/verify", null);
        assertTrue(verify.get("matches").asBoolean(), "cycle " + cycle + ": the ledger equals a fresh journal replay: " + verify);
        // (a) acknowledged case moves: the case is where its last acknowledged move left it, or where a later one did
        for (final Map.Entry<Integer, List<CaseOp>> e : caseOps.entrySet()) {
            final List<CaseOp> ops = e.getValue();
            int lastAcked = -1;
            for (int i = 0; i < ops.size(); i++) {
                if (ops.get(i).sent.status == 200) {
                    lastAcked = i;
                }
            }
            if (lastAcked < 0) {
                continue;
            }
            final java.util.Set<String> allowed = new java.util.HashSet<>();
            for (int i = lastAcked; i < ops.size(); i++) {
                allowed.add(ops.get(i).holder);
            }
            final String holder = holderOf(server, unitOf(lines, e.getKey()));
            assertTrue(allowed.contains(holder), "cycle " + cycle + " case " + e.getKey() + ": acknowledged " + ops.get(lastAcked).sent.body
                    + " lost: holder " + holder + ", allowed " + allowed);
        }
        // (a) acknowledged installs: the unit and the order are taken, by the same installer for the same store
        for (final Install i : installs) {
            if (i.sent.status == 200) {
                checkInstalled(server, i, orderProbe, cycle);
            }
        }
        // (b) what got no answer is retried with its request id: applied once, then answered as applied
        final long unanswered = caseOps.values().stream().flatMap(List::stream).filter(op -> op.sent.status == 0).count()
                + installs.stream().filter(i -> i.sent.status == 0).count();
        System.out.println("channel crash restart " + cycle + ": retrying " + unanswered + " role scan(s) left unanswered by the kill");
        for (final CaseOp op : caseOps.values().stream().flatMap(List::stream).toList()) {
            if (op.sent.status == 0) {
                assertTrue(send(server.httpPort, op.sent), "retry answered");
                assertEquals(200, op.sent.status, "cycle " + cycle + ": retry of " + op.sent.body + " → " + op.sent.answer);
            }
        }
        for (final Map.Entry<Integer, List<CaseOp>> e : caseOps.entrySet()) {
            final List<CaseOp> ops = e.getValue();
            assertEquals(ops.get(ops.size() - 1).holder, holderOf(server, unitOf(lines, e.getKey())),
                    "cycle " + cycle + " case " + e.getKey() + ": after the retries the case is where its last move put it");
        }
        for (final Install i : installs) {
            if (i.sent.status != 0) {
                continue;
            }
            assertTrue(send(server.httpPort, i.sent), "retry answered");
            if (i.sent.status == 409) {
                assertTrue(i.contested, "cycle " + cycle + ": retry of " + i.sent.body + " refused, though only it installs that unit and order"
                        + " (applied before the crash but its request id forgotten?): " + i.sent.answer);
                assertTrue(!i.installer.equals(i.sent.answer.get("installedBy").asText()), "cycle " + cycle + ": retry of " + i.sent.body
                        + " refused as installed by itself: applied before the crash, request id forgotten: " + i.sent.answer);
            } else {
                assertEquals(200, i.sent.status, i.sent.body + " → " + i.sent.answer);
                checkInstalled(server, i, orderProbe, cycle);
            }
        }
        // a retry of an acknowledged role scan after the crash is answered as applied and changes nothing:
        // an old SHIP does not move its case back, an INSTALL is not refused as a second install
        final Map<Integer, String> before = new HashMap<>();
        for (final Map.Entry<Integer, List<CaseOp>> e : caseOps.entrySet()) {
            before.put(e.getKey(), holderOf(server, unitOf(lines, e.getKey())));
            final List<CaseOp> ops = e.getValue();
            for (int i = Math.max(0, ops.size() - 4); i < ops.size(); i++) {
                final Sent again = new Sent(ops.get(i).sent.actor, ops.get(i).sent.body);
                assertTrue(send(server.httpPort, again), "answered");
                assertEquals(200, again.status, "cycle " + cycle + ": retry of acknowledged " + again.body + " → " + again.answer);
            }
        }
        for (final Map.Entry<Integer, String> e : before.entrySet()) {
            assertEquals(e.getValue(), holderOf(server, unitOf(lines, e.getKey())), "cycle " + cycle + " case " + e.getKey()
                    + ": retries of acknowledged moves applied again: " + caseOps.get(e.getKey()).stream().map(op -> op.sent.body).toList());
        }
        for (final Install i : installs) {
            if (i.sent.status == 200) {
                final Sent again = new Sent(i.installer, i.sent.body);
                assertTrue(send(server.httpPort, again), "answered");
                assertEquals(200, again.status, "cycle " + cycle + ": retry of acknowledged " + again.body + " → " + again.answer);
                assertEquals(i.installer, again.answer.get("channel").get("installedBy").asText(), again.answer.toString());
                assertEquals(i.order, again.answer.get("channel").get("order").asText(), again.answer.toString());
            }
        }
        System.out.println("channel crash restart " + cycle + ": checked in " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0) + " ms");
    }

    /** An applied INSTALL: installing its unit again, or its order on another unit, is refused naming its store and installer. */
    private void checkInstalled(final ServerProcess server, final Install i, final String orderProbe, final int cycle) throws Exception {
        final String store = INSTALLERS.get(i.installer);
        final Sent again = new Sent(i.installer, "{\"code\":\"" + i.unit + "\",\"action\":\"INSTALL\",\"order\":\"chk-" + rid.incrementAndGet()
                + "\"}");
        assertTrue(send(server.httpPort, again), "answered");
        assertEquals(409, again.status, "cycle " + cycle + ": acknowledged " + i.sent.body + " by " + i.installer + " lost: " + again.answer);
        assertEquals("ALREADY_INSTALLED", again.answer.get("error").asText(), again.answer.toString());
        assertEquals(store, again.answer.get("store").asText(), "cycle " + cycle + ": " + i.sent.body);
        assertEquals(i.installer, again.answer.get("installedBy").asText(), "cycle " + cycle + ": " + i.sent.body);
        final Sent order = new Sent(i.installer, "{\"code\":\"" + orderProbe + "\",\"action\":\"INSTALL\",\"order\":\"" + i.order + "\"}");
        assertTrue(send(server.httpPort, order), "answered");
        assertEquals(409, order.status, "cycle " + cycle + ": the order of acknowledged " + i.sent.body + " lost: " + order.answer);
        assertEquals(store, order.answer.get("store").asText(), "cycle " + cycle + ": " + i.sent.body);
        assertEquals(i.installer, order.answer.get("installedBy").asText(), "cycle " + cycle + ": " + i.sent.body);
    }

    /**
     * Units all installers raced for, every attempt answered by now: exactly one install per unit, the one
     * the consumer sees; the losers' orders were never used (each installs a spare unit now).
     */
    private void checkContested(final ServerProcess server, final List<String> contested, final List<String> spares) throws Exception {
        int spare = 0;
        for (final String unit : contested) {
            final List<Install> tries = installs.stream().filter(i -> i.unit.equals(unit)).toList();
            if (tries.isEmpty()) {
                continue;
            }
            final List<Install> won = tries.stream().filter(i -> i.sent.status == 200).toList();
            assertEquals(1, won.size(), "unit " + unit + " installed exactly once: " + tries.stream().map(i -> i.sent.body + "→"
                    + i.sent.status).toList());
            final JsonNode channel = consumerChannel(server, unit);
            assertEquals(won.get(0).installer, channel.get("installedBy").asText(), channel.toString());
            assertEquals(INSTALLERS.get(won.get(0).installer), channel.get("installStore").asText(), channel.toString());
            for (final Install lost : tries) {
                if (lost.sent.status == 200) {
                    continue;
                }
                assertEquals(409, lost.sent.status, lost.sent.body);
                final Sent probe = new Sent(lost.installer, "{\"code\":\"" + spares.get(spare++) + "\",\"action\":\"INSTALL\",\"order\":\""
                        + lost.order + "\"}");
                assertTrue(send(server.httpPort, probe), "answered");
                assertEquals(200, probe.status, "the refused " + lost.sent.body + " used its order anyway: " + probe.answer);
            }
        }
    }

    /** Where every unit stands, as consumer scans show it (holder, distributor, store, installer, install store). */
    private Map<String, String> snapshot(final ServerProcess server, final List<String[]> lines) throws Exception {
        final Map<String, String> view = new ConcurrentHashMap<>();
        final ExecutorService pool = Executors.newFixedThreadPool(8);
        final List<Future<?>> done = new ArrayList<>();
        for (final String[] l : lines) {
            done.add(pool.submit(() -> {
                final JsonNode c = consumerChannel(server, l[1]);
                view.put(l[1], c == null ? "-" : c.toString());
                return null;
            }));
        }
        for (final Future<?> f : done) {
            f.get();
        }
        pool.shutdown();
        return new java.util.TreeMap<>(view);
    }

    private String holderOf(final ServerProcess server, final String unit) throws Exception {
        final JsonNode c = consumerChannel(server, unit);
        return c == null || c.get("holder").isNull() ? null : c.get("holder").asText();
    }

    /** The "channel" of a consumer scan of {@code unit} (null if the channel never placed it), retried while overloaded. */
    private JsonNode consumerChannel(final ServerProcess server, final String unit) throws Exception {
        for (int attempt = 0; attempt < 200; attempt++) {
            final HttpResponse<String> a = consumerScan(server.httpPort, unit, "checker");
            if (a.statusCode() == 503) {
                Thread.sleep(50);
                continue;
            }
            assertEquals(200, a.statusCode(), a.body());
            return TestServer.JSON.readTree(a.body()).get("channel");
        }
        throw new AssertionError("consumer scan of " + unit + " still overloaded");
    }

    private static String unitOf(final List<String[]> lines, final int caseIndex) {
        return lines.get(caseIndex * PER_CASE)[1];
    }

    // ------------------------------------------------------------------ HTTP and processes

    private HttpResponse<String> role(final int port, final String actor, final String body) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/channel/scans"))
                .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + keys.get(actor))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> consumerScan(final int port, final String unit, final String device) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/scans"))
                .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"code\":\"" + unit + "\",\"device\":\"" + device + "\",\"region\":\"CN-33\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode admin(final ServerProcess server, final String method, final String path, final String body) throws Exception {
        final HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.opsPort + path))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + TestServer.TOKEN)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(r.statusCode() / 100 == 2, method + " " + path + " answered " + r.statusCode() + ": " + r.body());
        return TestServer.JSON.readTree(r.body());
    }

    /** {@code scangate recover --verify} on the stopped server's data dir, as bin/scangate runs it (same settings as the server). */
    private static ScriptRun.Result recoverVerify(final Path data) throws Exception {
        final ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "@" + ServerProcess.ROOT.resolve("config/jvm.options"), "-Xmx512m",
                "-jar", ServerProcess.ROOT.resolve("ingest-server/target/scangate-server.jar").toString(),
                "recover", "--data-dir", data.toString(), "--verify").redirectErrorStream(true);
        pb.environment().put("SCANGATE_ADMIN_TOKEN", TestServer.TOKEN);
        pb.environment().put("SCANGATE_LEDGER_ENTRIES", "100000");
        final Process p = pb.start();
        final byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "recover finished");
        return new ScriptRun.Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    private static void pause(final Random r, final int min, final int max) {
        try {
            Thread.sleep(min + r.nextInt(max - min));
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
