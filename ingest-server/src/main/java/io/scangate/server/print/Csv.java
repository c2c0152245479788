package io.scangate.server.print;

/**
 * RFC 4180 fields: a field holding a comma, a quote, CR or LF is quoted, its quotes doubled;
 * any other field is written as it is. Lines end with CRLF, as the RFC and spreadsheet imports
 * expect.
 */
public final class Csv {
    public static final String EOL = "\r\n";

    private Csv() {
    }

    /** {@code value} as one CSV field (null as an empty field). */
    public static String field(final String value) {
        if (value == null) {
            return "";
        }
        for (int i = 0; i < value.length(); i++) {
            final char c = value.charAt(i);
            if (c == ',' || c == '"' || c == '\r' || c == '\n') {
                return '"' + value.replace("\"", "\"\"") + '"';
            }
        }
        return value;
    }

    /**
     * As {@link #field}, for text that came from outside (a consumer or device id) and is read in
     * a spreadsheet: a value starting with {@code = + - @}, TAB or CR is prefixed with {@code '}
     * so that it is shown as text, never run as a formula (OWASP "CSV injection").
     */
    public static String text(final String value) {
        if (value != null && !value.isEmpty() && "=+-@\t\r".indexOf(value.charAt(0)) >= 0) {
            return field("'" + value);
        }
        return field(value);
    }

    /** The fields as one CSV line, with its CRLF. */
    public static String line(final String... fields) {
        final StringBuilder b = new StringBuilder();
        for (int i = 0; i < fields.length; i++) {
            if (i > 0) {
                b.append(',');
            }
            b.append(field(fields[i]));
        }
        return b.append(EOL).toString();
    }

    /** Fields already made with {@link #field} or {@link #text}, as one CSV line with its CRLF. */
    public static String joined(final String... fields) {
        return String.join(",", fields) + EOL;
    }
}
