package io.scangate.server.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * A request body collected chunk by chunk up to a bound: kept for {@code POST /v1/scans}, only
 * counted for other routes (whose bodies are dropped but bounded the same way).
 *
 * <p>Concurrency: event-loop confined; one per connection.
 */
final class BodyBuffer {
    private final int maxBytes;
    private ByteBuf body;
    private int counted;

    BodyBuffer(final int maxBytes) {
        this.maxBytes = maxBytes;
    }

    int maxBytes() {
        return maxBytes;
    }

    /** Adds a chunk (kept if {@code keep}); false if the body would exceed the bound (nothing added). */
    boolean add(final ByteBufAllocator alloc, final ByteBuf chunk, final boolean keep) {
        final int have = body == null ? counted : body.readableBytes();
        if (have + chunk.readableBytes() > maxBytes) {
            return false;
        }
        if (!keep) {
            counted += chunk.readableBytes();
            return true;
        }
        if (body == null) {
            body = alloc.heapBuffer(Math.min(512, maxBytes), maxBytes);
        }
        body.writeBytes(chunk);
        return true;
    }

    /** The kept body, or null if there was none. */
    ByteBuf body() {
        return body;
    }

    /** Forgets the body (released) and the count: the next request starts empty. */
    void release() {
        counted = 0;
        if (body != null) {
            body.release();
            body = null;
        }
    }
}
