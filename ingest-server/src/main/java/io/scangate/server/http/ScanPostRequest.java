package io.scangate.server.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * A {@code POST /v1/scans} read whole by {@link ScanFraming}: whether the connection stays open,
 * the body, and the {@code Idempotency-Key} header if there was one. One per connection, filled
 * again for every such request: the handler behind the decoder must be done with it when its
 * {@code channelRead} returns (as {@link ScanConnection} is).
 *
 * <p>Concurrency: event-loop confined.
 */
final class ScanPostRequest implements FramedScan {
    /** Longest {@code Idempotency-Key} this form carries: longer ones take Netty's path, which refuses them. */
    static final int MAX_KEY = 128;

    final AsciiText key = new AsciiText(MAX_KEY);
    private ByteBuf body;
    private boolean keepAlive;

    @Override
    public boolean keepAlive() {
        return keepAlive;
    }

    /** The body: valid until the next request is read into this one. */
    ByteBuf body() {
        return body;
    }

    /** The {@code Idempotency-Key} header's value, or null without one. */
    CharSequence idempotencyKey() {
        return key.orNull();
    }

    /** Starts the next request: no body, no key. */
    void begin(final ByteBufAllocator alloc, final boolean keepAlive) {
        if (body == null) {
            body = alloc.heapBuffer(512);
        }
        body.clear();
        this.keepAlive = keepAlive;
        key.clear();
    }

    void release() {
        if (body != null) {
            body.release();
            body = null;
        }
    }
}
