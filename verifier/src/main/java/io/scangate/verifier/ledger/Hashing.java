package io.scangate.verifier.ledger;

/**
 * A stable 64-bit hash of identifiers (devices, consumers) so the ledger stores 8 bytes instead
 * of the text. FNV-1a over the bytes with a murmur3 finaliser; stable across restarts and
 * versions because it is persisted. Not a MAC: it only groups scans by who made them.
 */
public final class Hashing {
    private Hashing() {
    }

    public static long hash(final byte[] bytes, final int offset, final int length) {
        long h = 0xcbf29ce484222325L;
        for (int i = offset, end = offset + length; i < end; i++) {
            h ^= bytes[i] & 0xFF;
            h *= 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }
}
