package io.scangate.server;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Test support: one raw request over a real loopback socket, and what came back, read strictly as
 * HTTP/1.1 answers. Every read is bounded by {@link #TIMEOUT_MS}. If the connection is expected
 * to stay open, a follow-up {@code OPTIONS} with {@code Connection: close} is sent after the
 * first answer, so anything answered between the two (a smuggled request) shows, and the
 * connection's end is awaited without a timeout on the happy path.
 */
final class RawHttpExchange {
    static final int TIMEOUT_MS = 5_000;
    static final String FOLLOW_UP = "OPTIONS /v1/scans HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";

    /** One answer: its status and head (status line and headers). */
    record Answer(int status, String head) {
    }

    /**
     * What came back: the first answer, the answers after it (before the follow-up's, if one was
     * sent), whether the server closed the connection right after the first answer, and the raw text.
     */
    record Result(Answer first, List<Answer> after, boolean closedAfterFirst, String raw) {
    }

    private final InputStream in;
    private final ByteArrayOutputStream seen = new ByteArrayOutputStream();
    /** Set when the server closed (end of stream or reset). */
    private boolean ended;

    private RawHttpExchange(final InputStream in) {
        this.in = in;
    }

    /** Sends {@code request} (ISO-8859-1, so any byte can be written) to 127.0.0.1:{@code port} and reads the answers. */
    static Result send(final int port, final String request, final boolean expectClose) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(TIMEOUT_MS);
            final OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            final RawHttpExchange x = new RawHttpExchange(new BufferedInputStream(s.getInputStream()));
            final Answer first = x.answer();
            if (first == null) {
                throw new AssertionError("no answer; read: " + x.text());
            }
            final List<Answer> after = new ArrayList<>();
            if (expectClose) {
                x.readAnswersToClose(after);
                return new Result(first, after, x.ended, x.text());
            }
            boolean wrote = true;
            try {
                out.write(FOLLOW_UP.getBytes(StandardCharsets.US_ASCII));
                out.flush();
            } catch (final IOException e) {
                wrote = false;
            }
            x.readAnswersToClose(after);
            final boolean followUpAnswered = wrote && !after.isEmpty() && after.get(after.size() - 1).status() == 204;
            if (followUpAnswered) {
                after.remove(after.size() - 1);
            }
            return new Result(first, after, !followUpAnswered, x.text());
        }
    }

    /** Reads answers until the server closes; fails if it does not within the timeout. */
    private void readAnswersToClose(final List<Answer> into) throws IOException {
        Answer a;
        while ((a = answer()) != null) {
            into.add(a);
        }
        if (!ended) {
            throw new AssertionError("the server did not close the connection within " + TIMEOUT_MS + " ms; read: " + text());
        }
    }

    /** The next whole answer (head, then as many body bytes as its Content-Length says), or null at the end. */
    private Answer answer() throws IOException {
        final String head = readHead();
        if (head == null) {
            return null;
        }
        if (!head.startsWith("HTTP/1.1 ") || head.length() < 12) {
            throw new AssertionError("not an HTTP/1.1 answer: " + text());
        }
        final int status = Integer.parseInt(head.substring(9, 12));
        final long length = contentLength(head);
        for (long i = 0; i < length; i++) {
            if (read() < 0) {
                throw new AssertionError("answer cut short: " + text());
            }
        }
        return new Answer(status, head);
    }

    private static long contentLength(final String head) {
        for (final String line : head.split("\r\n")) {
            final int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).equalsIgnoreCase("Content-Length")) {
                return Long.parseLong(line.substring(colon + 1).trim());
            }
        }
        return 0;
    }

    /** The bytes up to and including the blank line, as text; null if the stream ended before any. */
    private String readHead() throws IOException {
        final StringBuilder head = new StringBuilder();
        while (head.length() < 4 || !head.substring(head.length() - 4).equals("\r\n\r\n")) {
            final int b = read();
            if (b < 0) {
                if (head.length() == 0) {
                    return null;
                }
                throw new AssertionError("answer head cut short: " + text());
            }
            head.append((char) b);
        }
        return head.toString();
    }

    private int read() throws IOException {
        if (ended) {
            return -1;
        }
        final int b;
        try {
            b = in.read();
        } catch (final SocketTimeoutException e) {
            return -1;
        } catch (final IOException e) {
            // reset by the server: closed as well
            ended = true;
            return -1;
        }
        if (b < 0) {
            ended = true;
        } else {
            seen.write(b);
        }
        return b;
    }

    private String text() {
        return seen.toString(StandardCharsets.ISO_8859_1);
    }
}
