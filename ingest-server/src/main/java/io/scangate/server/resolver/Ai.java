package io.scangate.server.resolver;

import java.util.Optional;

/**
 * The GS1 Application Identifiers this resolver understands, with their role in a Digital Link URI
 * and the format of their values. Titles and formats follow the GS1 General Specifications AI table
 * as carried by GS1's reference toolkit (github.com/gs1/GS1DigitalLinkToolkit.js, {@code aitable}
 * and {@code tableF}): 01 N14; 22, 10, 21 X..20 (GS1 AI encodable character set 82); 11, 13, 15,
 * 16, 17 N6 dates YYMMDD; 3103 N6; 7003 N10 date and time YYMMDDHHMM.
 *
 * <p>Only numeric AIs: the alphabetic short names some resolvers accept ({@code gtin}, {@code lot},
 * {@code exp}, ...) are not recognised here.
 */
public enum Ai {
    /** Global Trade Item Number, the primary key. */
    GTIN("01", "GTIN", Role.KEY, AiFormat.GTIN),
    /** Consumer product variant, first key qualifier of 01. */
    CPV("22", "CPV", Role.QUALIFIER, AiFormat.SET82_20),
    /** Batch or lot number, second key qualifier of 01. */
    LOT("10", "BATCH/LOT", Role.QUALIFIER, AiFormat.SET82_20),
    /** Serial number, third key qualifier of 01. */
    SERIAL("21", "SERIAL", Role.QUALIFIER, AiFormat.SET82_20),
    /** Production date. */
    PROD_DATE("11", "PROD DATE", Role.ATTRIBUTE, AiFormat.DATE),
    /** Packaging date. */
    PACK_DATE("13", "PACK DATE", Role.ATTRIBUTE, AiFormat.DATE),
    /** Best before date. */
    BEST_BEFORE("15", "BEST BEFORE", Role.ATTRIBUTE, AiFormat.DATE),
    /** Sell by date. */
    SELL_BY("16", "SELL BY", Role.ATTRIBUTE, AiFormat.DATE),
    /** Expiration date. */
    EXPIRY("17", "USE BY OR EXPIRY", Role.ATTRIBUTE, AiFormat.DATE),
    /** Net weight in kilograms, three decimals. */
    NET_WEIGHT_KG("3103", "NET WEIGHT (kg)", Role.ATTRIBUTE, AiFormat.N6),
    /** Expiration date and time. */
    EXPIRY_TIME("7003", "EXPIRY TIME", Role.ATTRIBUTE, AiFormat.DATE_TIME);

    /** Where an AI may stand in a Digital Link URI for key 01. */
    public enum Role {
        /** The primary key: the first pair of the path. */
        KEY,
        /** A key qualifier: a path pair after the key, in the fixed order 22, 10, 21. */
        QUALIFIER,
        /** A data attribute: a query-string parameter. */
        ATTRIBUTE
    }

    private final String code;
    private final String label;
    private final Role role;
    private final AiFormat format;

    Ai(final String code, final String label, final Role role, final AiFormat format) {
        this.code = code;
        this.label = label;
        this.role = role;
        this.format = format;
    }

    /** The numeric AI, e.g. {@code "01"}. */
    public String code() {
        return code;
    }

    /** The data title from the GS1 AI table, e.g. {@code "BATCH/LOT"}. */
    public String label() {
        return label;
    }

    /** Where the AI may stand. */
    public Role role() {
        return role;
    }

    AiFormat format() {
        return format;
    }

    /** {@code "AI 10 (BATCH/LOT)"}: how reasons name the AI. */
    String named() {
        return "AI " + code + " (" + label + ")";
    }

    /** The AI with numeric code {@code code}, if this resolver supports it. */
    public static Optional<Ai> of(final String code) {
        for (final Ai ai : values()) {
            if (ai.code.equals(code)) {
                return Optional.of(ai);
            }
        }
        return Optional.empty();
    }

    /** Checks a decoded value against the AI's format; the reason names this AI and the rule. */
    void check(final String value) throws DigitalLinkException {
        final String fault = format.fault(value);
        if (fault != null) {
            throw new DigitalLinkException(code, named() + ": " + fault);
        }
    }
}
