package io.scangate.server.http;

/**
 * The input of one strict JSON parse: the bytes, the position, the end and the first problem met;
 * it steps over whitespace, literals and punctuation, and words problems as the parser's details
 * ({@code malformed JSON at byte N: ...}, N counted from the start of the body). It is reused from
 * parse to parse, and the value readers ({@link JsonStringDecoder}, {@link JsonNumberReader}) and
 * {@link JsonValueSkipper} work on it, so one parse allocates nothing.
 *
 * <p>Positions are indices into {@link #bytes()}; the body starts at {@code base}, not 0.
 * Methods that return {@code boolean} return false only with the problem set.
 *
 * <p>Concurrency: not thread-safe; owned by one parser.
 */
final class JsonCursor {
    /** {@link #nextMember()} and {@link #nextElement()}: a ',' was stepped over, another item follows. */
    static final int MORE = 1;
    /** {@link #nextMember()} and {@link #nextElement()}: the container's closing bracket was stepped over. */
    static final int CLOSED = 0;
    /** {@link #nextMember()} and {@link #nextElement()}: neither, the problem is set. */
    static final int FAILED = -1;

    private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
    private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};
    private static final byte[] NULL = {'n', 'u', 'l', 'l'};

    private static final String END_OF_INPUT = "unexpected end of input";
    private static final String EXPECTED_NAME = "expected '\"' to start a field name";
    private static final String EXPECTED_COLON = "expected ':'";
    private static final String EXPECTED_MEMBER_SEPARATOR = "expected ',' or '}'";
    private static final String EXPECTED_ELEMENT_SEPARATOR = "expected ',' or ']'";
    private static final String BAD_LITERAL = "invalid literal (expected true, false or null)";

    private byte[] in;
    private int base;
    private int pos;
    private int end;
    private String problem;

    /** Starts on the {@code length} bytes of {@code in} from {@code base}, forgetting the last problem. */
    void reset(final byte[] in, final int base, final int length) {
        this.in = in;
        this.base = base;
        this.pos = base;
        this.end = base + length;
        this.problem = null;
    }

    /** Lets go of the input array, so that a pooled buffer's array is not kept reachable. */
    void release() {
        in = null;
    }

    byte[] bytes() {
        return in;
    }

    int position() {
        return pos;
    }

    void moveTo(final int position) {
        pos = position;
    }

    int end() {
        return end;
    }

    boolean atEnd() {
        return pos >= end;
    }

    /** The byte at the position, which must not be the end. */
    byte peek() {
        return in[pos];
    }

    /** The problem detail of the failed parse, null while none has failed. */
    String problem() {
        return problem;
    }

    void skipWhitespace() {
        final byte[] in = this.in;
        final int end = this.end;
        int p = pos;
        while (p < end) {
            final byte b = in[p];
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                break;
            }
            p++;
        }
        pos = p;
    }

    boolean nullLiteral() {
        return literal(NULL);
    }

    boolean trueLiteral() {
        return literal(TRUE);
    }

    boolean falseLiteral() {
        return literal(FALSE);
    }

    private boolean literal(final byte[] word) {
        for (int i = 0; i < word.length; i++) {
            if (pos + i >= end) {
                return endOfInput();
            }
            if (in[pos + i] != word[i]) {
                return malformed(pos + i, BAD_LITERAL);
            }
        }
        pos += word.length;
        return true;
    }

    /** True if a field name's opening quote is at the position. */
    boolean atFieldName() {
        if (pos >= end) {
            return endOfInput();
        }
        return in[pos] == '"' || malformed(pos, EXPECTED_NAME);
    }

    /** Steps over whitespace, a ':' and whitespace; true if a value follows. */
    boolean colon() {
        skipWhitespace();
        if (pos >= end) {
            return endOfInput();
        }
        if (in[pos] != ':') {
            return malformed(pos, EXPECTED_COLON);
        }
        pos++;
        skipWhitespace();
        return pos < end || endOfInput();
    }

    /**
     * Steps into the object or array whose opening bracket is at the position, and over the
     * whitespace after it; true if the container is empty, whose {@code close} is then stepped over too.
     */
    boolean enterEmpty(final byte close) {
        pos++;
        skipWhitespace();
        if (pos < end && in[pos] == close) {
            pos++;
            return true;
        }
        return false;
    }

    /** After an object member's value: {@link #MORE} (whitespace after the ',' skipped), {@link #CLOSED} or {@link #FAILED}. */
    int nextMember() {
        return next((byte) '}', EXPECTED_MEMBER_SEPARATOR);
    }

    /** After an array element: {@link #MORE} (whitespace after the ',' skipped), {@link #CLOSED} or {@link #FAILED}. */
    int nextElement() {
        return next((byte) ']', EXPECTED_ELEMENT_SEPARATOR);
    }

    private int next(final byte close, final String expected) {
        skipWhitespace();
        if (pos >= end) {
            endOfInput();
            return FAILED;
        }
        final byte b = in[pos];
        pos++;
        if (b == close) {
            return CLOSED;
        }
        if (b != ',') {
            malformed(pos - 1, expected);
            return FAILED;
        }
        skipWhitespace();
        return MORE;
    }

    /** Sets {@code detail} as the problem; returns false. */
    boolean fail(final String detail) {
        problem = detail;
        return false;
    }

    /** Sets "malformed JSON at byte N: {@code what}" as the problem, N being {@code at} from the body's start; returns false. */
    boolean malformed(final int at, final String what) {
        problem = "malformed JSON at byte " + (at - base) + ": " + what;
        return false;
    }

    /** Sets "unexpected end of input" (at the end) as the problem; returns false. */
    boolean endOfInput() {
        return malformed(end, END_OF_INPUT);
    }

    /** As {@link #malformed}, for readers that answer a position: always -1. */
    int malformedAt(final int at, final String what) {
        malformed(at, what);
        return -1;
    }

    /** As {@link #endOfInput}, for readers that answer a position: always -1. */
    int endOfInputAt() {
        endOfInput();
        return -1;
    }
}
