package io.scangate.server.resolver;

import io.scangate.verifier.code.Gtin;

/**
 * Value formats of the supported AIs. {@link #fault} answers {@code null} for a good value, else the
 * rule it breaks, in words fit for a 400 answer.
 *
 * <p>GS1 AI encodable character set 82 (GS1 General Specifications 7.11, Figure 7.11-1):
 * {@code ! " % & ' ( ) * + , - . / 0-9 : ; < = > ? A-Z _ a-z}. Dates are YYMMDD (General
 * Specifications 7.12): month 01-12, day 01 to the month's last day, or 00 for "end of month"; the
 * two-digit year is leap when divisible by 4 (true for every year of the 50-year window).
 */
enum AiFormat {
    /** 8, 12, 13 or 14 digits, a valid check digit, not all zeros. */
    GTIN,
    /** 1 to 20 characters of set 82. */
    SET82_20,
    /** Six digits. */
    N6,
    /** YYMMDD. */
    DATE,
    /** YYMMDDHHMM. */
    DATE_TIME;

    String fault(final String value) {
        if (value.isEmpty()) {
            return "empty value";
        }
        switch (this) {
            case GTIN:
                return gtinFault(value);
            case SET82_20:
                return set82Fault(value, 20);
            case N6:
                return digitsFault(value, 6);
            case DATE:
                return dateFault(value, 6);
            default:
                return dateFault(value, 10);
        }
    }

    /** Whether {@code c} is in GS1 AI encodable character set 82. */
    static boolean inSet82(final char c) {
        return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '%' && c <= '?'
                || c == '!' || c == '"' || c == '_';
    }

    private static String gtinFault(final String value) {
        final String digits = digitsFault(value, value.length());
        if (digits != null) {
            return digits;
        }
        final int n = value.length();
        if (n != 8 && n != 12 && n != 13 && n != 14) {
            return "wrong length: " + n + " digits, expected 8, 12, 13 or 14";
        }
        if (value.chars().allMatch(c -> c == '0')) {
            return "all zeros is no GTIN";
        }
        if (!Gtin.valid(value)) {
            return "bad check digit: " + value.charAt(n - 1) + ", expected "
                    + Gtin.checkDigit(value.substring(0, n - 1));
        }
        return null;
    }

    private static String set82Fault(final String value, final int max) {
        if (value.length() > max) {
            return "too long: " + value.length() + " characters, at most " + max;
        }
        for (int i = 0; i < value.length(); i++) {
            final char c = value.charAt(i);
            if (!inSet82(c)) {
                return String.format("bad character U+%04X at %d: not in GS1 AI encodable character set 82",
                        (int) c, i + 1);
            }
        }
        return null;
    }

    private static String digitsFault(final String value, final int length) {
        for (int i = 0; i < value.length(); i++) {
            final char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return String.format("bad character U+%04X at %d: digits only", (int) c, i + 1);
            }
        }
        if (value.length() != length) {
            return "wrong length: " + value.length() + " digits, expected " + length;
        }
        return null;
    }

    private static String dateFault(final String value, final int length) {
        final String digits = digitsFault(value, length);
        if (digits != null) {
            return digits;
        }
        final int yy = Integer.parseInt(value.substring(0, 2));
        final int mm = Integer.parseInt(value.substring(2, 4));
        final int dd = Integer.parseInt(value.substring(4, 6));
        final String shape = length == 6 ? "YYMMDD" : "YYMMDDHHMM";
        if (mm < 1 || mm > 12 || dd > lastDay(yy, mm) || dd == 0 && length == 10) {
            return "bad date " + value.substring(0, 6) + " (" + shape + ")";
        }
        if (length == 10 && (Integer.parseInt(value.substring(6, 8)) > 23
                || Integer.parseInt(value.substring(8, 10)) > 59)) {
            return "bad time " + value.substring(6) + " (" + shape + ")";
        }
        return null;
    }

    private static int lastDay(final int yy, final int mm) {
        if (mm == 2) {
            return yy % 4 == 0 ? 29 : 28;
        }
        return mm == 4 || mm == 6 || mm == 9 || mm == 11 ? 30 : 31;
    }
}
