package io.scangate.client;

/**
 * One scan to send: the code as printed or read (normalised by the server) and an optional
 * consumer id (null or empty for none).
 */
public record Scan(String code, String consumer) {
    public Scan {
        if (code == null || code.isEmpty()) {
            throw new IllegalArgumentException("code must not be empty");
        }
    }

    public static Scan of(final String code) {
        return new Scan(code, null);
    }
}
