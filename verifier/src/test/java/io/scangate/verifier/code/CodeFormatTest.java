package io.scangate.verifier.code;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CodeFormatTest {
    private static final String ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    @Test
    void shouldRoundTripRandomCodeIdsAndTags() {
        final SplittableRandom random = new SplittableRandom(7L);
        final ParsedCode parsed = new ParsedCode();
        final byte[] buf = new byte[CodeFormat.LENGTH];
        for (int i = 0; i < 100_000; i++) {
            final int keyId = random.nextInt(1 << CodeFormat.KEY_ID_BITS);
            final long serial = random.nextLong(CodeFormat.MAX_SERIAL + 1);
            final long tag = random.nextLong() & CodeFormat.TAG_MASK;
            final long codeId = CodeFormat.codeId(keyId, serial);

            CodeFormat.encode(codeId, tag, buf, 0);
            assertEquals(CodeFormat.OK, CodeFormat.decode(buf, 0, buf.length, parsed));
            assertEquals(codeId, parsed.codeId());
            assertEquals(tag, parsed.tag());
            assertEquals(keyId, parsed.keyId());
            assertEquals(serial, parsed.serial());

            final String text = CodeFormat.toText(codeId, tag);
            assertEquals(new String(buf, StandardCharsets.US_ASCII), text);
            assertEquals(text, parsed.text());
            final ParsedCode fromText = new ParsedCode();
            assertEquals(CodeFormat.OK, CodeFormat.decode(text, fromText));
            assertEquals(codeId, fromText.codeId());
            assertEquals(tag, fromText.tag());
        }
    }

    @Test
    void shouldRoundTripTheSmallestAndLargestValues() {
        assertEquals("00000000000000000000", CodeFormat.toText(0, 0));
        assertEquals("ZZZZZZZZZZZZZZZZZZZZ", CodeFormat.toText(CodeFormat.CODE_ID_MASK, CodeFormat.TAG_MASK));
        final ParsedCode parsed = new ParsedCode();
        assertEquals(CodeFormat.OK, CodeFormat.decode("ZZZZZZZZZZZZZZZZZZZZ", parsed));
        assertEquals(255, parsed.keyId());
        assertEquals(CodeFormat.MAX_SERIAL, parsed.serial());
        assertEquals(CodeFormat.TAG_MASK, parsed.tag());
    }

    @Test
    void shouldPutTheKeyIdInTheMostSignificantBitsOfTheFirstCharacters() {
        // key id 1 = bits 99..92 = 0000 0001: character 0 is 00000, character 1 is 001xx.
        assertEquals("04000000000000000000", CodeFormat.toText(CodeFormat.codeId(1, 0), 0));
        assertEquals("ZW000000000000000000", CodeFormat.toText(CodeFormat.codeId(255, 0), 0));
        assertEquals("00000000000000000001", CodeFormat.toText(0, 1));
        // serial 1 is bit 48: character 10 holds bits 49..45, so it reads 01000 = 8.
        assertEquals("00000000008000000000", CodeFormat.toText(CodeFormat.codeId(0, 1), 0));
    }

    @Test
    void shouldDecodeFromAnOffsetInsideALargerArray() {
        final byte[] buf = "xx\"7ZK4-M8QR-ST9V-WXY0-1234\"yy".getBytes(StandardCharsets.US_ASCII);
        final ParsedCode parsed = new ParsedCode();
        assertEquals(CodeFormat.OK, CodeFormat.decode(buf, 3, 24, parsed));
        assertEquals("7ZK4M8QRST9VWXY01234", parsed.text());
        assertEquals(CodeFormat.BAD_CHARACTER, CodeFormat.decode(buf, 2, 24, parsed));
    }

    @Test
    void shouldDecodeNormalisedVariantsToTheSameCode() {
        final SplittableRandom random = new SplittableRandom(11L);
        final ParsedCode expected = new ParsedCode();
        final ParsedCode actual = new ParsedCode();
        for (int i = 0; i < 20_000; i++) {
            final String text = CodeFormat.toText(random.nextLong() & CodeFormat.CODE_ID_MASK, random.nextLong() & CodeFormat.TAG_MASK);
            assertEquals(CodeFormat.OK, CodeFormat.decode(text, expected));
            final String variant = variantOf(text, random);
            assertEquals(CodeFormat.OK, CodeFormat.decode(variant, actual), variant);
            assertEquals(expected.codeId(), actual.codeId(), variant);
            assertEquals(expected.tag(), actual.tag(), variant);
            final byte[] ascii = variant.getBytes(StandardCharsets.US_ASCII);
            assertEquals(CodeFormat.OK, CodeFormat.decode(ascii, 0, ascii.length, actual), variant);
            assertEquals(expected.codeId(), actual.codeId(), variant);
            assertEquals(expected.tag(), actual.tag(), variant);
        }
    }

    @Test
    void shouldMapLookAlikeLettersToDigits() {
        final ParsedCode expected = new ParsedCode();
        final ParsedCode actual = new ParsedCode();
        assertEquals(CodeFormat.OK, CodeFormat.decode("01010101010101010101", expected));
        for (final String variant : new String[] {
            "oIOiOlOLo1010101o1o1", "0101-0101-0101-0101-0101", "01010 10101 01010 10101",
            " -0101010101010101010 1- ", "OLOL OLOL OLOL OLOL OLOL"}) {
            assertEquals(CodeFormat.OK, CodeFormat.decode(variant, actual), variant);
            assertEquals(expected.codeId(), actual.codeId(), variant);
            assertEquals(expected.tag(), actual.tag(), variant);
        }
        assertEquals(CodeFormat.OK, CodeFormat.decode("abcdefghjkmnpqrstvwx", actual));
        assertEquals("ABCDEFGHJKMNPQRSTVWX", actual.text());
    }

    @Test
    void shouldAcceptSixtyFourRawCharactersButNotSixtyFive() {
        final String code = "7ZK4M8QRST9VWXY01234";
        final String padded64 = code + "-".repeat(CodeFormat.MAX_RAW_LENGTH - code.length());
        final ParsedCode parsed = new ParsedCode();
        assertEquals(CodeFormat.OK, CodeFormat.decode(padded64, parsed));
        assertEquals(code, parsed.text());
        assertEquals(CodeFormat.BAD_LENGTH, CodeFormat.decode(padded64 + " ", parsed));
        final byte[] ascii = (padded64 + "-").getBytes(StandardCharsets.US_ASCII);
        assertEquals(CodeFormat.BAD_LENGTH, CodeFormat.decode(ascii, 0, ascii.length, parsed));
        assertEquals(CodeFormat.BAD_LENGTH, CodeFormat.decode("A".repeat(1000), parsed));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-", "   ", "7ZK4M8QRST9VWXY0123", "7ZK4M8QRST9VWXY012345", "7ZK4M-8QRS-T9VW-XY01-2", "0", "7ZK4M8QRST9VWXY01234" + "7ZK4M8QRST9VWXY01234"})
    void shouldRefuseAWrongNumberOfCharactersAsBadLength(final String text) {
        final ParsedCode parsed = new ParsedCode();
        assertEquals(CodeFormat.BAD_LENGTH, CodeFormat.decode(text, parsed), text);
        final byte[] ascii = text.getBytes(StandardCharsets.US_ASCII);
        assertEquals(CodeFormat.BAD_LENGTH, CodeFormat.decode(ascii, 0, ascii.length, parsed), text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"7ZK4M8QRST9VWXY0123U", "u7ZK4M8QRST9VWXY0123", "7ZK4M8QRST*VWXY01234", "7ZK4M8QRST9VWXY0123é",
        "7ZK4M8QRST9VWXY0123Ö", "7ZK4M_8QRS_T9VW_XY01_2345", "7ZK4M.8QRST9VWXY01234", "7ZK4M8QRST\t9VWXY01234",
        "7ZK4M8QRST9VWXY0123\u0000", "7ZK4M8QRST9VWXY0123\u00a0", "７ZK4M8QRST9VWXY01234", "\uD83D\uDE00ZK4M8QRST9VWXY012345"})
    void shouldRefuseCharactersOutsideTheAlphabetAsBadCharacter(final String text) {
        final ParsedCode parsed = new ParsedCode();
        assertEquals(CodeFormat.BAD_CHARACTER, CodeFormat.decode(text, parsed), text);
        final byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        assertEquals(CodeFormat.BAD_CHARACTER, CodeFormat.decode(utf8, 0, utf8.length, parsed), text);
    }

    @Test
    void shouldRefuseEveryAsciiCharacterOutsideTheAlphabetAndItsAliases() {
        final String accepted = ALPHABET + ALPHABET.toLowerCase() + "OoIiLl- ";
        final ParsedCode parsed = new ParsedCode();
        final byte[] buf = "7ZK4M8QRST9VWXY01234".getBytes(StandardCharsets.US_ASCII);
        for (int c = 0; c < 256; c++) {
            if (c < 128 && accepted.indexOf(c) >= 0) {
                continue;
            }
            buf[5] = (byte) c;
            assertEquals(CodeFormat.BAD_CHARACTER, CodeFormat.decode(buf, 0, buf.length, parsed), "character " + c);
        }
    }

    @Test
    void shouldLeaveTheHolderUnchangedWhenDecodingFails() {
        final ParsedCode parsed = new ParsedCode();
        assertEquals(CodeFormat.OK, CodeFormat.decode("7ZK4M8QRST9VWXY01234", parsed));
        final long codeId = parsed.codeId();
        final long tag = parsed.tag();
        assertEquals(CodeFormat.BAD_CHARACTER, CodeFormat.decode("7ZK4M8QRST9VWXY0123U", parsed));
        assertEquals(CodeFormat.BAD_LENGTH, CodeFormat.decode("7ZK4M8QRST9VWXY0123", parsed));
        assertEquals(codeId, parsed.codeId());
        assertEquals(tag, parsed.tag());
    }

    /** The same code as a person might type it: any case, look-alike letters, separators. */
    private static String variantOf(final String text, final SplittableRandom random) {
        final StringBuilder sb = new StringBuilder(CodeFormat.MAX_RAW_LENGTH);
        int separators = CodeFormat.MAX_RAW_LENGTH - CodeFormat.LENGTH;
        for (int i = 0; i < text.length(); i++) {
            while (separators > 0 && random.nextInt(4) == 0) {
                sb.append(random.nextBoolean() ? '-' : ' ');
                separators--;
            }
            final char c = text.charAt(i);
            if (c == '0') {
                sb.append("0oO".charAt(random.nextInt(3)));
            } else if (c == '1') {
                sb.append("1iIlL".charAt(random.nextInt(5)));
            } else {
                sb.append(random.nextBoolean() ? Character.toLowerCase(c) : c);
            }
        }
        return sb.toString();
    }
}
