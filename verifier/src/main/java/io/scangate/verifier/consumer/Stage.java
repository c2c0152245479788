package io.scangate.verifier.consumer;

/**
 * A consumer's lifecycle stage (shared/DESIGN.md, "Consumers"): by purchases while they keep
 * buying, {@link #LAPSING} and {@link #CHURNED} as silence grows. Stored as {@link #code()}.
 */
public enum Stage {
    /** One purchase. */
    NEW(1),
    /** Two purchases. */
    REPEAT(2),
    /** Three or more. */
    LOYAL(3),
    /** No purchase for longer than the consumer's own rhythm allows (or the default before a second one). */
    LAPSING(4),
    /** No purchase for longer than the churn limit. */
    CHURNED(5);

    private static final Stage[] BY_CODE = {null, NEW, REPEAT, LOYAL, LAPSING, CHURNED};

    private final int code;
    private final byte[] ascii;

    Stage(final int code) {
        this.code = code;
        this.ascii = name().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    /** The name in ASCII, for answers written without allocating (shared: never change it). */
    public byte[] ascii() {
        return ascii;
    }

    /** The stored code, 1..5 (0 is "no profile"). */
    public int code() {
        return code;
    }

    /** The stage of {@code code}, or null for 0 (no profile) or an unknown code. */
    public static Stage ofCode(final int code) {
        return code > 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }

    /** The stage a consumer with {@code purchases} (at least 1) is in while buying. */
    public static Stage byPurchases(final int purchases) {
        return purchases >= 3 ? LOYAL : purchases == 2 ? REPEAT : NEW;
    }

    /** Whether a purchase in this stage wins the consumer back. */
    public boolean silent() {
        return this == LAPSING || this == CHURNED;
    }
}
