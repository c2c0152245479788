package io.scangate.server.resolver;

/**
 * A GS1 Digital Link URI that breaks a syntax rule. {@link #getMessage()} is the reason, written to
 * be sent as it is in the body of a {@code 400 Bad Request}: it names the AI (when there is one) and
 * the rule, e.g. {@code "AI 01 (GTIN): bad check digit: 4, expected 2"}. It may quote up to 20
 * printable ASCII characters of the request (an unknown AI), so escape it before putting it in HTML.
 */
public final class DigitalLinkException extends Exception {
    private final String ai;

    /** A broken rule about {@code ai} ({@code null} when the fault belongs to no AI). */
    DigitalLinkException(final String ai, final String reason) {
        super(reason, null, false, false);
        this.ai = ai;
    }

    /** A broken rule that belongs to no AI (path shape, percent-encoding, compressed form). */
    static DigitalLinkException of(final String reason) {
        return new DigitalLinkException(null, reason);
    }

    /** The AI whose value or position is at fault, or {@code null}. */
    public String ai() {
        return ai;
    }
}
