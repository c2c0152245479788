package io.scangate.verifier.code;

/**
 * Stateless authenticity check of a code, cheap enough for the event loop (~60 ns): decode,
 * look up the key id, recompute the tag and compare. Forged and malformed codes are settled
 * here and never reach the ring.
 *
 * <p>Concurrency: immutable apart from the {@link KeyRing}, which is safe to read anywhere.
 */
public final class CodeAuthenticator {
    /** The code decoded and its tag matches. */
    public static final int AUTHENTIC = 0;
    /** Wrong number of characters. */
    public static final int MALFORMED_LENGTH = 1;
    /** A character outside Crockford base32. */
    public static final int MALFORMED_CHARACTER = 2;
    /** No key with the code's key id: its tag cannot verify, so transports answer {@code FORGED} (docs/API.md). */
    public static final int UNKNOWN_KEY = 3;
    /** The tag does not match: {@code FORGED}. */
    public static final int FORGED = 4;

    private final KeyRing keys;

    public CodeAuthenticator(final KeyRing keys) {
        this.keys = keys;
    }

    /** Decodes {@code src[offset, offset+length)} into {@code into} and checks its tag. */
    public int check(final byte[] src, final int offset, final int length, final ParsedCode into) {
        final int decoded = CodeFormat.decode(src, offset, length, into);
        if (decoded != CodeFormat.OK) {
            return decoded == CodeFormat.BAD_LENGTH ? MALFORMED_LENGTH : MALFORMED_CHARACTER;
        }
        return checkDecoded(into);
    }

    /** Checks the tag of an already decoded code. */
    public int checkDecoded(final ParsedCode code) {
        if (!keys.hasKey(code.keyId())) {
            return UNKNOWN_KEY;
        }
        // A single 64-bit XOR and compare: its time does not depend on where the tags differ.
        return (keys.tag(code.codeId()) ^ code.tag()) == 0 ? AUTHENTIC : FORGED;
    }

    /** The printed text of serial {@code serial} under key id {@code keyId}. */
    public String issue(final int keyId, final long serial) {
        final long codeId = CodeFormat.codeId(keyId, serial);
        return CodeFormat.toText(codeId, keys.tag(codeId));
    }

    /** Writes the 20 characters of a code into {@code dst} (no allocation; for streaming batches). */
    public void issueInto(final int keyId, final long serial, final byte[] dst, final int offset) {
        final long codeId = CodeFormat.codeId(keyId, serial);
        CodeFormat.encode(codeId, keys.tag(codeId), dst, offset);
    }

    public KeyRing keys() {
        return keys;
    }
}
