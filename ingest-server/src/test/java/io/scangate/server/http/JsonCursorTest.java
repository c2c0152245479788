package io.scangate.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** The input of a JSON parse: whitespace, literals, punctuation, and problems counted from the body's start. */
class JsonCursorTest {
    private final JsonCursor cursor = new JsonCursor();

    /** Puts the cursor on {@code text} framed by other bytes, so that positions differ from offsets in the body. */
    private void on(final String text) {
        final byte[] body = text.getBytes(StandardCharsets.UTF_8);
        final byte[] framed = new byte[body.length + 6];
        System.arraycopy(body, 0, framed, 3, body.length);
        framed[0] = '{';
        framed[framed.length - 1] = '}';
        cursor.reset(framed, 3, body.length);
    }

    /** The position counted from the body's start. */
    private int offset() {
        return cursor.position() - 3;
    }

    @Test
    void shouldSkipTheFourJsonWhitespacesAndNothingElse() {
        on(" \t\r\n\u000Bx");
        cursor.skipWhitespace();
        assertEquals(4, offset(), "vertical tab is not JSON whitespace");
        on(" \n ");
        cursor.skipWhitespace();
        assertTrue(cursor.atEnd(), "stops at the end, not at the byte after it");
    }

    @Test
    void shouldStepOverLiterals() {
        on("truefalsenull");
        assertTrue(cursor.trueLiteral());
        assertTrue(cursor.falseLiteral());
        assertTrue(cursor.nullLiteral());
        assertTrue(cursor.atEnd());
        assertNull(cursor.problem());
    }

    @Test
    void shouldNameTheFirstWrongByteOfAMisspelledLiteral() {
        on("nul!");
        assertFalse(cursor.nullLiteral());
        assertEquals("malformed JSON at byte 3: invalid literal (expected true, false or null)", cursor.problem());
        on("tru");
        assertFalse(cursor.trueLiteral());
        assertEquals("malformed JSON at byte 3: unexpected end of input", cursor.problem());
    }

    @Test
    void shouldStepOverAColonAndTheWhitespaceAroundIt() {
        on(" : 1");
        assertTrue(cursor.colon());
        assertEquals(3, offset());
        on(" = 1");
        assertFalse(cursor.colon());
        assertEquals("malformed JSON at byte 1: expected ':'", cursor.problem());
        on(" : ");
        assertFalse(cursor.colon(), "a value must follow");
        assertEquals("malformed JSON at byte 3: unexpected end of input", cursor.problem());
    }

    @Test
    void shouldFindAFieldNameOnlyAtAQuote() {
        on("\"a\"");
        assertTrue(cursor.atFieldName());
        assertEquals(0, offset(), "the quote is left for the string decoder");
        on("a");
        assertFalse(cursor.atFieldName());
        assertEquals("malformed JSON at byte 0: expected '\"' to start a field name", cursor.problem());
        on("");
        assertFalse(cursor.atFieldName());
        assertEquals("malformed JSON at byte 0: unexpected end of input", cursor.problem());
    }

    @Test
    void shouldEnterAContainerAndCloseItAtOnceWhenEmpty() {
        on("{ \n}x");
        assertTrue(cursor.enterEmpty((byte) '}'));
        assertEquals(4, offset());
        on("[ 1]");
        assertFalse(cursor.enterEmpty((byte) ']'));
        assertEquals(2, offset(), "at the first element");
        on("[");
        assertFalse(cursor.enterEmpty((byte) ']'));
        assertTrue(cursor.atEnd());
    }

    @Test
    void shouldTellWhetherMoreItemsFollowOrTheContainerCloses() {
        on(" , \"b\"");
        assertEquals(JsonCursor.MORE, cursor.nextMember());
        assertEquals(3, offset(), "at the next item, whitespace skipped");
        on(" }x");
        assertEquals(JsonCursor.CLOSED, cursor.nextMember());
        assertEquals(2, offset());
        on(" ]");
        assertEquals(JsonCursor.CLOSED, cursor.nextElement());
    }

    @Test
    void shouldNameTheBracketExpectedAfterAnItem() {
        on(" ]");
        assertEquals(JsonCursor.FAILED, cursor.nextMember());
        assertEquals("malformed JSON at byte 1: expected ',' or '}'", cursor.problem());
        on("}");
        assertEquals(JsonCursor.FAILED, cursor.nextElement());
        assertEquals("malformed JSON at byte 0: expected ',' or ']'", cursor.problem());
        on("  ");
        assertEquals(JsonCursor.FAILED, cursor.nextElement());
        assertEquals("malformed JSON at byte 2: unexpected end of input", cursor.problem());
    }

    @Test
    void shouldKeepAPlainDetailAndForgetItOnReset() {
        on("x");
        assertFalse(cursor.fail("missing field 'code'"));
        assertEquals("missing field 'code'", cursor.problem());
        on("x");
        assertNull(cursor.problem());
    }

    @Test
    void shouldLetGoOfTheInputOnRelease() {
        on("x");
        cursor.release();
        assertNull(cursor.bytes());
    }
}
