package io.scangate.server.ops;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.stream.ChunkedInput;
import io.scangate.verifier.batch.Batch;
import io.scangate.verifier.code.CodeAuthenticator;
import io.scangate.verifier.code.CodeFormat;

/**
 * Streams a batch's codes as text, one per line, generated on the fly in chunks: a 10M-code batch
 * never sits in memory. Used with {@code HttpChunkedInput} and {@code ChunkedWriteHandler}, which
 * pull the next chunk only when the socket can take it.
 *
 * <p>Concurrency: confined to the ops connection's event loop.
 */
final class CodeStream implements ChunkedInput<ByteBuf> {
    private static final int CODES_PER_CHUNK = 4096;

    private final CodeAuthenticator authenticator;
    private final Batch batch;
    private final byte[] line = new byte[CodeFormat.LENGTH + 1];
    private long next;

    CodeStream(final CodeAuthenticator authenticator, final Batch batch) {
        this.authenticator = authenticator;
        this.batch = batch;
        line[CodeFormat.LENGTH] = '\n';
    }

    @Override
    public boolean isEndOfInput() {
        return next >= batch.count();
    }

    @Override
    public void close() {
        next = batch.count();
    }

    @Override
    @Deprecated
    public ByteBuf readChunk(final ChannelHandlerContext ctx) {
        return readChunk(ctx.alloc());
    }

    @Override
    public ByteBuf readChunk(final ByteBufAllocator allocator) {
        if (isEndOfInput()) {
            return null;
        }
        final int n = (int) Math.min(CODES_PER_CHUNK, batch.count() - next);
        final ByteBuf chunk = allocator.buffer(n * line.length);
        for (int i = 0; i < n; i++) {
            authenticator.issueInto(batch.keyId(), batch.firstSerial() + next + i, line, 0);
            chunk.writeBytes(line);
        }
        next += n;
        return chunk;
    }

    @Override
    public long length() {
        return batch.count() * line.length;
    }

    @Override
    public long progress() {
        return next * line.length;
    }
}
