package io.scangate.verifier.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

import org.junit.jupiter.api.Test;

/** A copy of the idempotency window (a snapshot's section) holds the window as it was when copied, oldest first, wrapped or not. */
class RequestWindowCopyTest {
    @Test
    void aCopyWrittenAndReadBackAnswersAsTheWindowDidWhenCopied() throws IOException {
        final RequestWindow w = new RequestWindow(100);
        for (int i = 1; i <= 250; i++) { // wrapped round twice and a half
            w.remember(i, 1000 + i, i % 7 + 1);
        }
        final RequestWindow.Frozen copy = w.copy();
        w.remember(9999, 1, 1); // after the copy: not in it
        w.remember(251, 5, 5);
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            copy.writeTo(out);
        }
        final RequestWindow back = new RequestWindow(100);
        assertTrue(back.readFrom(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()))));
        assertEquals(100, back.size());
        assertEquals(0, back.answeredCount(150, 1150), "forgotten before the copy");
        for (int i = 151; i <= 250; i++) {
            assertEquals(i % 7 + 1, back.answeredCount(i, 1000 + i), "key " + i);
        }
        assertEquals(0, back.answeredCount(9999, 1), "made after the copy");
        assertFalse(new RequestWindow(10).readFrom(new DataInputStream(new ByteArrayInputStream(new byte[] {1, 2, 3, 4}))));
    }

    @Test
    void aCopyIntoAnEarlierCopysArraysHoldsOnlyTheWindowAsItIsNow() throws IOException {
        final RequestWindow w = new RequestWindow(100);
        for (int i = 1; i <= 30; i++) {
            w.remember(i, 1000 + i, 3);
        }
        final RequestWindow.Frozen first = w.copy();
        for (int i = 31; i <= 170; i++) { // now wrapped: 71..170
            w.remember(i, 1000 + i, 4);
        }
        final RequestWindow.Frozen second = w.copy(first);
        assertTrue(second.keys() == first.keys(), "the earlier copy's arrays are reused");
        final RequestWindow back = read(second);
        assertEquals(100, back.size());
        assertEquals(0, back.answeredCount(70, 1070));
        for (int i = 71; i <= 170; i++) {
            assertEquals(4, back.answeredCount(i, 1000 + i), "key " + i);
        }
        final RequestWindow small = new RequestWindow(100);
        small.remember(7, 77, 2);
        final RequestWindow back2 = read(small.copy(second)); // partly filled: only its own entry, none of the older copy's
        assertEquals(1, back2.size());
        assertEquals(2, back2.answeredCount(7, 77));
        assertEquals(0, back2.answeredCount(100, 1100));
        assertFalse(new RequestWindow(50).copy(second).keys() == second.keys(), "a window of another size gets arrays of its own");
    }

    @Test
    void aBlankCopyIsEmptyAndTheFirstCopyReusesItsArrays() throws IOException {
        final RequestWindow w = new RequestWindow(64);
        final RequestWindow.Frozen blank = w.blankCopy();
        assertEquals(0, read(blank).size());
        for (int i = 1; i <= 10; i++) {
            w.remember(i, 500 + i, 1);
        }
        final RequestWindow.Frozen first = w.copy(blank);
        assertTrue(first.keys() == blank.keys() && first.codeIds() == blank.codeIds() && first.counts() == blank.counts(),
                "nothing allocated by the first copy");
        final RequestWindow back = read(first);
        assertEquals(10, back.size());
        assertEquals(1, back.answeredCount(10, 510));
    }

    private static RequestWindow read(final RequestWindow.Frozen copy) throws IOException {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            copy.writeTo(out);
        }
        final RequestWindow back = new RequestWindow(copy.capacity());
        assertTrue(back.readFrom(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()))));
        return back;
    }
}
