package io.scangate.server.http;

/** A scan request {@link ScanFraming} read whole from the bytes, without Netty's HTTP objects. */
interface FramedScan {
    /** Whether the connection stays open after the answer. */
    boolean keepAlive();
}
