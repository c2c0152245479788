package io.scangate.server.http;

/**
 * Validates and steps over a JSON value of any kind at a {@link JsonCursor}: what the scan body
 * parser does with the values of fields it does not know, so that a client may send more than is
 * read but never something that is not JSON. Nesting is bounded (the body's own object counts as
 * level 1), which also bounds this recursion's stack.
 *
 * <p>Concurrency: not thread-safe; owned by one parser with its cursor.
 */
final class JsonValueSkipper {
    private static final String EXPECTED_VALUE = "expected a value";

    private final JsonCursor cursor;
    private final JsonStringDecoder strings;
    private final JsonNumberReader numbers;
    private final int maxDepth;
    private final String tooDeep;

    /** Skips values with the cursor's own string decoder and number reader, refusing nesting deeper than {@code maxDepth}. */
    JsonValueSkipper(final JsonCursor cursor, final JsonStringDecoder strings, final JsonNumberReader numbers, final int maxDepth) {
        if (maxDepth < 1) {
            throw new IllegalArgumentException("maxDepth must be at least 1, not " + maxDepth);
        }
        this.cursor = cursor;
        this.strings = strings;
        this.numbers = numbers;
        this.maxDepth = maxDepth;
        this.tooDeep = "nesting deeper than " + maxDepth + " levels";
    }

    /** Validates and skips any value; {@code depth} is the nesting of the container holding it. */
    boolean skipValue(final int depth) {
        if (cursor.atEnd()) {
            return cursor.endOfInput();
        }
        final byte b = cursor.peek();
        switch (b) {
            case '"':
                return strings.skip();
            case '{':
                return skipObject(depth + 1);
            case '[':
                return skipArray(depth + 1);
            case 't':
                return cursor.trueLiteral();
            case 'f':
                return cursor.falseLiteral();
            case 'n':
                return cursor.nullLiteral();
            default:
                if (JsonNumberReader.startsNumber(b)) {
                    return numbers.skip();
                }
                return cursor.malformed(cursor.position(), EXPECTED_VALUE);
        }
    }

    private boolean skipObject(final int depth) {
        if (depth > maxDepth) {
            return cursor.malformed(cursor.position(), tooDeep);
        }
        if (cursor.enterEmpty((byte) '}')) {
            return true;
        }
        int next;
        do {
            if (!cursor.atFieldName() || !strings.skip() || !cursor.colon() || !skipValue(depth)) {
                return false;
            }
            next = cursor.nextMember();
        } while (next == JsonCursor.MORE);
        return next == JsonCursor.CLOSED;
    }

    private boolean skipArray(final int depth) {
        if (depth > maxDepth) {
            return cursor.malformed(cursor.position(), tooDeep);
        }
        if (cursor.enterEmpty((byte) ']')) {
            return true;
        }
        int next;
        do {
            if (!skipValue(depth)) {
                return false;
            }
            next = cursor.nextElement();
        } while (next == JsonCursor.MORE);
        return next == JsonCursor.CLOSED;
    }
}
