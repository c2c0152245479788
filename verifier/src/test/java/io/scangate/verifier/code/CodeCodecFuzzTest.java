package io.scangate.verifier.code;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

/**
 * Fuzzing of the printed code: decoding arbitrary bytes or text never throws and leaves the holder
 * alone on failure; every issued code round-trips; any one character changed is refused. Tries:
 * {@code jqwik.tries.default} (docs/SECURITY.md, Fuzzing).
 */
class CodeCodecFuzzTest {
    private static final byte[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".getBytes(StandardCharsets.US_ASCII);
    private static final int KEY_ID = 7;

    private final CodeAuthenticator authenticator = new CodeAuthenticator(KeyRing.of(KEY_ID, 0x5eed_c0de_1234_5678L, 0x0bad_f00d_cafe_babeL));

    @Provide
    Arbitrary<byte[]> rawInputs() {
        final Arbitrary<byte[]> anyBytes = Arbitraries.bytes().array(byte[].class).ofMaxSize(CodeFormat.MAX_RAW_LENGTH + 8);
        // mostly code-like: the alphabet, its aliases, separators and a few foreign bytes, around 20 digits long
        final Arbitrary<byte[]> codeLike = Arbitraries.of((byte) '0', (byte) '7', (byte) 'A', (byte) 'z', (byte) 'O', (byte) 'i', (byte) 'L',
                (byte) 'U', (byte) '-', (byte) ' ', (byte) 0, (byte) 0x7f, (byte) 0x80, (byte) 0xff)
                .array(byte[].class).ofMinSize(15).ofMaxSize(CodeFormat.MAX_RAW_LENGTH + 2);
        return Arbitraries.frequencyOf(Tuple.of(1, anyBytes), Tuple.of(1, codeLike));
    }

    @Property
    void shouldNeverThrowOnArbitraryBytesAndLeaveTheHolderAloneWhenRefused(@ForAll("rawInputs") final byte[] input,
                                                                          @ForAll @IntRange(max = 8) final int pad) {
        final byte[] framed = new byte[input.length + 2 * pad];
        System.arraycopy(input, 0, framed, pad, input.length);
        final ParsedCode parsed = new ParsedCode();
        final int result = authenticator.check(framed, pad, input.length, parsed);
        final int check = CodeFormat.decode(input, 0, input.length, new ParsedCode());
        switch (result) {
            case CodeAuthenticator.MALFORMED_LENGTH -> assertEquals(CodeFormat.BAD_LENGTH, check);
            case CodeAuthenticator.MALFORMED_CHARACTER -> assertEquals(CodeFormat.BAD_CHARACTER, check);
            default -> assertEquals(CodeFormat.OK, check);
        }
        if (check != CodeFormat.OK) {
            assertEquals(0L, parsed.codeId(), "a refused input must leave the holder alone");
            assertEquals(0L, parsed.tag());
        } else {
            // what decodes is 20 digits: re-encoding it and decoding again gives the same code
            final ParsedCode again = new ParsedCode();
            assertEquals(CodeFormat.OK, CodeFormat.decode(parsed.text(), again));
            assertEquals(parsed.codeId(), again.codeId());
            assertEquals(parsed.tag(), again.tag());
        }
    }

    @Property
    void shouldNeverThrowOnArbitraryText(@ForAll @Size(max = 80) final String text) {
        final ParsedCode parsed = new ParsedCode();
        final int result = CodeFormat.decode(text, parsed);
        assertTrue(result == CodeFormat.OK || result == CodeFormat.BAD_LENGTH || result == CodeFormat.BAD_CHARACTER, "result " + result);
    }

    @Property
    void shouldRoundTripEveryIssuedCode(@ForAll @LongRange(max = CodeFormat.MAX_SERIAL) final long serial) {
        final String text = authenticator.issue(KEY_ID, serial);
        final byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        final ParsedCode parsed = new ParsedCode();
        assertEquals(CodeAuthenticator.AUTHENTIC, authenticator.check(bytes, 0, bytes.length, parsed));
        assertEquals(KEY_ID, parsed.keyId());
        assertEquals(serial, parsed.serial());
        assertEquals(text, parsed.text());
        final byte[] into = new byte[CodeFormat.LENGTH];
        authenticator.issueInto(KEY_ID, serial, into, 0);
        assertArrayEquals(bytes, into);
    }

    @Property
    void shouldRefuseAnIssuedCodeWithAnyOneCharacterChanged(@ForAll @LongRange(max = CodeFormat.MAX_SERIAL) final long serial,
                                                            @ForAll @IntRange(max = CodeFormat.LENGTH - 1) final int position,
                                                            @ForAll @CharRange(from = 0, to = 255) final char replacement) {
        final byte[] code = authenticator.issue(KEY_ID, serial).getBytes(StandardCharsets.US_ASCII);
        final byte original = code[position];
        code[position] = (byte) replacement;
        final ParsedCode parsed = new ParsedCode();
        final int result = authenticator.check(code, 0, code.length, parsed);
        if (sameDigit(original, (byte) replacement)) {
            // the same digit written another way (case, O for 0, I or L for 1): the same code
            assertEquals(CodeAuthenticator.AUTHENTIC, result);
        } else {
            assertNotEquals(CodeAuthenticator.AUTHENTIC, result, "changed position " + position + " to " + (int) replacement);
        }
    }

    @Property
    void shouldRefuseAnIssuedCodeWithAnyOneDigitChangedToAnother(@ForAll @LongRange(max = CodeFormat.MAX_SERIAL) final long serial,
                                                                 @ForAll @IntRange(max = CodeFormat.LENGTH - 1) final int position,
                                                                 @ForAll @IntRange(min = 1, max = 31) final int delta) {
        final byte[] code = authenticator.issue(KEY_ID, serial).getBytes(StandardCharsets.US_ASCII);
        code[position] = ALPHABET[(digit(code[position]) + delta) % ALPHABET.length];
        final int result = authenticator.check(code, 0, code.length, new ParsedCode());
        // a changed key id digit names a key that does not exist: UNKNOWN_KEY, which is FORGED on the wire
        assertTrue(result == CodeAuthenticator.FORGED || result == CodeAuthenticator.UNKNOWN_KEY, "result " + result);
    }

    private static boolean sameDigit(final byte a, final byte b) {
        return digit(a) >= 0 && digit(a) == digit(b);
    }

    /** The 5-bit value of a digit as the decoder reads it, or -1 for a non-digit. */
    private static int digit(final byte c) {
        final byte[] code = new byte[CodeFormat.LENGTH];
        java.util.Arrays.fill(code, (byte) '0');
        code[CodeFormat.LENGTH - 1] = c;
        final ParsedCode parsed = new ParsedCode();
        return CodeFormat.decode(code, 0, code.length, parsed) == CodeFormat.OK ? (int) parsed.tag() : -1;
    }
}
