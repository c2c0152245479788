package io.scangate.verifier.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

import org.agrona.concurrent.UnsafeBuffer;

/**
 * The journal's appends on their way to the current segment: records are written into this
 * direct buffer and reach the file (the page cache) with one positional write when the journal is
 * flushed, at the end of a verifier batch. Writing through {@code pwrite} instead of a shared
 * mapping is what makes an fdatasync cheap on this kind of disk: forcing a mapped file
 * write-protects its dirty pages again (the next append faults) and, on ext4, commits the
 * filesystem journal, some 1.1-1.25 ms a force here against 0.18-0.26 ms after plain writes
 * (BENCHMARKS.md, issue 18, session 12).
 *
 * <p>Concurrency: the verifier thread only (the appending thread).
 */
final class AppendStage {
    /** Most of a batch's records fit: a full stage is written out early and goes on from empty. */
    static final int CAPACITY = 256 * 1024;

    private ByteBuffer bytes;
    private UnsafeBuffer buffer;
    private int length;

    AppendStage(final int capacity) {
        allocate(capacity);
    }

    /** The buffer the next record is written into, at {@link #length()}. */
    UnsafeBuffer buffer() {
        return buffer;
    }

    /** Bytes staged and not yet written to the file. */
    int length() {
        return length;
    }

    /** Whether a record of {@code n} more bytes fits behind what is staged. */
    boolean fits(final int n) {
        return length + n <= buffer.capacity();
    }

    /** Makes room for a record of {@code n} bytes in an empty stage (a record larger than any before). */
    void growTo(final int n) {
        if (length != 0) {
            throw new IllegalStateException("the stage grows only when empty");
        }
        if (n > buffer.capacity()) {
            allocate(n);
        }
    }

    /** A record of {@code n} bytes was written at {@link #length()}. */
    void added(final int n) {
        length += n;
    }

    /**
     * Writes every staged byte to {@code channel} at {@code position} and empties the stage; on
     * failure the bytes stay staged (the next flush tries them again).
     */
    void writeTo(final FileChannel channel, final long position) throws IOException {
        bytes.clear().limit(length);
        long at = position;
        while (bytes.hasRemaining()) {
            at += channel.write(bytes, at);
        }
        length = 0;
    }

    private void allocate(final int capacity) {
        bytes = ByteBuffer.allocateDirect(capacity);
        buffer = new UnsafeBuffer(bytes);
    }
}
