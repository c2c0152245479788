package io.scangate.server.http;

import io.netty.buffer.ByteBuf;
import io.scangate.server.intake.ScanFieldRules;
import io.scangate.verifier.code.CodeFormat;

/**
 * A {@code GET /c/{code}} read whole by {@link ScanFraming}: whether the connection stays open, the
 * code as the path gives it, and the headers a GET scan reads, each as it came or absent. One per
 * connection, filled again for every such request: the handler behind the decoder must be done with
 * it when its {@code channelRead} returns (as {@link ScanConnection} is). A header longer than its
 * slot takes Netty's path, which reads (and refuses) it as before.
 *
 * <p>Concurrency: event-loop confined.
 */
final class ScanGetRequest implements FramedScan {
    /** Longest code this form carries in its path: longer ones take Netty's path, which refuses them. */
    static final int MAX_CODE = CodeFormat.MAX_RAW_LENGTH;
    /**
     * Longest value of each header kept, in {@link ScanFraming}'s order: {@code Idempotency-Key},
     * {@code X-Region}, {@code X-Device-Id}, {@code User-Agent}, {@code Accept},
     * {@code Accept-Language}. Each is longer than any valid value, so a value Netty's path would
     * refuse for its length is refused the same way here.
     */
    private static final int[] CAPACITY = {ScanPostRequest.MAX_KEY, ScanFieldRules.MAX_REGION_BYTES + 1,
        2 * ScanFieldRules.MAX_ID_CHARACTERS + 1, 512, 512, 256};

    final byte[] code = new byte[MAX_CODE];
    int codeLength;
    final AsciiText key = new AsciiText(CAPACITY[0]);
    final AsciiText region = new AsciiText(CAPACITY[1]);
    final AsciiText device = new AsciiText(CAPACITY[2]);
    final AsciiText userAgent = new AsciiText(CAPACITY[3]);
    final AsciiText accept = new AsciiText(CAPACITY[4]);
    final AsciiText acceptLanguage = new AsciiText(CAPACITY[5]);
    private boolean keepAlive;

    /** The longest value kept of header {@code slot} (0: {@code Idempotency-Key}, ... as {@link #CAPACITY}). */
    static int capacity(final int slot) {
        return CAPACITY[slot];
    }

    @Override
    public boolean keepAlive() {
        return keepAlive;
    }

    /** Starts the next request with the code at {@code in}'s bytes {@code [from, to)}; its headers are set after. */
    void begin(final ByteBuf in, final int from, final int to, final boolean keepAlive) {
        codeLength = to - from;
        in.getBytes(from, code, 0, codeLength);
        this.keepAlive = keepAlive;
    }
}
