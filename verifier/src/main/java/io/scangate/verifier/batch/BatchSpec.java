package io.scangate.verifier.batch;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import io.scangate.verifier.code.Gtin;

/**
 * A validated request for a new batch. GTINs must carry their GS1 check digit; those of 8, 12 or
 * 13 digits are left-padded to 14. {@code unitsPerCase} is 0 for a batch without cases.
 */
public record BatchSpec(String sku, String gtin, String plannedRegion, long count, BatchState state, String campaign, int unitsPerCase) {
    public static final long MAX_COUNT = 100_000_000L;
    private static final Pattern SKU = Pattern.compile("[^\\p{Cntrl}]{1,64}");
    private static final Pattern CAMPAIGN = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Pattern GTIN = Pattern.compile("\\d{8}|\\d{12,14}");
    private static final Pattern REGION = Pattern.compile("[A-Z]{2}(-[A-Z0-9]{1,3})?");

    /** A batch without cases. */
    public BatchSpec(final String sku, final String gtin, final String plannedRegion, final long count, final BatchState state,
                     final String campaign) {
        this(sku, gtin, plannedRegion, count, state, campaign, 0);
    }

    /** Validates and normalises the raw fields of a batch without cases (see the overload with {@code unitsPerCase}). */
    public static BatchSpec of(final String sku, final String gtin, final String region, final Long count,
                               final String state, final String campaign) {
        return of(sku, gtin, region, count, state, campaign, null);
    }

    /**
     * Validates and normalises the raw fields; throws {@link IllegalArgumentException} naming every
     * bad field. {@code unitsPerCase} null means no cases, else 1..{@value Batch#MAX_UNITS_PER_CASE}.
     */
    public static BatchSpec of(final String sku, final String gtin, final String region, final Long count,
                               final String state, final String campaign, final Long unitsPerCase) {
        final List<String> problems = new ArrayList<>();
        if (sku == null || !SKU.matcher(sku).matches()) {
            problems.add("'sku' must be 1 to 64 characters without control characters");
        }
        String gtin14 = null;
        if (gtin == null || !GTIN.matcher(gtin).matches()) {
            problems.add("'gtin' must be 8, 12, 13 or 14 digits");
        } else if (!Gtin.valid(gtin)) {
            problems.add("'gtin' " + gtin + " has a wrong check digit (its last digit must be "
                    + Gtin.checkDigit(gtin.subSequence(0, gtin.length() - 1)) + ")");
        } else if (gtin.chars().allMatch(c -> c == '0')) {
            problems.add("'gtin' must not be all zeros");
        } else {
            gtin14 = "0".repeat(14 - gtin.length()) + gtin;
        }
        final String upperRegion = region == null ? null : region.toUpperCase(java.util.Locale.ROOT);
        if (upperRegion == null || !REGION.matcher(upperRegion).matches()) {
            problems.add("'region' must be an ISO 3166-1 alpha-2 or ISO 3166-2 code such as CN or CN-31");
        }
        if (count == null || count < 1 || count > MAX_COUNT) {
            problems.add("'count' must be between 1 and " + MAX_COUNT);
        }
        BatchState batchState = BatchState.ACTIVE;
        if (state != null) {
            if ("ACTIVE".equals(state)) {
                batchState = BatchState.ACTIVE;
            } else if ("INACTIVE".equals(state)) {
                batchState = BatchState.INACTIVE;
            } else {
                problems.add("'state' must be ACTIVE or INACTIVE");
            }
        }
        if (campaign != null && !CAMPAIGN.matcher(campaign).matches()) {
            problems.add("'campaign' must be 1 to 64 characters of A-Z a-z 0-9 . _ -");
        }
        if (unitsPerCase != null && (unitsPerCase < 1 || unitsPerCase > Batch.MAX_UNITS_PER_CASE)) {
            problems.add("'unitsPerCase' must be between 1 and " + Batch.MAX_UNITS_PER_CASE);
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        return new BatchSpec(sku, gtin14, upperRegion, count, batchState, campaign, unitsPerCase == null ? 0 : unitsPerCase.intValue());
    }
}
