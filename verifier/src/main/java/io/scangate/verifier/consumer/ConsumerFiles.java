package io.scangate.verifier.consumer;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import io.scangate.verifier.fs.AtomicFile;
import io.scangate.verifier.fs.FileCrc;

/**
 * The consumer table's files in the data directory and the seal a clean stop puts on them: the
 * journal position they hold every effect up to, and the checksums of what they hold. A table is
 * opened as it was only with a seal of the clean stop's position that its files still match;
 * otherwise it is rebuilt from the journal, like the ledger. The seal is removed as soon as the
 * table is opened, so a crash can never reuse it.
 *
 * <p>Concurrency: used by recovery and the clean stop, one thread.
 */
public final class ConsumerFiles {
    public static final String SLOTS_FILE = "consumers.dat";
    public static final String IDS_FILE = "consumer-ids.dat";
    public static final String SEAL_FILE = "consumers.seal";

    private ConsumerFiles() {
    }

    /**
     * The table in {@code dataDir} as sealed by the clean stop at journal {@code position}, for
     * {@code capacity} consumers; null when it cannot be used as it is, with the reason appended to
     * {@code why} (the caller rebuilds).
     */
    public static ConsumerTable openSealed(final Path dataDir, final long position, final long capacity, final StringBuilder why) {
        final Path slots = dataDir.resolve(SLOTS_FILE);
        final Path ids = dataDir.resolve(IDS_FILE);
        final Properties seal = readSeal(dataDir);
        if (seal == null) {
            why.append("no seal of a clean stop on the consumer profiles");
            return null;
        }
        if (Long.parseLong(seal.getProperty("position", "-1")) != position) {
            why.append("the consumer profiles were sealed at another journal position");
            return null;
        }
        if (Long.parseLong(seal.getProperty("capacity", "-1")) != capacity) {
            why.append("consumers.capacity changed from ").append(seal.getProperty("capacity")).append(" to ").append(capacity);
            return null;
        }
        if (!Files.exists(slots) || !Files.exists(ids) || FileCrc.of(slots) != Long.parseLong(seal.getProperty("slotsCrc", "-1"))
                || FileCrc.of(ids, Long.parseLong(seal.getProperty("idsLength", "0"))) != Long.parseLong(seal.getProperty("idsCrc", "-1"))) {
            why.append("consumer profile files do not match the checksums of the clean stop");
            return null;
        }
        try {
            return ConsumerTable.open(slots, ids, capacity);
        } catch (final RuntimeException e) {
            why.append("consumer profile files unusable: ").append(e.getMessage());
            return null;
        }
    }

    /** An empty table in {@code dataDir}, replacing whatever files were there. */
    public static ConsumerTable fresh(final Path dataDir, final long capacity) {
        unseal(dataDir);
        try {
            Files.deleteIfExists(dataDir.resolve(SLOTS_FILE));
            Files.deleteIfExists(dataDir.resolve(IDS_FILE));
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot remove the consumer profile files in " + dataDir, e);
        }
        return ConsumerTable.open(dataDir.resolve(SLOTS_FILE), dataDir.resolve(IDS_FILE), capacity);
    }

    /** Removes the seal: the table is in use and a crash must rebuild it. */
    public static void unseal(final Path dataDir) {
        try {
            Files.deleteIfExists(dataDir.resolve(SEAL_FILE));
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot remove " + dataDir.resolve(SEAL_FILE), e);
        }
    }

    /** Closes {@code table} (its files forced to disk) and seals it as holding every effect up to journal {@code position}. */
    public static void closeAndSeal(final Path dataDir, final ConsumerTable table, final long position) {
        final long idsLength = OffHeapChunks.HEADER + table.arenaBytes();
        final long capacity = table.capacity();
        table.close();
        final Properties p = new Properties();
        p.setProperty("position", Long.toString(position));
        p.setProperty("capacity", Long.toString(capacity));
        p.setProperty("slotsCrc", Long.toString(FileCrc.of(dataDir.resolve(SLOTS_FILE))));
        p.setProperty("idsLength", Long.toString(idsLength));
        p.setProperty("idsCrc", Long.toString(FileCrc.of(dataDir.resolve(IDS_FILE), idsLength)));
        final StringWriter text = new StringWriter();
        try {
            p.store(text, "scangate consumer profiles sealed by a clean stop");
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot write " + SEAL_FILE, e);
        }
        AtomicFile.write(dataDir.resolve(SEAL_FILE), text.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static Properties readSeal(final Path dataDir) {
        final Path file = dataDir.resolve(SEAL_FILE);
        if (!Files.exists(file)) {
            return null;
        }
        final Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
            return p;
        } catch (final IOException | RuntimeException e) {
            return null;
        }
    }
}
