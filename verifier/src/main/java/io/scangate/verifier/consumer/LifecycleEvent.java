package io.scangate.verifier.consumer;

/**
 * One entry of the lifecycle event log: a consumer became {@link Type#REPEAT}, {@link Type#LOYAL},
 * {@link Type#LAPSING} or {@link Type#CHURNED}, or was {@link Type#WON_BACK} by a purchase after
 * lapsing or churning. Immutable.
 *
 * @param eventId   dense from 1, the log's offset
 * @param consumer  the consumer id as the brand's app sent it
 * @param atMillis  the purchase's time, or when the sweep judged the silence
 * @param purchases the consumer's purchases after the event
 * @param stage     the consumer's stage after the event
 */
public record LifecycleEvent(long eventId, Type type, String consumer, long consumerHash, long atMillis, int purchases, Stage stage) {
    /** What happened. */
    public enum Type {
        REPEAT,
        LOYAL,
        LAPSING,
        CHURNED,
        WON_BACK;

        private static final Type[] ALL = values();

        static Type of(final int ordinal) {
            return ordinal >= 0 && ordinal < ALL.length ? ALL[ordinal] : null;
        }

        /** The event of becoming {@code stage}, null for NEW (no event). */
        static Type becoming(final Stage stage) {
            return switch (stage) {
                case REPEAT -> REPEAT;
                case LOYAL -> LOYAL;
                case LAPSING -> LAPSING;
                case CHURNED -> CHURNED;
                case NEW -> null;
            };
        }
    }

    /** The journal's packing of type, purchases and stage into one long. */
    public long info() {
        return (long) type.ordinal() << 40 | (long) stage.code() << 32 | Integer.toUnsignedLong(purchases);
    }

    static Type type(final long info) {
        return Type.of((int) (info >>> 40));
    }

    static Stage stage(final long info) {
        return Stage.ofCode((int) (info >>> 32) & 0xff);
    }

    static int purchases(final long info) {
        return (int) info;
    }
}
