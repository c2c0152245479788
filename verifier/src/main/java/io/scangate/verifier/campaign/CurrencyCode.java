package io.scangate.verifier.campaign;

import java.util.Currency;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A campaign's currency: an ISO 4217 code the JDK knows ({@link Currency}), not just any three
 * capital letters; a campaign's currency can never change, so a wrong one is refused up front,
 * with the code meant when it is a name in everyday use ({@code RMB} for {@code CNY}).
 */
final class CurrencyCode {
    private static final Pattern SHAPE = Pattern.compile("[A-Z]{3}");
    /** Names in everyday use that are not ISO 4217 codes, with the code meant. */
    private static final Map<String, String> USUAL_NAMES = Map.of("RMB", "CNY", "NTD", "TWD", "UKP", "GBP", "STG", "GBP",
            "YEN", "JPY", "SFR", "CHF", "RUR", "RUB");

    private CurrencyCode() {
    }

    /** Why {@code code} is not an ISO 4217 currency code, or null when it is one. */
    static String problem(final String code) {
        if (!SHAPE.matcher(code).matches()) {
            return "must be an ISO 4217 code of 3 capital letters, such as CNY";
        }
        try {
            Currency.getInstance(code);
            return null;
        } catch (final IllegalArgumentException e) {
            final String meant = USUAL_NAMES.get(code);
            return "'" + code + "' is not an ISO 4217 currency code" + (meant != null ? "; did you mean " + meant + "?" : " (such as CNY, EUR, USD)");
        }
    }
}
