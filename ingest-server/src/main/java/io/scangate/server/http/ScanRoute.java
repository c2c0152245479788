package io.scangate.server.http;

import io.netty.handler.codec.http.HttpMethod;

/**
 * Where a request on the scan port goes, decided from its method and path alone: a POST scan, a
 * GET scan ({@code /c/}, {@code /01/}), a role scan, OPTIONS, 404 or 405 (with the methods the path allows).
 */
enum ScanRoute {
    SCAN_POST, SCAN_GET, OPTIONS, NOT_FOUND, METHOD_NOT_ALLOWED,
    /** A channel actor's role scan, {@code POST /v1/channel/scans}. */
    ROLE_SCAN,
    /** The resolver description file, {@code GET /.well-known/gs1resolver}. */
    DESCRIPTION,
    /** A request already answered (malformed, too large): the rest of it is dropped. */
    DISCARD;

    static final String POST_ALLOWS = "POST, OPTIONS";
    static final String GET_ALLOWS = "GET, HEAD, OPTIONS";

    /** The route of {@code method} on {@code path} (without query). */
    static ScanRoute of(final HttpMethod method, final String path) {
        if ("/v1/scans".equals(path)) {
            return method == HttpMethod.POST ? SCAN_POST : method == HttpMethod.OPTIONS ? OPTIONS : METHOD_NOT_ALLOWED;
        }
        if (Resolver.DESCRIPTION_PATH.equals(path)) {
            return method == HttpMethod.GET || method == HttpMethod.HEAD ? DESCRIPTION : method == HttpMethod.OPTIONS ? OPTIONS : METHOD_NOT_ALLOWED;
        }
        if (RoleScanRequest.PATH.equals(path)) {
            return method == HttpMethod.POST ? ROLE_SCAN : method == HttpMethod.OPTIONS ? OPTIONS : METHOD_NOT_ALLOWED;
        }
        if (isScanPath(path)) {
            return method == HttpMethod.GET || method == HttpMethod.HEAD ? SCAN_GET
                    : method == HttpMethod.OPTIONS ? OPTIONS : METHOD_NOT_ALLOWED;
        }
        return NOT_FOUND;
    }

    /** Whether the body of a request on this route is kept for its handler (the POSTs). */
    boolean keepsBody() {
        return this == SCAN_POST || this == ROLE_SCAN;
    }

    /** The methods {@code path} allows, for {@code Allow}. */
    static String allows(final String path) {
        return isScanPath(path) || Resolver.DESCRIPTION_PATH.equals(path) ? GET_ALLOWS : POST_ALLOWS;
    }

    /** The {@code Allow} header line for {@code path}: built only for OPTIONS and 405, not for every scan. */
    static String allowHeader(final String path) {
        return "Allow: " + allows(path) + "\r\n";
    }

    /** An OPTIONS answer's headers: {@code Allow} and the CORS preflight answer (methods, request headers, a day's cache). */
    static String optionsHeaders(final String path) {
        return allowHeader(path) + "Access-Control-Allow-Methods: " + allows(path) + "\r\n"
                + "Access-Control-Allow-Headers: Accept, Accept-Language, Authorization, Content-Type, Idempotency-Key, X-Device-Id, X-Region\r\n"
                + "Access-Control-Max-Age: 86400\r\n";
    }

    private static boolean isScanPath(final String path) {
        return path.startsWith("/c/") || Resolver.owns(path);
    }

    /** The status of a request the decoder could not read: 431, 414 or 413 for what was too long, else 400. */
    static int statusOf(final Throwable decoderFailure) {
        return decoderFailure instanceof io.netty.handler.codec.http.TooLongHttpHeaderException ? 431
                : decoderFailure instanceof io.netty.handler.codec.http.TooLongHttpLineException ? 414
                : decoderFailure instanceof io.netty.handler.codec.TooLongFrameException ? 413 : 400;
    }

    /**
     * Why the request line and headers cannot be served as they are, or null: a version other
     * than HTTP/1.0 or 1.1 (505), or an HTTP/1.1 request without exactly one {@code Host}
     * (400, RFC 9112 section 3.2), or one with both {@code Content-Length} and
     * {@code Transfer-Encoding} (400: a smuggling attempt, RFC 9112 section 6.1).
     */
    static String refusal(final io.netty.handler.codec.http.HttpRequest request) {
        final io.netty.handler.codec.http.HttpVersion v = request.protocolVersion();
        if (v.majorVersion() != 1 || v.minorVersion() > 1) {
            return "505 HTTP version " + v.text() + " is not supported; use HTTP/1.1";
        }
        final io.netty.handler.codec.http.HttpHeaders h = request.headers();
        if (v.minorVersion() == 1 && h.getAll(io.netty.handler.codec.http.HttpHeaderNames.HOST).size() != 1) {
            return "400 an HTTP/1.1 request needs exactly one Host header";
        }
        if (h.contains(io.netty.handler.codec.http.HttpHeaderNames.CONTENT_LENGTH)
                && h.contains(io.netty.handler.codec.http.HttpHeaderNames.TRANSFER_ENCODING)) {
            return "400 Content-Length and Transfer-Encoding together are ambiguous";
        }
        return null;
    }

    /**
     * The answer format a scan request asks for: {@link PendingReply#FORMAT_JSON} when it accepts
     * JSON, else the HTML page with the {@code Accept-Language} preference in the bits above
     * ({@code FORMAT_HTML | PageLanguage.preference << 1}).
     */
    static int format(final io.netty.handler.codec.http.HttpHeaders headers) {
        return format(headers.get(io.netty.handler.codec.http.HttpHeaderNames.ACCEPT),
                headers.get(io.netty.handler.codec.http.HttpHeaderNames.ACCEPT_LANGUAGE));
    }

    /** As {@link #format(io.netty.handler.codec.http.HttpHeaders)}, from the two headers' values (null: absent). */
    static int format(final CharSequence accept, final CharSequence acceptLanguage) {
        if (acceptsJson(accept)) {
            return PendingReply.FORMAT_JSON;
        }
        return PendingReply.FORMAT_HTML | PageLanguage.preference(acceptLanguage == null ? null : acceptLanguage.toString()) << 1;
    }

    static boolean acceptsJson(final CharSequence accept) {
        return accept != null && (contains(accept, "application/json") || contains(accept, "+json"));
    }

    private static boolean contains(final CharSequence s, final String part) {
        for (int i = 0, last = s.length() - part.length(); i <= last; i++) {
            int k = 0;
            while (k < part.length() && s.charAt(i + k) == part.charAt(k)) {
                k++;
            }
            if (k == part.length()) {
                return true;
            }
        }
        return false;
    }
}
