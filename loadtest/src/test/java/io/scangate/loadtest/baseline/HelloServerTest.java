package io.scangate.loadtest.baseline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.Test;

class HelloServerTest {

    @Test
    void shouldAnswerAScanPostWithTheFixedJson() throws Exception {
        try (HelloServer server = HelloServer.start(0, 2)) {
            final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            final HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/v1/scans"))
                    .timeout(Duration.ofSeconds(5))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"code\":\"X\",\"device\":\"d\"}"))
                    .build();

            final HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());

            assertEquals(200, response.statusCode());
            assertEquals("application/json", response.headers().firstValue("content-type").orElse(""));
            assertEquals(HelloServer.BODY, response.body());
        }
    }

    @Test
    void shouldAnswerPipelinedRequestsInOrderOnOneConnection() throws Exception {
        try (HelloServer server = HelloServer.start(0, 1);
             Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            socket.setSoTimeout(5000);
            final String one = "POST /v1/scans HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}";
            final OutputStream out = socket.getOutputStream();
            out.write((one + one + "GET /c/ABC HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();

            final InputStream in = socket.getInputStream();
            final ByteArrayOutputStream all = new ByteArrayOutputStream();
            final byte[] buf = new byte[4096];
            for (int n = in.read(buf); n >= 0 && all.size() < 1 << 20; n = in.read(buf)) {
                all.write(buf, 0, n);
            }
            final String text = all.toString(StandardCharsets.US_ASCII);
            assertEquals(3, text.split("HTTP/1.1 200 OK", -1).length - 1, text);
            assertTrue(text.endsWith(HelloServer.BODY), "closed after the third answer: " + text);
        }
    }
}
