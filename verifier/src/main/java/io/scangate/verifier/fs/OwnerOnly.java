package io.scangate.verifier.fs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;

/**
 * Keeps the data directory to its owner: the journal holds campaign seeds (which decide who
 * wins) and every scan, the keys file the code secrets. Directories get mode 0700, files 0600,
 * where the file system has POSIX permissions (elsewhere nothing is changed).
 */
public final class OwnerOnly {
    private static final Set<PosixFilePermission> DIRECTORY = EnumSet.of(PosixFilePermission.OWNER_READ,
            PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE);
    private static final Set<PosixFilePermission> FILE = EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

    private OwnerOnly() {
    }

    /** Restricts {@code path} (a directory or a file) to its owner. */
    public static void restrict(final Path path) {
        try {
            Files.setPosixFilePermissions(path, Files.isDirectory(path) ? DIRECTORY : FILE);
        } catch (final UnsupportedOperationException e) {
            // no POSIX permissions on this file system: nothing to restrict
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot restrict " + path + " to its owner", e);
        }
    }

    /** Whether {@code path} can be read or entered by anybody but its owner (false where there are no POSIX permissions). */
    public static boolean exposed(final Path path) {
        try {
            final Set<PosixFilePermission> p = Files.getPosixFilePermissions(path);
            p.removeAll(DIRECTORY);
            return !p.isEmpty();
        } catch (final UnsupportedOperationException e) {
            return false;
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot read the permissions of " + path, e);
        }
    }
}
