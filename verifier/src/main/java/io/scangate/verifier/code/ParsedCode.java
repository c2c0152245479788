package io.scangate.verifier.code;

/** A mutable, reusable holder of a decoded code: code id ({@code key id | serial}) and tag. */
public final class ParsedCode {
    private long codeId;
    private long tag;

    void set(final long codeId, final long tag) {
        this.codeId = codeId;
        this.tag = tag;
    }

    public long codeId() {
        return codeId;
    }

    public long tag() {
        return tag;
    }

    public int keyId() {
        return CodeFormat.keyIdOf(codeId);
    }

    public long serial() {
        return CodeFormat.serialOf(codeId);
    }

    public String text() {
        return CodeFormat.toText(codeId, tag);
    }
}
