package io.scangate.verifier.cluster;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;

import io.aeron.ExclusivePublication;
import io.aeron.Image;
import io.aeron.Publication;
import io.scangate.verifier.channel.ChannelSection;
import io.scangate.verifier.consumer.ConsumerSection;
import io.scangate.verifier.journal.Restore;
import io.scangate.verifier.snapshot.BooksSection;
import io.scangate.verifier.snapshot.LedgerSection;
import io.scangate.verifier.snapshot.SnapshotReader;
import io.scangate.verifier.snapshot.SnapshotWriter;
import io.scangate.verifier.snapshot.Snapshotter;

/**
 * The service's state in a cluster snapshot, in the single-node snapshot's own format
 * (docs/SNAPSHOTS.md): written on the service thread between two messages (so exact, every
 * section at position 0), to a file, then sent through the cluster's snapshot publication in
 * fragments after its length; a member starting from a snapshot gathers the fragments into a file
 * and restores every section from it, checksums checked.
 *
 * <p>Concurrency: the service thread.
 */
final class ClusterSnapshots {
    private ClusterSnapshots() {
    }

    /** Writes {@code r}'s whole state to {@code file}. */
    static void write(final Path file, final Replica r, final long nowMillis) {
        try (SnapshotWriter w = SnapshotWriter.create(file, 0, nowMillis)) {
            LedgerSection.write(r.ledger(), w.beginSection(LedgerSection.NAME, 0));
            w.endSection();
            final ConsumerSection.Copy consumers = ConsumerSection.begin(r.consumers().table());
            final OutputStream c = w.beginSection(ConsumerSection.NAME, 0);
            consumers.writeBase(c);
            consumers.finish(c);
            w.endSection();
            Snapshotter.writeExact(w, 0, r.requests().copy(),
                    BooksSection.capture(r.batches(), r.campaigns(), r.links(), r.channel(), r.audit(), r.consumers().events()),
                    ChannelSection.capture(r.channel()), r.campaigns(), r.audit(), r.consumers().events(), r.channel());
            w.commit();
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot write the cluster snapshot " + file, e);
        }
    }

    /** Restores every section of the snapshot in {@code file} into {@code r}, which is empty. */
    static void restore(final Path file, final Replica r) {
        final SnapshotReader snap = SnapshotReader.open(file);
        Restore.ledger(snap, r.ledger());
        Restore.window(snap, r.requests());
        Restore.consumers(snap, r.consumers().table());
        Restore.books(snap, r.batches(), r.campaigns(), r.channel(), r.links(), r.audit(), r.consumers());
        r.links().publish();
    }

    /** Sends {@code file} through {@code pub}: its length (8 bytes), then its bytes in fragments of at most the publication's payload. */
    static void send(final Path file, final ExclusivePublication pub, final IdleStrategy idle) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            final int chunk = Math.min(pub.maxPayloadLength(), 1 << 16);
            final UnsafeBuffer buf = new UnsafeBuffer(ByteBuffer.allocateDirect(Math.max(chunk, 8)));
            buf.putLong(0, ch.size());
            offer(pub, buf, 8, idle);
            final ByteBuffer view = buf.byteBuffer().duplicate();
            for (long at = 0; at < ch.size(); ) {
                view.clear().limit((int) Math.min(chunk, ch.size() - at));
                final int n = ch.read(view, at);
                offer(pub, buf, n, idle);
                at += n;
            }
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot send the cluster snapshot " + file, e);
        }
    }

    private static void offer(final ExclusivePublication pub, final UnsafeBuffer buf, final int length, final IdleStrategy idle) {
        idle.reset();
        long r;
        while ((r = pub.offer(buf, 0, length)) < 0) {
            if (r == Publication.CLOSED || r == Publication.NOT_CONNECTED || r == Publication.MAX_POSITION_EXCEEDED) {
                throw new IllegalStateException("snapshot publication refused: " + Publication.errorString(r));
            }
            idle.idle();
        }
    }

    /** Gathers a snapshot sent by {@link #send} from {@code image} into {@code file}. */
    static void receive(final Image image, final Path file, final IdleStrategy idle) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            final long[] expected = {-1};
            final long[] written = {0};
            idle.reset();
            while (expected[0] < 0 || written[0] < expected[0]) {
                final int fragments = image.poll((buffer, offset, length, header) -> {
                    if (expected[0] < 0) {
                        expected[0] = buffer.getLong(offset);
                        return;
                    }
                    final byte[] bytes = new byte[length];
                    buffer.getBytes(offset, bytes);
                    try {
                        written[0] += ch.write(ByteBuffer.wrap(bytes));
                    } catch (final IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }, 16);
                if (fragments == 0) {
                    if (image.isEndOfStream() || image.isClosed()) {
                        throw new IllegalStateException("the snapshot ended after " + written[0] + " of " + expected[0] + " bytes");
                    }
                    idle.idle();
                }
            }
            ch.force(true);
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot gather the cluster snapshot into " + file, e);
        }
    }

    /** Deletes {@code file} if it is there. */
    static void delete(final Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
