package io.scangate.verifier.channel;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Actor keys: {@code sgk_} and 32 base64url characters (192 random bits), shown once; only their
 * SHA-256 is kept. A presented key is hashed on the event loop (stateless) and travels to the
 * verifier as its digest, where it is looked up and compared in constant time.
 *
 * <p>Concurrency: stateless but for the thread-safe random source.
 */
public final class ActorKeys {
    public static final String PREFIX = "sgk_";
    /** Characters of a key after its prefix. */
    public static final int KEY_CHARS = 32;
    public static final int DIGEST_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private ActorKeys() {
    }

    /** A new random key. */
    public static String generate() {
        final byte[] bytes = new byte[KEY_CHARS * 3 / 4];
        RANDOM.nextBytes(bytes);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Whether {@code key} has a key's form (prefix, length, alphabet): anything else is refused unhashed. */
    public static boolean wellFormed(final CharSequence key) {
        if (key == null || key.length() != PREFIX.length() + KEY_CHARS) {
            return false;
        }
        for (int i = 0; i < key.length(); i++) {
            final char c = key.charAt(i);
            final boolean ok = i < PREFIX.length() ? c == PREFIX.charAt(i)
                    : c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** SHA-256 of {@code key}'s ASCII bytes into {@code dst} (32 bytes). */
    public static void digest(final CharSequence key, final byte[] dst) {
        final MessageDigest sha = sha256();
        for (int i = 0; i < key.length(); i++) {
            sha.update((byte) key.charAt(i));
        }
        try {
            sha.digest(dst, 0, DIGEST_BYTES);
        } catch (final java.security.DigestException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The hex SHA-256 of {@code key}, as an {@link Actor} keeps it. */
    public static String hash(final String key) {
        return HexFormat.of().formatHex(sha256().digest(key.getBytes(StandardCharsets.US_ASCII)));
    }

    /** Whether {@code digest} is the key hash {@code hexHash}, compared in constant time. */
    public static boolean matches(final byte[] digest, final String hexHash) {
        return hexHash != null && hexHash.length() == DIGEST_BYTES * 2
                && MessageDigest.isEqual(digest, HexFormat.of().parseHex(hexHash));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (final NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }
}
