package io.scangate.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;

import io.scangate.verifier.fs.OwnerOnly;

/**
 * The data directory, held with an exclusive file lock for the life of the process so that a
 * second server on the same directory refuses to start instead of corrupting the ledger.
 *
 * <p>Concurrency: used by the lifecycle thread only.
 */
public final class DataDir implements AutoCloseable {
    public static final String LOCK_FILE = "scangate.lock";
    public static final String TOKEN_FILE = "admin-token";

    private final Path path;
    private final FileChannel lockChannel;
    private final FileLock lock;

    private DataDir(final Path path, final FileChannel lockChannel, final FileLock lock) {
        this.path = path;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /** Creates the directory if needed and locks it; fails with a clear message if it is in use. */
    public static DataDir lock(final Path dir) {
        try {
            Files.createDirectories(dir);
            OwnerOnly.restrict(dir); // keys, journal (campaign seeds, every scan) and ledger are the owner's alone
            final Path lockFile = dir.resolve(LOCK_FILE);
            final FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ);
            FileLock lock;
            try {
                lock = ch.tryLock();
            } catch (final OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                ch.close();
                String holder = "";
                try {
                    holder = Files.readString(lockFile, StandardCharsets.US_ASCII).strip();
                } catch (final IOException ignored) {
                    // the holder's pid is only a courtesy
                }
                throw new DataDirInUseException("data directory " + dir.toAbsolutePath() + " is in use by another scangate process"
                        + (holder.isEmpty() ? "" : " (pid " + holder + ")") + "; stop it or choose another --data-dir");
            }
            ch.truncate(0);
            ch.write(java.nio.ByteBuffer.wrap(Long.toString(ProcessHandle.current().pid()).getBytes(StandardCharsets.US_ASCII)));
            ch.force(false);
            return new DataDir(dir, ch, lock);
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot create or lock data directory " + dir.toAbsolutePath() + ": " + Causes.describe(e, dir), e);
        }
    }

    public Path path() {
        return path;
    }

    /** The admin token: the given one, else the one in the data dir, else a new one written there (0600). */
    public String adminToken(final String configured) {
        if (configured != null) {
            return configured;
        }
        final Path file = tokenFile();
        try {
            if (Files.exists(file)) {
                return Files.readString(file, StandardCharsets.US_ASCII).strip();
            }
            final byte[] random = new byte[24];
            new SecureRandom().nextBytes(random);
            final String token = HexFormat.of().formatHex(random);
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (final UnsupportedOperationException e) {
                Files.createFile(file);
            }
            Files.writeString(file, token + "\n", StandardCharsets.US_ASCII);
            return token;
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot read or create admin token " + file + ": " + Causes.describe(e, file), e);
        }
    }

    public Path tokenFile() {
        return path.resolve(TOKEN_FILE);
    }

    @Override
    public void close() {
        try {
            lock.release();
            lockChannel.close();
        } catch (final IOException ignored) {
            // the lock goes with the process anyway
        }
    }

    /** Another process holds the data directory. */
    public static final class DataDirInUseException extends IllegalStateException {
        DataDirInUseException(final String message) {
            super(message);
        }
    }
}
