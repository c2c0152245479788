package io.scangate.verifier.journal;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import io.scangate.verifier.fs.AtomicFile;
import io.scangate.verifier.fs.FileCrc;

/**
 * {@code <data dir>/checkpoint}: the journal position whose effects are all in the ledger, whether
 * the last stop was clean, and the boot it was written in. The server writes it unclean at start
 * and clean at a clean stop; after a clean stop the ledger is opened as it is and the journal
 * replayed from {@link #position()} (nothing, normally); after any other stop the ledger is rebuilt
 * from the whole journal (see {@link Recovery}).
 */
public record Checkpoint(long position, boolean clean, String bootId, long ledgerCrc, int ledgerFormat) {
    public static final String FILE_NAME = "checkpoint";
    /** No ledger checksum recorded (a running or crashed server). */
    public static final long NO_CRC = -1;
    /**
     * Layout of the ledger's values this version writes: 1 = the 48-byte record of the first
     * release, 2 = 64 bytes with the clone sketch and the last position. A ledger of another format is rebuilt.
     */
    public static final int LEDGER_FORMAT = 2;

    /** A checkpoint of this version's ledger format. */
    public Checkpoint(final long position, final boolean clean, final String bootId, final long ledgerCrc) {
        this(position, clean, bootId, ledgerCrc, LEDGER_FORMAT);
    }

    /** A checkpoint without a ledger checksum. */
    public Checkpoint(final long position, final boolean clean, final String bootId) {
        this(position, clean, bootId, NO_CRC);
    }

    /**
     * CRC32C of a whole file, read sequentially (about 1 GB/s here). A clean stop records the
     * ledger's, so a ledger file damaged anywhere while the server was down is caught at start.
     */
    public static long fileCrc(final Path file) {
        return FileCrc.of(file);
    }

    /** The checkpoint in {@code dataDir}, or null if there is none. */
    public static Checkpoint read(final Path dataDir) {
        final Path file = dataDir.resolve(FILE_NAME);
        if (!Files.exists(file)) {
            return null;
        }
        final Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
            return new Checkpoint(Long.parseLong(p.getProperty("position")), Boolean.parseBoolean(p.getProperty("clean")),
                    p.getProperty("bootId", ""), Long.parseLong(p.getProperty("ledgerCrc", Long.toString(NO_CRC))),
                    Integer.parseInt(p.getProperty("ledgerFormat", "1")));
        } catch (final IOException | RuntimeException e) {
            return null; // an unreadable checkpoint is treated as none: the caller rebuilds
        }
    }

    /** Writes this checkpoint atomically (temp file, fsync, rename). */
    public void write(final Path dataDir) {
        final Path file = dataDir.resolve(FILE_NAME);
        final Properties p = new Properties();
        p.setProperty("position", Long.toString(position));
        p.setProperty("segment", Integer.toString(JournalPosition.segment(position)));
        p.setProperty("offset", Integer.toString(JournalPosition.offset(position)));
        p.setProperty("clean", Boolean.toString(clean));
        p.setProperty("bootId", bootId);
        p.setProperty("ledgerCrc", Long.toString(ledgerCrc));
        p.setProperty("ledgerFormat", Integer.toString(ledgerFormat));
        final java.io.StringWriter text = new java.io.StringWriter();
        try {
            p.store(text, "scangate checkpoint: journal position whose effects are all in the ledger");
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot write checkpoint " + file, e);
        }
        AtomicFile.write(file, text.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** This machine's boot id (Linux), or "unknown". */
    public static String currentBootId() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/random/boot_id"), StandardCharsets.US_ASCII).strip();
        } catch (final IOException | RuntimeException e) {
            return "unknown";
        }
    }
}
