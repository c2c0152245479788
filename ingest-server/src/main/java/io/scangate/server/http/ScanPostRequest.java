package io.scangate.server.http;

import java.nio.charset.StandardCharsets;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * A {@code POST /v1/scans} read whole by {@link ScanPostFraming}: whether the connection stays
 * open, the body, and the {@code Idempotency-Key} header if there was one. One per connection,
 * filled again for every such request: the handler behind the decoder must be done with it when
 * its {@code channelRead} returns (as {@link ScanConnection} is).
 *
 * <p>Concurrency: event-loop confined.
 */
final class ScanPostRequest {
    /** Longest {@code Idempotency-Key} this form carries: longer ones take Netty's path, which refuses them. */
    static final int MAX_KEY = 128;

    private final AsciiKey key = new AsciiKey();
    private ByteBuf body;
    private boolean keepAlive;

    boolean keepAlive() {
        return keepAlive;
    }

    /** The body: valid until the next request is read into this one. */
    ByteBuf body() {
        return body;
    }

    /** The {@code Idempotency-Key} header's value, or null without one. */
    CharSequence idempotencyKey() {
        return key.length < 0 ? null : key;
    }

    /** Starts the next request: no body, no key. */
    void begin(final ByteBufAllocator alloc, final boolean keepAlive) {
        if (body == null) {
            body = alloc.heapBuffer(512);
        }
        body.clear();
        this.keepAlive = keepAlive;
        key.length = -1;
    }

    /** Copies the key's bytes {@code [from, to)} of {@code in}, checked by the framing to be printable ASCII and at most {@link #MAX_KEY}. */
    void key(final ByteBuf in, final int from, final int to) {
        key.length = to - from;
        in.getBytes(from, key.bytes, 0, key.length);
    }

    void release() {
        if (body != null) {
            body.release();
            body = null;
        }
    }

    /** The key's bytes as characters, without copying them into a String. */
    private static final class AsciiKey implements CharSequence {
        private final byte[] bytes = new byte[MAX_KEY];
        private int length = -1;

        @Override
        public int length() {
            return length;
        }

        @Override
        public char charAt(final int index) {
            if (index < 0 || index >= length) {
                throw new IndexOutOfBoundsException(index);
            }
            return (char) bytes[index];
        }

        @Override
        public CharSequence subSequence(final int start, final int end) {
            return toString().subSequence(start, end);
        }

        @Override
        public String toString() {
            return new String(bytes, 0, Math.max(length, 0), StandardCharsets.US_ASCII);
        }
    }
}
