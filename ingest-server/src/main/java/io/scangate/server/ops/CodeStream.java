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
 * never sits in memory. A batch with cases streams one line per unit, {@code CASECODE,UNITCODE},
 * units in serial order. Used with {@code HttpChunkedInput} and {@code ChunkedWriteHandler}, which
 * pull the next chunk only when the socket can take it.
 *
 * <p>Concurrency: confined to the ops connection's event loop.
 */
final class CodeStream implements ChunkedInput<ByteBuf> {
    private static final int CODES_PER_CHUNK = 4096;

    private final CodeAuthenticator authenticator;
    private final Batch batch;
    private final byte[] line;
    private final int unitAt;
    private long next;

    CodeStream(final CodeAuthenticator authenticator, final Batch batch) {
        this.authenticator = authenticator;
        this.batch = batch;
        this.unitAt = batch.cases() == 0 ? 0 : CodeFormat.LENGTH + 1;
        this.line = new byte[unitAt + CodeFormat.LENGTH + 1];
        if (unitAt > 0) {
            line[CodeFormat.LENGTH] = ',';
        }
        line[line.length - 1] = '\n';
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
            final long unit = next + i;
            if (unitAt > 0) {
                authenticator.issueInto(batch.keyId(), batch.firstSerial() + batch.count() + unit / batch.unitsPerCase(), line, 0);
            }
            authenticator.issueInto(batch.keyId(), batch.firstSerial() + unit, line, unitAt);
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
