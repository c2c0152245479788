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
}
