package io.scangate.server.cli;

import java.math.BigDecimal;
import java.util.Currency;

import com.fasterxml.jackson.databind.JsonNode;

import io.scangate.server.print.Csv;

/**
 * The reward log as finance reads it: one CSV row per reward, the amount both in the currency's
 * major unit ({@code 88.00}) and in the minor units the campaign was written in ({@code 8800}).
 * Text that came from scanners (consumer, device) cannot start a spreadsheet formula.
 */
final class RewardCsv {
    static final String HEADER = Csv.line("reward_id", "at", "campaign", "prize", "code", "amount", "currency", "amount_minor",
            "consumer", "actor", "device", "region");

    private RewardCsv() {
    }

    /** One reward of {@code GET /admin/rewards} (docs/CAMPAIGNS.md) as a CSV line. */
    static String row(final JsonNode r) {
        final long minor = r.path("amount").asLong();
        final String currency = textOf(r, "currency");
        return Csv.joined(Csv.field(r.path("rewardId").asText()), Csv.field(textOf(r, "at")), Csv.field(textOf(r, "campaign")),
                Csv.field(textOf(r, "prize")), Csv.field(textOf(r, "code")), Csv.field(major(minor, currency)), Csv.field(currency),
                Csv.field(Long.toString(minor)), Csv.text(textOf(r, "consumer")), Csv.text(textOf(r, "actor")), Csv.text(textOf(r, "device")),
                Csv.field(textOf(r, "region")));
    }

    /** {@code minor} units of {@code currency} in its major unit, with its usual decimals (88.00 CNY, 500 JPY). */
    static String major(final long minor, final String currency) {
        int digits = 2; // a code the JDK does not know: hundredths, as in most currencies
        if (currency != null) {
            try {
                digits = Math.max(0, Currency.getInstance(currency).getDefaultFractionDigits());
            } catch (final IllegalArgumentException e) {
                // keep the default
            }
        }
        return BigDecimal.valueOf(minor, digits).toPlainString();
    }

    private static String textOf(final JsonNode r, final String field) {
        final JsonNode n = r.get(field);
        return n == null || n.isNull() ? null : n.asText();
    }
}
