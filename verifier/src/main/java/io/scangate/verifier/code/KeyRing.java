package io.scangate.verifier.code;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import io.scangate.verifier.fs.AtomicFile;

/**
 * The 128-bit secrets behind code tags, one per key id, kept in {@code <data dir>/keys} (mode
 * 0600). Rotation adds a key id; old ones stay so that printed codes keep verifying. Secrets never
 * leave this class except through {@link #tag(long)}.
 *
 * <p>Concurrency: read by every event loop, written only by {@link #rotate()} which publishes a
 * new immutable table through a volatile field.
 */
public final class KeyRing {
    public static final String FILE_NAME = "keys";
    private static final int KEY_IDS = 1 << CodeFormat.KEY_ID_BITS;

    private final Path file;
    private volatile Table table;

    private KeyRing(final Path file, final Table table) {
        this.file = file;
        this.table = table;
    }

    /** Loads {@code <dataDir>/keys}, creating it with one fresh key (key id 1) if absent. */
    public static KeyRing openOrCreate(final Path dataDir) {
        final Path file = dataDir.resolve(FILE_NAME);
        try {
            if (Files.exists(file)) {
                return new KeyRing(file, parse(Files.readAllLines(file, StandardCharsets.US_ASCII), file));
            }
            final Table table = new Table(new long[KEY_IDS], new long[KEY_IDS], new boolean[KEY_IDS], 0).with(1, new SecureRandom());
            write(file, table);
            return new KeyRing(file, table);
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot read or create key file " + file, e);
        }
    }

    /** An in-memory ring with the given secrets (tests, benchmarks, tools). */
    public static KeyRing of(final int keyId, final long k0, final long k1) {
        final long[] a = new long[KEY_IDS];
        final long[] b = new long[KEY_IDS];
        final boolean[] present = new boolean[KEY_IDS];
        a[keyId] = k0;
        b[keyId] = k1;
        present[keyId] = true;
        return new KeyRing(null, new Table(a, b, present, keyId));
    }

    /** The key id new batches are issued under: the newest one. */
    public int currentKeyId() {
        return table.current;
    }

    public boolean hasKey(final int keyId) {
        return keyId >= 0 && keyId < KEY_IDS && table.present[keyId];
    }

    /** The 48-bit tag of a code id under its key id's secret; the key id must exist. */
    public long tag(final long codeId) {
        final Table t = table;
        final int keyId = CodeFormat.keyIdOf(codeId);
        if (!t.present[keyId]) {
            throw new IllegalArgumentException("no key with id " + keyId);
        }
        return SipHash.hash(t.k0[keyId], t.k1[keyId], codeId) >>> (64 - CodeFormat.TAG_BITS);
    }

    /** Adds a new key id with a fresh secret and makes it current. */
    public synchronized int rotate() {
        final Table t = table;
        final int next = t.current + 1;
        if (next >= KEY_IDS) {
            throw new IllegalStateException("all " + KEY_IDS + " key ids are used");
        }
        final Table rotated = t.with(next, new SecureRandom());
        if (file != null) {
            try {
                write(file, rotated);
            } catch (final IOException e) {
                throw new UncheckedIOException("cannot write key file " + file, e);
            }
        }
        table = rotated;
        return next;
    }

    private static Table parse(final List<String> lines, final Path file) {
        final long[] k0 = new long[KEY_IDS];
        final long[] k1 = new long[KEY_IDS];
        final boolean[] present = new boolean[KEY_IDS];
        int current = -1;
        for (final String raw : lines) {
            final String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            final int colon = line.indexOf(':');
            final int id;
            final byte[] secret;
            try {
                id = Integer.parseInt(line.substring(0, colon));
                secret = HexFormat.of().parseHex(line.substring(colon + 1));
            } catch (final RuntimeException e) {
                throw new IllegalStateException("key file " + file + " has a malformed line (expected keyId:32 hex digits)");
            }
            if (id < 0 || id >= KEY_IDS || secret.length != 16) {
                throw new IllegalStateException("key file " + file + " has a key id outside 0..255 or a secret that is not 16 bytes");
            }
            k0[id] = toLong(secret, 0);
            k1[id] = toLong(secret, 8);
            present[id] = true;
            current = Math.max(current, id);
        }
        if (current < 0) {
            throw new IllegalStateException("key file " + file + " holds no key");
        }
        return new Table(k0, k1, present, current);
    }

    private static void write(final Path file, final Table table) throws IOException {
        final StringBuilder sb = new StringBuilder("# scangate code secrets: keyId:secret. Keep private; never edit a line.\n");
        final HexFormat hex = HexFormat.of();
        final byte[] buf = new byte[16];
        for (int id = 0; id < KEY_IDS; id++) {
            if (table.present[id]) {
                putLong(buf, 0, table.k0[id]);
                putLong(buf, 8, table.k1[id]);
                sb.append(id).append(':').append(hex.formatHex(buf)).append('\n');
            }
        }
        AtomicFile.write(file, sb.toString().getBytes(StandardCharsets.US_ASCII), true);
    }

    private static long toLong(final byte[] b, final int off) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (b[off + i] & 0xFF);
        }
        return v;
    }

    private static void putLong(final byte[] b, final int off, final long v) {
        for (int i = 0; i < 8; i++) {
            b[off + i] = (byte) (v >>> (56 - 8 * i));
        }
    }

    private static final class Table {
        final long[] k0;
        final long[] k1;
        final boolean[] present;
        final int current;

        Table(final long[] k0, final long[] k1, final boolean[] present, final int current) {
            this.k0 = k0;
            this.k1 = k1;
            this.present = present;
            this.current = current;
        }

        Table with(final int id, final SecureRandom random) {
            final long[] a = k0.clone();
            final long[] b = k1.clone();
            final boolean[] p = present.clone();
            a[id] = random.nextLong();
            b[id] = random.nextLong();
            p[id] = true;
            return new Table(a, b, p, id);
        }
    }

    @Override
    public String toString() {
        return "KeyRing{current=" + table.current + "}"; // never the secrets
    }
}
