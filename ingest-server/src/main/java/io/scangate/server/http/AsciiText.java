package io.scangate.server.http;

import java.nio.charset.StandardCharsets;

import io.netty.buffer.ByteBuf;

/**
 * A header value a framed request carries, as characters over a reused byte array: printable
 * ASCII (checked by {@link ScanFraming}), at most the capacity given, or absent. Read as a
 * {@link CharSequence} without copying it into a String.
 *
 * <p>Concurrency: event-loop confined; one per header per connection.
 */
final class AsciiText implements CharSequence {
    private final byte[] bytes;
    private int length = -1;

    AsciiText(final int capacity) {
        this.bytes = new byte[capacity];
    }

    int capacity() {
        return bytes.length;
    }

    /** This text, or null if the request did not carry it. */
    CharSequence orNull() {
        return length < 0 ? null : this;
    }

    boolean present() {
        return length >= 0;
    }

    void clear() {
        length = -1;
    }

    /** Copies {@code in}'s bytes {@code [from, to)}, at most {@link #capacity()}. */
    void set(final ByteBuf in, final int from, final int to) {
        length = to - from;
        in.getBytes(from, bytes, 0, length);
    }

    @Override
    public int length() {
        return Math.max(length, 0);
    }

    @Override
    public char charAt(final int index) {
        if (index < 0 || index >= length) {
            throw new IndexOutOfBoundsException(index);
        }
        return (char) bytes[index];
    }

    @Override
    public CharSequence subSequence(final int start, final int end) {
        return toString().subSequence(start, end);
    }

    @Override
    public String toString() {
        return new String(bytes, 0, length(), StandardCharsets.US_ASCII);
    }
}
