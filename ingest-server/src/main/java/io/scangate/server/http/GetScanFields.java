package io.scangate.server.http;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.scangate.server.intake.ScanFieldRules;
import io.scangate.server.intake.ScanFields;

/**
 * The scan fields a request carries outside a JSON body: a GET scan's region, device and request
 * id (headers first, then the query), and the {@code Idempotency-Key} header of a POST. Each goes
 * through the same {@link ScanFieldRules} as the body's fields, into the same {@link ScanFields}.
 */
final class GetScanFields {
    private GetScanFields() {
    }

    /**
     * Fills {@code out} (reset first) from a GET scan's headers and query; a problem detail if a
     * field is invalid. Without a device id the device is the peer address and user agent.
     */
    static String read(final HttpHeaders headers, final String uri, final SocketAddress peer, final ScanFields out) {
        out.reset();
        final String region = firstOf(headers.get("X-Region"), uri, "region");
        if (region != null && !region.isEmpty()) {
            final int n = region.length();
            if (n > out.region.length || !ascii(region, out.region) || !ScanFieldRules.region(out.region, 0, n)) {
                return ScanFieldRules.BAD_REGION;
            }
            out.regionLength = n;
        }
        String device = firstOf(headers.get("X-Device-Id"), uri, "device");
        if (device != null && !ScanFieldRules.id(device)) {
            return ScanFieldRules.BAD_DEVICE;
        }
        if (device == null) {
            final String ua = headers.get(HttpHeaderNames.USER_AGENT);
            device = peerPrefix(peer) + (ua == null ? "" : ua);
        }
        final byte[] d = device.getBytes(StandardCharsets.UTF_8);
        final String requestId = firstOf(headers.get("Idempotency-Key"), uri, "requestId");
        if (requestId != null && (d.length > out.device.length || requestId(requestId, out) != null)) {
            return ScanFieldRules.BAD_REQUEST_ID;
        }
        // a device made of peer address and user agent can be long: the reward log keeps its start
        out.deviceLength = Math.min(d.length, out.device.length);
        System.arraycopy(d, 0, out.device, 0, out.deviceLength);
        return null;
    }

    /**
     * As {@link #read(HttpHeaders, String, SocketAddress, ScanFields)} for a GET framed by
     * {@link ScanFraming} (headers only, no query; every value printable ASCII, one byte a
     * character), with {@code peerPrefix} ({@link #peerPrefix}) for the device without an id.
     * Allocates nothing.
     */
    static String read(final ScanGetRequest get, final CharSequence peerPrefix, final ScanFields out) {
        out.reset();
        final int regionLength = get.region.length();
        if (regionLength > 0) {
            if (regionLength > out.region.length || !ascii(get.region, out.region) || !ScanFieldRules.region(out.region, 0, regionLength)) {
                return ScanFieldRules.BAD_REGION;
            }
            out.regionLength = regionLength;
        }
        final CharSequence device = get.device.orNull();
        if (device != null && !ScanFieldRules.id(device)) {
            return ScanFieldRules.BAD_DEVICE;
        }
        final int deviceBytes = device != null ? device.length() : peerPrefix.length() + get.userAgent.length();
        final CharSequence requestId = get.key.orNull();
        if (requestId != null && (deviceBytes > out.device.length || requestId(requestId, out) != null)) {
            return ScanFieldRules.BAD_REQUEST_ID;
        }
        out.deviceLength = Math.min(deviceBytes, out.device.length);
        if (device != null) {
            copy(device, out.device, 0);
        } else {
            copy(get.userAgent, out.device, copy(peerPrefix, out.device, 0));
        }
        return null;
    }

    /** The start of the device a GET without a device id is counted under: {@code peer:<address>|} (its user agent follows). */
    static String peerPrefix(final SocketAddress peer) {
        return "peer:" + (peer instanceof InetSocketAddress isa ? isa.getAddress().getHostAddress() : String.valueOf(peer)) + "|";
    }

    /** Copies ASCII {@code s} into {@code into} from {@code at} as far as it fits; the index after it (as if it all fit). */
    private static int copy(final CharSequence s, final byte[] into, final int at) {
        for (int i = 0, n = s.length(); i < n && at + i < into.length; i++) {
            into[at + i] = (byte) s.charAt(i);
        }
        return at + s.length();
    }

    /** Copies a header's or query's request id into {@code out}; a problem detail if it is not a valid one. */
    static String requestId(final CharSequence id, final ScanFields out) {
        final int n = id.length();
        if (n > out.requestId.length || !ascii(id, out.requestId) || !ScanFieldRules.requestId(out.requestId, 0, n)) {
            return ScanFieldRules.BAD_REQUEST_ID;
        }
        out.requestIdLength = n;
        return null;
    }

    private static String firstOf(final String header, final String uri, final String queryName) {
        return header != null ? header : Uris.param(uri, queryName);
    }

    private static boolean ascii(final CharSequence s, final byte[] into) {
        for (int i = 0; i < s.length(); i++) {
            final char c = s.charAt(i);
            if (c >= 128) {
                return false;
            }
            into[i] = (byte) c;
        }
        return true;
    }
}
