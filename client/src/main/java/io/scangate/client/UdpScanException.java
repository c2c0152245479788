package io.scangate.client;

import java.io.IOException;

/** The server refused a datagram (error response) or did not answer within the retries. */
public final class UdpScanException extends IOException {
    private final int errorCode;

    public UdpScanException(final int errorCode, final String message) {
        super(message);
        this.errorCode = errorCode;
    }

    /** The protocol's error code, or 0 when no answer came. */
    public int errorCode() {
        return errorCode;
    }
}
