package io.scangate.verifier.consumer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A long-addressed region of memory in chunks (1 GB mapped from a file, 1 MB of direct memory) (a mapped buffer is at most
 * 2 GB): mapped from a file after a header of {@link #HEADER} bytes, or direct memory when there is
 * no file. A chunk is mapped when first touched, so a large sparse file costs only what is used.
 * A value never straddles two chunks (callers keep their entries inside one).
 *
 * <p>Concurrency: single writer; mapping happens on the writer's thread; another thread may read
 * chunks that exist (a snapshot's copy), never make them.
 */
final class OffHeapChunks implements AutoCloseable {
    /** Chunks of 1 GB for files (mapped lazily, so the size costs nothing until used). */
    static final int FILE_CHUNK_SHIFT = 30;
    /** Chunks of 1 MB in direct memory (allocated when first touched). */
    static final int MEMORY_CHUNK_SHIFT = 20;
    static final int HEADER = 4096;

    private final int chunkShift;
    private final long chunkMask;

    private final FileChannel channel;
    private final Path file;
    /** Published whole on growth (copy on write), so a snapshot's thread may read chunks that exist while the writer adds more. */
    private volatile UnsafeBuffer[] chunks = new UnsafeBuffer[0];
    private final List<ByteBuffer> mapped = new ArrayList<>();
    private final UnsafeBuffer header;
    private final ByteBuffer headerBuffer;

    private final long limit;

    private OffHeapChunks(final Path file, final FileChannel channel, final long limit) {
        this.chunkShift = channel == null ? MEMORY_CHUNK_SHIFT : FILE_CHUNK_SHIFT;
        this.chunkMask = (1L << chunkShift) - 1;
        this.file = file;
        this.channel = channel;
        this.limit = limit;
        this.headerBuffer = channel == null ? ByteBuffer.allocateDirect(HEADER) : map(0, HEADER);
        this.header = new UnsafeBuffer(headerBuffer);
    }

    /** Chunks mapped from {@code file} (created if missing), {@code limit} bytes at most after the header. */
    static OffHeapChunks open(final Path file, final long limit) {
        try {
            final FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            io.scangate.verifier.fs.OwnerOnly.restrict(file);
            return new OffHeapChunks(file, ch, limit);
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot open " + file, e);
        }
    }

    /** Zeroed direct memory of at most {@code limit} bytes after the header, nothing on disk (tests and benchmarks). */
    static OffHeapChunks inMemory(final long limit) {
        return new OffHeapChunks(null, null, limit);
    }

    /** The header's {@link #HEADER} bytes. */
    UnsafeBuffer header() {
        return header;
    }

    /** The chunk holding {@code address} (a region address after the header), mapped or allocated when first touched. */
    UnsafeBuffer chunk(final long address) {
        final int c = (int) (address >>> chunkShift);
        final UnsafeBuffer[] cs = chunks;
        if (c < cs.length) {
            return cs[c];
        }
        return grow(c);
    }

    /** Writer: maps or allocates chunks up to {@code c}. */
    private UnsafeBuffer grow(final int c) {
        while (chunks.length <= c) {
            final int next = chunks.length;
            final long chunk = 1L << chunkShift;
            final long size = Math.min(chunk, limit - next * chunk);
            if (size <= 0) {
                throw new IllegalStateException("chunk " + c + " past the limit of " + limit + " bytes");
            }
            final ByteBuffer b = channel == null ? ByteBuffer.allocateDirect((int) size) : map(HEADER + next * chunk, size);
            mapped.add(b);
            final UnsafeBuffer[] bigger = java.util.Arrays.copyOf(chunks, next + 1);
            bigger[next] = new UnsafeBuffer(b);
            chunks = bigger;
        }
        return chunks[c];
    }

    /** The offset of {@code address} in its chunk. */
    int offset(final long address) {
        return (int) (address & chunkMask);
    }

    /** Bytes per chunk: an entry that would cross {@code address | mask} starts the next one. */
    long chunkMask() {
        return chunkMask;
    }

    private MappedByteBuffer map(final long position, final long size) {
        try {
            return channel.map(FileChannel.MapMode.READ_WRITE, position, size);
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot map " + size + " bytes of " + file + " at " + position, e);
        }
    }

    /** The file, or null in memory. */
    Path file() {
        return file;
    }

    @Override
    public void close() {
        for (final ByteBuffer b : mapped) {
            if (b instanceof MappedByteBuffer m) {
                m.force();
            }
            IoUtil.unmap(b);
        }
        mapped.clear();
        chunks = new UnsafeBuffer[0];
        if (headerBuffer instanceof MappedByteBuffer m) {
            m.force();
        }
        IoUtil.unmap(headerBuffer);
        if (channel != null) {
            try {
                channel.close();
            } catch (final IOException e) {
                throw new UncheckedIOException("cannot close " + file, e);
            }
        }
    }
}
