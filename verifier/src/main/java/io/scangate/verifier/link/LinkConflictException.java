package io.scangate.verifier.link;

/**
 * A change of links that the other anchors' links forbid, so the caller can tell it from a broken
 * invariant: links without a default at a lot or serial whose GTIN has none to walk up to, or
 * removing a GTIN's links (and so its default) while a lot or serial of it relies on that default.
 * Nothing changed.
 */
public final class LinkConflictException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public LinkConflictException(final String message) {
        super(message);
    }
}
