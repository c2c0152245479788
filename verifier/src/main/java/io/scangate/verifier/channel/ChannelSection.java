package io.scangate.verifier.channel;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Map;

import org.agrona.collections.LongArrayList;

/**
 * The channel's section of a snapshot: what role scans, cases and diversions made of the channel
 * (each unit's position, the orders installed against, case moves, per-actor figures, the pairs
 * already logged as diverted, the recent idempotent answers) and the diversion log. The actors
 * themselves are in the books section, which recovery restores first: positions name them by id.
 *
 * <p>The state part is serialized by {@link #capture} on the verifier thread between two events
 * (exact at that position; some 60 bytes a unit with a position, so a pause of about 1 ms per
 * 20,000 such units); the diversion log's entries (immutable) are written out by the snapshot's
 * thread up to the count captured.
 *
 * <p>Concurrency: as said per method.
 */
public final class ChannelSection {
    public static final String NAME = "channel";
    private static final int MAGIC = 0x5347434E; // "SGCN"

    private ChannelSection() {
    }

    /** The channel's state at one moment, serialized, and how many diversions the log held then. */
    public record Capture(byte[] state, long diversions) {
    }

    /** Verifier thread: the state of {@code book} now. */
    public static Capture capture(final ChannelBook book) {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 12);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            book.writeState(out);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Capture(bytes.toByteArray(), book.diversions().size());
    }

    /** Snapshot thread: the section's content (the captured state, then the diversions up to the captured count). */
    public static void write(final Capture c, final ChannelBook book, final OutputStream stream) {
        try {
            final DataOutputStream out = new DataOutputStream(stream);
            out.writeInt(MAGIC);
            out.writeInt(c.state().length);
            out.write(c.state());
            out.writeLong(c.diversions());
            for (long id = 1; id <= c.diversions(); id++) {
                final byte[] json = ChannelRecords.diversionJson(book.diversions().get(id));
                out.writeInt(json.length);
                out.write(json);
            }
            out.flush();
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Restores a section read from {@code stream} into {@code book}, whose actors are restored already and which is otherwise empty. */
    public static void restore(final InputStream stream, final ChannelBook book) {
        try {
            final DataInputStream in = new DataInputStream(stream);
            if (in.readInt() != MAGIC) {
                throw new IllegalStateException("not a channel section");
            }
            final byte[] state = new byte[in.readInt()];
            in.readFully(state);
            book.readState(new DataInputStream(new java.io.ByteArrayInputStream(state)));
            final long n = in.readLong();
            for (long id = 1; id <= n; id++) {
                final byte[] json = new byte[in.readInt()];
                in.readFully(json);
                book.diversions().append(ChannelRecords.diversion(json), 0);
            }
        } catch (final IOException e) {
            throw new UncheckedIOException("channel section unreadable", e);
        }
    }

    // ---- the parts, written and read in this order by ChannelBook.writeState/readState

    static void writeUnits(final org.agrona.collections.Long2ObjectHashMap<UnitPosition> units, final DataOutputStream out) throws IOException {
        out.writeInt(units.size());
        final org.agrona.collections.Long2ObjectHashMap<UnitPosition>.EntryIterator it = units.entrySet().iterator();
        while (it.hasNext()) {
            it.next();
            final UnitPosition p = it.getValue();
            out.writeLong(it.getLongKey());
            id(out, p.holder);
            out.writeLong(p.holderTerritory);
            id(out, p.distributor);
            id(out, p.store);
            id(out, p.installer);
            id(out, p.installStore);
            text(out, p.order);
            out.writeLong(p.at);
            out.writeByte(p.last == null ? -1 : p.last.ordinal());
            out.writeLong(p.seq);
        }
    }

    static void readUnits(final DataInputStream in, final org.agrona.collections.Long2ObjectHashMap<UnitPosition> units,
                          final Map<String, Actor> actors) throws IOException {
        for (int n = in.readInt(); n > 0; n--) {
            final long code = in.readLong();
            final UnitPosition p = new UnitPosition();
            p.holder = actor(in, actors);
            p.holderTerritory = in.readLong();
            p.distributor = actor(in, actors);
            p.store = actor(in, actors);
            p.installer = actor(in, actors);
            p.installStore = actor(in, actors);
            p.order = text(in);
            p.at = in.readLong();
            p.last = Action.of(in.readByte());
            p.seq = in.readLong();
            units.put(code, p);
        }
    }

    static void writeStats(final Map<String, ActorStats> stats, final DataOutputStream out) throws IOException {
        out.writeInt(stats.size());
        for (final Map.Entry<String, ActorStats> e : stats.entrySet()) {
            final ActorStats s = e.getValue();
            out.writeUTF(e.getKey());
            for (final long v : new long[] {s.received, s.shipped, s.opened, s.sold, s.installed, s.diverted}) {
                out.writeLong(v);
            }
        }
    }

    static void readStats(final DataInputStream in, final Map<String, ActorStats> stats) throws IOException {
        for (int n = in.readInt(); n > 0; n--) {
            final ActorStats s = new ActorStats();
            final String id = in.readUTF();
            s.received = in.readLong();
            s.shipped = in.readLong();
            s.opened = in.readLong();
            s.sold = in.readLong();
            s.installed = in.readLong();
            s.diverted = in.readLong();
            stats.put(id, s);
        }
    }

    static void writeLongs(final LongArrayList values, final DataOutputStream out) throws IOException {
        out.writeInt(values.size());
        for (int i = 0; i < values.size(); i++) {
            out.writeLong(values.getLong(i));
        }
    }

    static LongArrayList readLongs(final DataInputStream in) throws IOException {
        final int n = in.readInt();
        final LongArrayList out = new LongArrayList(Math.max(n, 1), Long.MIN_VALUE);
        for (int i = 0; i < n; i++) {
            out.addLong(in.readLong());
        }
        return out;
    }

    static void text(final DataOutputStream out, final String s) throws IOException {
        out.writeBoolean(s != null);
        if (s != null) {
            out.writeUTF(s);
        }
    }

    static String text(final DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }

    private static void id(final DataOutputStream out, final Actor a) throws IOException {
        text(out, a == null ? null : a.id());
    }

    private static Actor actor(final DataInputStream in, final Map<String, Actor> actors) throws IOException {
        final String id = text(in);
        if (id == null) {
            return null;
        }
        final Actor a = actors.get(id);
        if (a == null) {
            throw new IllegalStateException("channel section names actor '" + id + "', which the books section does not hold");
        }
        return a;
    }
}
