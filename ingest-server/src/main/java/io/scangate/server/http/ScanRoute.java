package io.scangate.server.http;

import io.netty.handler.codec.http.HttpMethod;

/**
 * Where a request on the scan port goes, decided from its method and path alone: a POST scan, a
 * GET scan ({@code /c/}, {@code /01/}), OPTIONS, 404 or 405 (with the methods the path allows).
 */
enum ScanRoute {
    SCAN_POST, SCAN_GET, OPTIONS, NOT_FOUND, METHOD_NOT_ALLOWED,
    /** A request already answered (malformed, too large): the rest of it is dropped. */
    DISCARD;

    static final String POST_ALLOWS = "POST, OPTIONS";
    static final String GET_ALLOWS = "GET, HEAD, OPTIONS";

    /** The route of {@code method} on {@code path} (without query). */
    static ScanRoute of(final HttpMethod method, final String path) {
        if ("/v1/scans".equals(path)) {
            return method == HttpMethod.POST ? SCAN_POST : method == HttpMethod.OPTIONS ? OPTIONS : METHOD_NOT_ALLOWED;
        }
        if (isScanPath(path)) {
            return method == HttpMethod.GET || method == HttpMethod.HEAD ? SCAN_GET
                    : method == HttpMethod.OPTIONS ? OPTIONS : METHOD_NOT_ALLOWED;
        }
        return NOT_FOUND;
    }

    /** The methods {@code path} allows, for {@code Allow}. */
    static String allows(final String path) {
        return isScanPath(path) ? GET_ALLOWS : POST_ALLOWS;
    }

    private static boolean isScanPath(final String path) {
        return path.startsWith("/c/") || path.startsWith("/01/");
    }

    /** The status of a request the decoder could not read: 431, 414 or 413 for what was too long, else 400. */
    static int statusOf(final Throwable decoderFailure) {
        return decoderFailure instanceof io.netty.handler.codec.http.TooLongHttpHeaderException ? 431
                : decoderFailure instanceof io.netty.handler.codec.http.TooLongHttpLineException ? 414
                : decoderFailure instanceof io.netty.handler.codec.TooLongFrameException ? 413 : 400;
    }

    /** Whether an {@code Accept} header asks for JSON rather than the HTML page. */
    static boolean acceptsJson(final String accept) {
        return accept != null && (accept.contains("application/json") || accept.contains("+json"));
    }
}
