package io.scangate.verifier.channel;

/** What a role scan says happened to a unit (or to every unit of a case). */
public enum Action {
    /** The scanning actor took the goods in: it now holds them (its territory is where they belong). */
    RECEIVE,
    /** Sent on to another actor ({@code to}): that actor now holds them. */
    SHIP,
    /** A case opened (or a unit's box): recorded, the holder unchanged. */
    OPEN_BOX,
    /** Sold to a consumer by a store or a guide. */
    SELL,
    /** Installed against an order id ("buy online, install in store"): once per unit and per order. */
    INSTALL;

    private static final Action[] VALUES = values();

    /** The action named {@code name} (upper case), or null. */
    public static Action named(final String name) {
        for (final Action a : VALUES) {
            if (a.name().equals(name)) {
                return a;
            }
        }
        return null;
    }

    /** The action of ordinal {@code ordinal}, or null. */
    public static Action of(final int ordinal) {
        return ordinal >= 0 && ordinal < VALUES.length ? VALUES[ordinal] : null;
    }
}
