package io.scangate.verifier.code;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class CodeAuthenticatorTest {
    private static final byte[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".getBytes(StandardCharsets.US_ASCII);
    private static final long K0 = 0x5eed_c0de_1234_5678L;
    private static final long K1 = 0x0bad_f00d_cafe_babeL;

    private final CodeAuthenticator authenticator = new CodeAuthenticator(KeyRing.of(1, K0, K1));

    @Test
    void shouldAcceptIssuedCodes() {
        final ParsedCode parsed = new ParsedCode();
        for (long serial = 0; serial < 1_000; serial++) {
            final byte[] code = ascii(authenticator.issue(1, serial));
            assertEquals(CodeFormat.LENGTH, code.length);
            assertEquals(CodeAuthenticator.AUTHENTIC, authenticator.check(code, 0, code.length, parsed));
            assertEquals(1, parsed.keyId());
            assertEquals(serial, parsed.serial());
        }
        final byte[] last = ascii(authenticator.issue(1, CodeFormat.MAX_SERIAL));
        assertEquals(CodeAuthenticator.AUTHENTIC, authenticator.check(last, 0, last.length, parsed));
        assertEquals(CodeFormat.MAX_SERIAL, parsed.serial());
    }

    @Test
    void shouldCarryTheTagAsTheTopFortyEightBitsOfSipHashOfTheCodeId() {
        final ParsedCode parsed = new ParsedCode();
        final long codeId = CodeFormat.codeId(1, 123_456_789L);
        assertEquals(CodeFormat.OK, CodeFormat.decode(authenticator.issue(1, 123_456_789L), parsed));
        assertEquals(codeId, parsed.codeId());
        assertEquals(SipHash.hash(K0, K1, codeId) >>> 16, parsed.tag());
    }

    @Test
    void shouldIssueIntoAnArrayTheSameTextAsIssue() {
        final byte[] dst = new byte[CodeFormat.LENGTH + 6];
        for (long serial = 0; serial < 100; serial++) {
            authenticator.issueInto(1, serial, dst, 3);
            final byte[] expected = ascii(authenticator.issue(1, serial));
            final byte[] actual = new byte[CodeFormat.LENGTH];
            System.arraycopy(dst, 3, actual, 0, CodeFormat.LENGTH);
            assertArrayEquals(expected, actual);
        }
    }

    @Test
    void shouldAcceptAnIssuedCodeAsAPersonMightTypeIt() {
        final String code = authenticator.issue(1, 42);
        final String typed = (code.substring(0, 5) + "-" + code.substring(5, 10) + " " + code.substring(10)).toLowerCase()
            .replace('0', 'o').replace('1', 'l');
        final byte[] raw = ascii(typed);
        assertEquals(CodeAuthenticator.AUTHENTIC, authenticator.check(raw, 0, raw.length, new ParsedCode()));
    }

    @Test
    void shouldRejectTamperedCode() {
        final ParsedCode parsed = new ParsedCode();
        final byte[] code = ascii(authenticator.issue(1, 1_000_001));
        assertEquals(CodeFormat.OK, CodeFormat.decode(code, 0, code.length, parsed));
        for (int bit = 0; bit < CodeFormat.TAG_BITS; bit++) {
            final ParsedCode tampered = new ParsedCode();
            tampered.set(parsed.codeId(), parsed.tag() ^ (1L << bit));
            assertEquals(CodeAuthenticator.FORGED, authenticator.checkDecoded(tampered), "tag bit " + bit);
        }
        for (int bit = 0; bit < CodeFormat.SERIAL_BITS; bit++) {
            final ParsedCode tampered = new ParsedCode();
            tampered.set(parsed.codeId() ^ (1L << bit), parsed.tag());
            assertEquals(CodeAuthenticator.FORGED, authenticator.checkDecoded(tampered), "serial bit " + bit);
        }
    }

    @Test
    void shouldNotAuthenticateACodeWhoseKeyIdTheRingLacks() {
        // Same secret, other key id: the tag would verify under key 2, but this ring has no key 2.
        final CodeAuthenticator other = new CodeAuthenticator(KeyRing.of(2, K0, K1));
        final byte[] code = ascii(other.issue(2, 77));
        final ParsedCode parsed = new ParsedCode();
        assertEquals(CodeAuthenticator.AUTHENTIC, other.check(code, 0, code.length, parsed));
        final int verdict = authenticator.check(code, 0, code.length, parsed);
        assertEquals(CodeAuthenticator.UNKNOWN_KEY, verdict);
        assertTrue(isForgery(verdict));
        assertThrows(IllegalArgumentException.class, () -> authenticator.issue(2, 77));
    }

    @Test
    void shouldNotAuthenticateUnderAnotherSecret() {
        final CodeAuthenticator other = new CodeAuthenticator(KeyRing.of(1, K0 ^ 1, K1));
        final ParsedCode parsed = new ParsedCode();
        for (long serial = 0; serial < 1_000; serial++) {
            final byte[] code = ascii(other.issue(1, serial));
            assertEquals(CodeAuthenticator.FORGED, authenticator.check(code, 0, code.length, parsed));
        }
    }

    @Test
    void shouldReportMalformedLengthAndCharacter() {
        final ParsedCode parsed = new ParsedCode();
        final byte[] shortCode = ascii(authenticator.issue(1, 5).substring(1));
        assertEquals(CodeAuthenticator.MALFORMED_LENGTH, authenticator.check(shortCode, 0, shortCode.length, parsed));
        final byte[] empty = new byte[0];
        assertEquals(CodeAuthenticator.MALFORMED_LENGTH, authenticator.check(empty, 0, 0, parsed));
        final byte[] withU = ascii(authenticator.issue(1, 5).substring(1) + "U");
        assertEquals(CodeAuthenticator.MALFORMED_CHARACTER, authenticator.check(withU, 0, withU.length, parsed));
    }

    /**
     * The contract's bar: any change of one character must fail verification. For each of 10,000
     * issued codes, every position is replaced by each of the 31 other characters (6.2 million
     * variants). A change that moves the key id to one the ring lacks is {@code UNKNOWN_KEY}, which
     * the server answers as {@code FORGED} (API.md, deviation on key ids): it counts as a forgery.
     */
    @Test
    @Timeout(30)
    void shouldRejectEverySingleCharacterChangeOfTenThousandIssuedCodes() {
        final SplittableRandom random = new SplittableRandom(424242L);
        final ParsedCode parsed = new ParsedCode();
        final byte[] code = new byte[CodeFormat.LENGTH];
        final int codes = 10_000;
        long forged = 0;
        long unknownKey = 0;
        for (int n = 0; n < codes; n++) {
            final long serial = random.nextLong(CodeFormat.MAX_SERIAL + 1);
            authenticator.issueInto(1, serial, code, 0);
            if (authenticator.check(code, 0, code.length, parsed) != CodeAuthenticator.AUTHENTIC) {
                fail("issued code " + new String(code, StandardCharsets.US_ASCII) + " does not verify");
            }
            for (int pos = 0; pos < CodeFormat.LENGTH; pos++) {
                final byte original = code[pos];
                for (final byte replacement : ALPHABET) {
                    if (replacement == original) {
                        continue;
                    }
                    code[pos] = replacement;
                    final int verdict = authenticator.check(code, 0, code.length, parsed);
                    if (verdict == CodeAuthenticator.FORGED) {
                        forged++;
                    } else if (verdict == CodeAuthenticator.UNKNOWN_KEY) {
                        unknownKey++;
                    } else {
                        fail("changing position " + pos + " of serial " + serial + " to '" + (char) replacement
                            + "' gave verdict " + verdict + " for " + new String(code, StandardCharsets.US_ASCII));
                    }
                }
                code[pos] = original;
            }
        }
        // Key id 1 is 0000 0001 in bits 99..92: any change of character 0, and the changes of
        // character 1 that touch its top 3 bits (28 of 31), leave key 1; the other 3 stay in it.
        final long unknownPerCode = 31 + 28;
        assertEquals(codes * unknownPerCode, unknownKey, "changes that alter the key id");
        assertEquals(codes * (20L * 31 - unknownPerCode), forged, "changes that keep the key id");
        assertEquals(codes * 20L * 31, forged + unknownKey);
    }

    @Test
    void shouldTreatEveryChangeOfTheKeyIdCharactersAsAForgeryEvenWithManyKeys() {
        // A ring that holds keys 1 and 2 (rotated): changes of the key id that land on the other
        // present key id must fail the tag check (FORGED), not pass.
        final KeyRing ring = KeyRing.of(1, K0, K1);
        ring.rotate();
        final CodeAuthenticator both = new CodeAuthenticator(ring);
        final ParsedCode parsed = new ParsedCode();
        final byte[] code = new byte[CodeFormat.LENGTH];
        int unknown = 0;
        for (long serial = 0; serial < 1_000; serial++) {
            for (int keyId = 1; keyId <= 2; keyId++) {
                both.issueInto(keyId, serial, code, 0);
                assertEquals(CodeAuthenticator.AUTHENTIC, both.check(code, 0, code.length, parsed));
                for (int pos = 0; pos < 2; pos++) {
                    final byte original = code[pos];
                    for (final byte replacement : ALPHABET) {
                        if (replacement != original) {
                            code[pos] = replacement;
                            final int verdict = both.check(code, 0, code.length, parsed);
                            assertNotEquals(CodeAuthenticator.AUTHENTIC, verdict);
                            assertTrue(isForgery(verdict), "verdict " + verdict);
                            if (verdict == CodeAuthenticator.UNKNOWN_KEY) {
                                unknown++;
                            }
                        }
                    }
                    code[pos] = original;
                }
            }
        }
        assertTrue(unknown > 0);
    }

    /** A verdict the server answers as FORGED. */
    private static boolean isForgery(final int verdict) {
        return verdict == CodeAuthenticator.FORGED || verdict == CodeAuthenticator.UNKNOWN_KEY;
    }

    private static byte[] ascii(final String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
