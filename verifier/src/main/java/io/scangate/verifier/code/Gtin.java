package io.scangate.verifier.code;

/**
 * GS1 Global Trade Item Numbers: 8, 12, 13 or 14 digits whose last digit is the check digit of
 * the others (GS1 General Specifications 7.9.1: weights 3 and 1 alternating from the right, the
 * check digit makes the sum a multiple of 10).
 *
 * <p>Concurrency: stateless.
 */
public final class Gtin {
    private Gtin() {
    }

    /** Whether {@code digits} is all ASCII digits, 8, 12, 13 or 14 of them, and ends in its check digit. */
    public static boolean valid(final CharSequence digits) {
        final int n = digits.length();
        if (n != 8 && n != 12 && n != 13 && n != 14) {
            return false;
        }
        final int check = checkDigit(digits.subSequence(0, n - 1));
        return check >= 0 && check == digits.charAt(n - 1) - '0';
    }

    /** The GS1 check digit of {@code body} (the digits before it), or -1 if it holds anything but ASCII digits. */
    public static int checkDigit(final CharSequence body) {
        final int n = body.length();
        int sum = 0;
        for (int i = 0; i < n; i++) {
            final char c = body.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            sum += (c - '0') * ((n - i) % 2 == 1 ? 3 : 1);
        }
        return (10 - sum % 10) % 10;
    }
}
