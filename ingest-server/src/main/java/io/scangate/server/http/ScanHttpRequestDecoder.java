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
 * <p>A {@code POST /v1/scans} or {@code GET /c/{code}} of the plain form {@link ScanFraming} takes
 * is read without Netty's decoder, into the connection's one {@link ScanPostRequest} or
 * {@link ScanGetRequest}, whenever Netty's decoder is between requests; every other request, and
 * every request after one Netty began, is Netty's.
 *
 * <p>Concurrency: one per connection, on its event loop.
 */
final class ScanHttpRequestDecoder extends HttpRequestDecoder {
    static final String OBS_FOLD = "obsolete line folding (a header line starting with a space or tab) is not accepted";

    /** The bytes consumed now belong to a request head: from the end of the last request to the next {@link HttpRequest}. */
    private boolean inHead = true;
    private boolean lastWasLineFeed;
    private boolean folded;
    /** Null when every request goes through Netty's decoder. */
    private final ScanFraming framing;
    private final ScanPostRequest post = new ScanPostRequest();
    private final ScanGetRequest get = new ScanGetRequest();
    /** Netty's decoder has begun a request (taken some of its bytes) and not yet ended it. */
    private boolean nettyBusy;

    /** With scan posts and GETs read by {@link ScanFraming}, bodies up to {@code maxBody} bytes. */
    ScanHttpRequestDecoder(final int maxBody) {
        this(maxBody, true);
    }

    /** {@code frameScans} false: every request through Netty's decoder (tests compare the two). */
    ScanHttpRequestDecoder(final int maxBody, final boolean frameScans) {
        super(new HttpDecoderConfig().setMaxInitialLineLength(4096).setMaxHeaderSize(8192).setMaxChunkSize(8192));
        this.framing = frameScans ? new ScanFraming(maxBody) : null;
    }

    @Override
    protected void decode(final ChannelHandlerContext ctx, final ByteBuf buffer, final List<Object> out) throws Exception {
        if (framing != null && !nettyBusy) {
            final int taken = framing.read(ctx.alloc(), buffer, post, get);
            if (taken != ScanFraming.OTHER) {
                if (taken > 0) {
                    out.add(framing.post() ? post : get);
                }
                return;
            }
        }
        final int from = buffer.readerIndex();
        final int before = out.size();
        super.decode(ctx, buffer, out);
        nettyBusy |= buffer.readerIndex() != from;
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
            nettyBusy = !(message instanceof LastHttpContent);
            if (message instanceof LastHttpContent) {
                inHead = true;
                lastWasLineFeed = false;
                folded = false;
            }
        }
    }

    @Override
    protected void handlerRemoved0(final ChannelHandlerContext ctx) throws Exception {
        post.release();
        super.handlerRemoved0(ctx);
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
