package io.scangate.server.http;

import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.LastHttpContent;

/**
 * The scan port's request decoder: Netty's, with the port's size limits, that also refuses
 * obsolete line folding. Netty joins a header line starting with a space or tab onto the header
 * before it, as RFC 9112 section 5.2 allows; a proxy in front may not, and then the two read
 * different headers (a way to smuggle one request past the proxy), so a folded request is failed
 * instead (the connection answers 400 and closes, RFC 9112's other choice).
 *
 * <p>Netty consumes a request head line by line, and each {@link #decode} call ends when the head
 * is complete, so the bytes consumed while a head is pending are exactly its bytes (and the empty
 * lines Netty skips before it): a line feed followed by a space or tab among them is a fold.
 *
 * <p>Concurrency: one per connection, on its event loop.
 */
final class ScanHttpRequestDecoder extends HttpRequestDecoder {
    static final String OBS_FOLD = "obsolete line folding (a header line starting with a space or tab) is not accepted";

    /** The bytes consumed now belong to a request head: from the end of the last request to the next {@link HttpRequest}. */
    private boolean inHead = true;
    private boolean lastWasLineFeed;
    private boolean folded;

    ScanHttpRequestDecoder() {
        super(new HttpDecoderConfig().setMaxInitialLineLength(4096).setMaxHeaderSize(8192).setMaxChunkSize(8192));
    }

    @Override
    protected void decode(final ChannelHandlerContext ctx, final ByteBuf buffer, final List<Object> out) throws Exception {
        final int from = buffer.readerIndex();
        final int before = out.size();
        super.decode(ctx, buffer, out);
        if (inHead) {
            scan(buffer, from, buffer.readerIndex());
        }
        for (int i = before; i < out.size(); i++) {
            final Object message = out.get(i);
            if (message instanceof HttpRequest request) {
                if (folded && request.decoderResult().isSuccess()) {
                    request.setDecoderResult(DecoderResult.failure(new IllegalArgumentException(OBS_FOLD)));
                }
                inHead = false;
            }
            if (message instanceof LastHttpContent) {
                inHead = true;
                lastWasLineFeed = false;
                folded = false;
            }
        }
    }

    /** Looks for a fold in the head bytes {@code [from, to)} of {@code buffer}. */
    private void scan(final ByteBuf buffer, final int from, final int to) {
        for (int i = from; i < to; i++) {
            final byte b = buffer.getByte(i);
            if (lastWasLineFeed && (b == ' ' || b == '\t')) {
                folded = true;
            }
            lastWasLineFeed = b == '\n';
        }
    }
}
