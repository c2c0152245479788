package io.scangate.server.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/** Test support: an admin API stand-in on a loopback ephemeral port that checks the bearer token and records requests. */
final class StubAdminServer implements AutoCloseable {
    static final String TOKEN = "stub-token-0123456789";

    /** What the stub answers to one method and raw path. */
    @FunctionalInterface
    interface Route {
        void answer(HttpExchange exchange) throws IOException;
    }

    /** A request as the stub saw it; {@code path} is the raw (still encoded) path. */
    record Request(String method, String path, String authorization, String body) {
    }

    final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Map<String, Route> routes = new ConcurrentHashMap<>();
    private final HttpServer server;

    StubAdminServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    StubAdminServer on(final String method, final String rawPath, final Route route) {
        routes.put(method + " " + rawPath, route);
        return this;
    }

    StubAdminServer onJson(final String method, final String rawPath, final int status, final String json) {
        return on(method, rawPath, exchange -> send(exchange, status, "application/json", json));
    }

    static void send(final HttpExchange exchange, final int status, final String contentType, final String body) throws IOException {
        final byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    static void problem(final HttpExchange exchange, final int status, final String title, final String detail) throws IOException {
        send(exchange, status, "application/problem+json",
                "{\"type\":\"about:blank\",\"title\":\"" + title + "\",\"status\":" + status + ",\"detail\":\"" + detail + "\"}");
    }

    private void handle(final HttpExchange exchange) throws IOException {
        final String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        final String path = exchange.getRequestURI().getRawPath();
        final String auth = exchange.getRequestHeaders().getFirst("Authorization");
        requests.add(new Request(exchange.getRequestMethod(), path, auth, body));
        try (exchange) {
            if (!("Bearer " + TOKEN).equals(auth)) {
                problem(exchange, 401, "Unauthorized", "missing or wrong bearer token");
                return;
            }
            final Route route = routes.get(exchange.getRequestMethod() + " " + path);
            if (route == null) {
                problem(exchange, 404, "Not Found", "no resource at " + path);
                return;
            }
            route.answer(exchange);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
