package io.scangate.server;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.ReadOnlyFileSystemException;

/**
 * The cause of a failure in words an operator can act on ("no such file", "permission denied",
 * "connection refused"): the JDK often throws exceptions whose message is only a path, or null.
 */
public final class Causes {
    private Causes() {
    }

    /** The first cause in {@code t}'s chain that says something, in words. */
    public static String describe(final Throwable t) {
        return describe(t, null);
    }

    /**
     * As {@link #describe(Throwable)}, with the file a file-system error is about added when it is
     * not {@code subject} itself (the file the caller's message already names).
     */
    public static String describe(final Throwable t, final Path subject) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            final String words = words(c);
            if (words != null) {
                return words + fileOf(c, subject);
            }
        }
        return t.getClass().getSimpleName();
    }

    private static String fileOf(final Throwable t, final Path subject) {
        if (!(t instanceof FileSystemException fs) || fs.getFile() == null) {
            return "";
        }
        final Path file = Path.of(fs.getFile()).toAbsolutePath().normalize();
        return subject != null && file.equals(subject.toAbsolutePath().normalize()) ? "" : " (" + file + ")";
    }

    private static String words(final Throwable t) {
        if (t instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (t instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (t instanceof NotDirectoryException) {
            return "not a directory";
        }
        if (t instanceof FileAlreadyExistsException) {
            return "a file is in the way";
        }
        if (t instanceof ReadOnlyFileSystemException) {
            return "read-only file system";
        }
        if (t instanceof FileSystemException fs) {
            return fs.getReason() != null ? fs.getReason().toLowerCase(java.util.Locale.ROOT) : null;
        }
        if (t instanceof UnresolvedAddressException || t instanceof UnknownHostException) {
            return "unknown host" + (t.getMessage() != null ? " " + t.getMessage() : "");
        }
        if (t instanceof NoRouteToHostException) {
            return "no route to host";
        }
        if (t instanceof ConnectException) {
            return "connection refused";
        }
        final String m = t.getMessage();
        return m == null || m.isBlank() ? null : m;
    }
}
