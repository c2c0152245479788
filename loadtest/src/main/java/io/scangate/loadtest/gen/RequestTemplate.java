package io.scangate.loadtest.gen;

import java.nio.charset.StandardCharsets;

import io.netty.buffer.ByteBuf;

/**
 * The one request shape of a run, as precomputed bytes with three holes: the code, the device and
 * (for a POST) the body length. Encoding a request copies four or five byte ranges and at most
 * three length digits; nothing is formatted or allocated besides the buffer itself.
 *
 * <pre>
 * POST: "POST /v1/scans HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nContent-Type: application/json\r\nContent-Length: "
 *       LEN "\r\n\r\n{\"code\":\"" CODE "\",\"device\":\"" DEVICE ["\",\"consumer\":\"" DEVICE] "\",\"region\":\"CN-31\"}"
 * GET:  "GET /c/" CODE " HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nAccept: application/json\r\nX-Region: CN-31\r\nX-Device-Id: "
 *       DEVICE "\r\n\r\n"
 * </pre>
 *
 * <p>Concurrency: immutable; shared by every event loop.
 */
final class RequestTemplate {
    static final String REGION = "CN-31";

    private final boolean post;
    private final byte[] head;
    private final byte[] afterLength;
    private final byte[] afterCode;
    private final byte[] tail;
    /** POST with a consumer: the bytes between the device and the consumer id (the device's name again); null without. */
    private final byte[] afterDevice;
    /** POST: the body's bytes besides the code and the device. */
    private final int fixedBody;

    private RequestTemplate(final boolean post, final String head, final String afterLength, final String afterCode, final String afterDevice,
                            final String tail) {
        this.post = post;
        this.afterDevice = afterDevice == null ? null : ascii(afterDevice);
        this.head = ascii(head);
        this.afterLength = ascii(afterLength);
        this.afterCode = ascii(afterCode);
        this.tail = ascii(tail);
        this.fixedBody = post ? afterLength.length() - 4 + afterCode.length() + tail.length()
                + (afterDevice == null ? 0 : afterDevice.length()) : 0;
    }

    /**
     * A POST of a JSON scan to {@code path}, or a GET if {@code path} contains {@code {code}}; with
     * {@code withConsumer} the POST's body also names the device as its consumer.
     */
    static RequestTemplate of(final String host, final int port, final String path, final boolean withConsumer) {
        final String hostLine = "Host: " + host + ":" + port + "\r\n";
        final int at = path.indexOf(LoadConfig.CODE_PLACEHOLDER);
        if (at < 0) {
            return new RequestTemplate(true,
                    "POST " + path + " HTTP/1.1\r\n" + hostLine + "Content-Type: application/json\r\nContent-Length: ",
                    "\r\n\r\n{\"code\":\"",
                    "\",\"device\":\"",
                    withConsumer ? "\",\"consumer\":\"" : null,
                    "\",\"region\":\"" + REGION + "\"}");
        }
        return new RequestTemplate(false,
                "GET " + path.substring(0, at),
                "",
                path.substring(at + LoadConfig.CODE_PLACEHOLDER.length()) + " HTTP/1.1\r\n" + hostLine
                        + "Accept: application/json\r\nX-Region: " + REGION + "\r\nX-Device-Id: ",
                null, "\r\n\r\n");
    }

    /** Bytes of the longest request with codes and devices of at most these lengths. */
    int maxLength(final int maxCode, final int maxDevice) {
        return head.length + 3 + afterLength.length + maxCode + afterCode.length + maxDevice + tail.length
                + (afterDevice == null ? 0 : afterDevice.length + maxDevice);
    }

    /** Appends the request carrying {@code choice} to {@code out}. */
    void encode(final ByteBuf out, final AsciiTable codes, final AsciiTable devices, final RequestMix.Choice choice) {
        out.writeBytes(head);
        if (post) {
            writeLength(out, fixedBody + codes.length(choice.code) + devices.length(choice.device) * (afterDevice == null ? 1 : 2));
        }
        out.writeBytes(afterLength);
        final int codeAt = out.writerIndex();
        codes.writeTo(choice.code, out);
        if (choice.forgedOffset >= 0) {
            out.setByte(codeAt + choice.forgedOffset, choice.forgedChar);
        }
        out.writeBytes(afterCode);
        devices.writeTo(choice.device, out);
        if (afterDevice != null) {
            out.writeBytes(afterDevice);
            devices.writeTo(choice.device, out);
        }
        out.writeBytes(tail);
    }

    private static void writeLength(final ByteBuf out, final int length) {
        // At most 3 digits: the body is bounded by the 64-byte code and the short device name.
        if (length >= 100) {
            out.writeByte('0' + length / 100);
        }
        if (length >= 10) {
            out.writeByte('0' + length / 10 % 10);
        }
        out.writeByte('0' + length % 10);
    }

    private static byte[] ascii(final String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
