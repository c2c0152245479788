package io.scangate.server.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import io.scangate.server.intake.ScanFields;

class ScanBodyParserTest {
    private static final String CODE = "7ZK4M8QRST9VWXY01234";
    private static final String MINIMAL = "{'code':'" + CODE + "','device':'phone-1'}";
    private static final String FULL = "{'code':'7ZK4-M8QR-ST9V-WXY0-1234','device':'phone-1','consumer':'alice',"
            + "'region':'CN-31','lat':31.2304,'lon':121.4737,'requestId':'req-42'}";

    private final ScanBodyParser parser = new ScanBodyParser();
    private final ScanFields fields = new ScanFields();

    // ---------------------------------------------------------------- valid bodies

    @Test
    void shouldParseAMinimalBody() {
        assertNull(parse(json(MINIMAL)));
        assertEquals(CODE, text(fields.code, fields.codeLength));
        assertEquals("phone-1", text(fields.device, fields.deviceLength));
        assertEquals(0, fields.consumerLength);
        assertEquals(0, fields.regionLength);
        assertFalse(fields.hasLocation);
        assertEquals(0, fields.requestIdLength);
    }

    @Test
    void shouldParseAFullBody() {
        assertNull(parse(json(FULL)));
        assertEquals("7ZK4-M8QR-ST9V-WXY0-1234", text(fields.code, fields.codeLength));
        assertEquals("phone-1", text(fields.device, fields.deviceLength));
        assertEquals("alice", text(fields.consumer, fields.consumerLength));
        assertEquals("CN-31", text(fields.region, fields.regionLength));
        assertTrue(fields.hasLocation);
        assertEquals(31.2304, fields.lat);
        assertEquals(121.4737, fields.lon);
        assertEquals("req-42", text(fields.requestId, fields.requestIdLength));
    }

    @Test
    void shouldAcceptWhitespaceBetweenAllTokens() {
        final String body = " \t\r\n{ \n\"code\"\t:\r\"" + CODE + "\" ,\n \"device\" : \"d\" , \"lat\" : -1.5 ,"
                + " \"lon\":2 , \"x\" : [ 1 , { \"y\" : null } , [ ] , { } ] } \r\n\t ";
        assertNull(parse(utf8(body)));
        assertEquals(CODE, text(fields.code, fields.codeLength));
        assertEquals("d", text(fields.device, fields.deviceLength));
        assertEquals(-1.5, fields.lat);
        assertEquals(2.0, fields.lon);
    }

    @Test
    void shouldDecodeEveryEscape() {
        // decoded into the code's bytes: the device refuses control characters (issue 13), the JSON decoding is the same
        final String body = "{\"code\":\"a\\\"b\\\\c\\/d\\be\\ff\\ng\\rh\\ti\\u0041\\u00e9\\u4E2D\\ud83d\\ude00\",\"device\":\"d\"}";
        assertNull(parse(utf8(body)));
        assertArrayEquals(utf8("a\"b\\c/d\be\ff\ng\rh\tiAé中\uD83D\uDE00"), Arrays.copyOf(fields.code, fields.codeLength));
        assertEquals("field 'device' must not contain control characters",
                parse(utf8("{\"code\":\"" + CODE + "\",\"device\":\"a\\nb\"}")), "an escaped line break in a device id");
        assertEquals("field 'consumer' must not contain control characters",
                parse(utf8("{\"code\":\"" + CODE + "\",\"device\":\"d\",\"consumer\":\"a\\u0000b\"}")), "an escaped NUL");
    }

    @Test
    void shouldKeepAUnicodeDeviceAsUtf8AndCountItsCharacters() {
        final String emoji64 = "\uD83D\uDE00".repeat(64);
        assertNull(parse(body("device", '"' + emoji64 + '"')));
        assertEquals(256, fields.deviceLength);
        assertArrayEquals(utf8(emoji64), Arrays.copyOf(fields.device, fields.deviceLength));

        final String escaped64 = "\\ud83d\\ude00".repeat(64);
        assertNull(parse(body("device", '"' + escaped64 + '"')));
        assertArrayEquals(utf8(emoji64), Arrays.copyOf(fields.device, fields.deviceLength));

        assertNull(parse(body("device", "\"" + "中".repeat(64) + "\"")));
        assertEquals(192, fields.deviceLength);
        assertNull(parse(body("device", "\"Ä\"")));
        assertArrayEquals(utf8("Ä"), Arrays.copyOf(fields.device, fields.deviceLength));

        assertEquals("field 'device' must be a string of 1 to 64 characters", parse(body("device", '"' + "\uD83D\uDE00".repeat(65) + '"')));
        assertEquals("field 'device' must be a string of 1 to 64 characters", parse(body("device", "\"" + "中".repeat(65) + "\"")));
    }

    @Test
    void shouldSkipUnknownFieldsWhateverTheirValue() {
        final String body = "{'x':{'a':[1,2.5e-3,{'b':null}],'c':'s\\u0041\\n','d':{}},'y':[],'z':true,'w':false,'v':null,"
                + "'u':-0.0E+0,'code':'" + CODE + "','t':'\\ud83d\\ude00','device':'d','s':[[[[]]]],'r':'中'}";
        assertNull(parse(json(body)));
        assertEquals(CODE, text(fields.code, fields.codeLength));
        assertEquals("d", text(fields.device, fields.deviceLength));
    }

    @Test
    void shouldIgnoreUnknownFieldsGivenTwiceAndLongFieldNames() {
        assertNull(parse(json("{'x':1,'x':2,'code':'" + CODE + "','device':'d','" + "n".repeat(1000) + "':'v','codes':1,'Code':2,'cod':3}")));
        assertEquals(CODE, text(fields.code, fields.codeLength));
    }

    @Test
    void shouldMatchFieldNamesWrittenWithEscapes() {
        assertNull(parse(json("{'\\u0063ode':'" + CODE + "','dev\\u0069ce':'d'}")));
        assertEquals(CODE, text(fields.code, fields.codeLength));
        assertEquals("duplicate field 'code'", parse(json("{'code':'" + CODE + "','\\u0063ode':'x','device':'d'}")));
    }

    @Test
    void shouldTreatNullAsAbsentForOptionalFields() {
        assertNull(parse(json("{'code':'" + CODE + "','device':'d','consumer':null,'region':null,'lat':null,'lon':null,'requestId':null}")));
        assertEquals(0, fields.consumerLength);
        assertEquals(0, fields.regionLength);
        assertFalse(fields.hasLocation);
        assertEquals(0, fields.requestIdLength);
    }

    @Test
    void shouldTreatAnEmptyConsumerAsAbsent() {
        assertNull(parse(body("consumer", "''")));
        assertEquals(0, fields.consumerLength);
        assertNull(parse(body("consumer", "'" + "c".repeat(64) + "'")));
        assertEquals(64, fields.consumerLength);
    }

    @Test
    void shouldForgetThePreviousBodysFields() {
        assertNull(parse(json(FULL)));
        assertNull(parse(json(MINIMAL)));
        assertEquals(0, fields.consumerLength);
        assertEquals(0, fields.regionLength);
        assertFalse(fields.hasLocation);
        assertEquals(0.0, fields.lat);
        assertEquals(0, fields.requestIdLength);
        assertNull(parse(json(FULL)));
        assertNotNull(parse(json("{'code':'x'}")));
        assertEquals(0, fields.codeLength, "a failed parse leaves no fields behind");
        assertFalse(fields.hasLocation);
    }

    @Test
    void shouldAcceptCodesOfUpTo64BytesWhateverTheirContent() {
        assertNull(parse(body("code", "'" + "A".repeat(64) + "'")));
        assertEquals(64, fields.codeLength);
        assertNull(parse(body("code", "''")));
        assertEquals(0, fields.codeLength);
        assertNull(parse(body("code", "'7zk4 m8qr*é'")));
        assertArrayEquals(utf8("7zk4 m8qr*é"), Arrays.copyOf(fields.code, fields.codeLength));
        assertEquals("code is longer than 64 characters", parse(body("code", "'" + "A".repeat(65) + "'")));
        assertEquals("code is longer than 64 characters", parse(body("code", "'" + "A".repeat(63) + "é'")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"CN", "US", "CN-31", "US-CA", "GB-ENG", "FR-75C", "DE-B", "ZZ-999"})
    void shouldAcceptIso3166Regions(final String region) {
        assertNull(parse(body("region", "'" + region + "'")));
        assertEquals(region, text(fields.region, fields.regionLength));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-0", "90", "-90", "90.0", "-90.000", "1e1", "1E+1", "0.5e-1", "9e1", "-9.0E1", "8.999999999999999e1",
        "31.230416", "0.30000000000000004", "89.99999999999999", "1e-400", "0.000000000000000000000000001", "9007199254740993e-15",
        "12345678901234567890e-19", "1.00000000000000000000000000000000000001", "45.123456789012345678901234567890"})
    void shouldConvertLatitudesExactlyLikeDoubleParseDouble(final String lat) {
        assertNull(parse(json("{'code':'x','device':'d','lat':" + lat + ",'lon':0}")), lat);
        assertEquals(Double.doubleToRawLongBits(Double.parseDouble(lat)), Double.doubleToRawLongBits(fields.lat), lat);
    }

    @Test
    void shouldConvertRandomCoordinatesExactlyLikeDoubleParseDouble() {
        final SplittableRandom random = new SplittableRandom(31L);
        final StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 30_000; i++) {
            sb.setLength(0);
            if (random.nextBoolean()) {
                sb.append('-');
            }
            sb.append(random.nextInt(181));
            final int fraction = random.nextInt(22);
            if (fraction > 0) {
                sb.append('.');
                for (int d = 0; d < fraction; d++) {
                    sb.append((char) ('0' + random.nextInt(10)));
                }
            }
            if (random.nextInt(4) == 0) {
                sb.append(random.nextBoolean() ? 'e' : 'E').append(random.nextBoolean() ? "-" : random.nextBoolean() ? "+" : "")
                        .append(random.nextInt(30));
            }
            final String lon = sb.toString();
            final double expected = Double.parseDouble(lon);
            final String problem = parseQuickly(json("{'code':'x','device':'d','lat':0,'lon':" + lon + "}"));
            if (expected >= -180 && expected <= 180) {
                assertNull(problem, lon);
                assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(fields.lon), lon);
            } else {
                assertEquals("field 'lon' must be a number from -180 to 180", problem, lon);
            }
        }
    }

    @Test
    void shouldReadOnlyTheReadableBytesAndLeaveTheIndicesAlone() {
        final byte[] body = json(FULL);
        final byte[] framed = new byte[body.length + 20];
        Arrays.fill(framed, (byte) '}');
        System.arraycopy(body, 0, framed, 7, body.length);
        final ByteBuf slice = Unpooled.wrappedBuffer(framed).slice(7, body.length);
        assertTrue(slice.hasArray());
        assertTrue(slice.arrayOffset() > 0);
        try {
            assertNull(parser.parse(slice, fields));
            assertEquals(0, slice.readerIndex());
            assertEquals(body.length, slice.writerIndex());
            assertEquals("alice", text(fields.consumer, fields.consumerLength));
        } finally {
            slice.release();
        }
    }

    @Test
    void shouldNotAllocateWhileParsingTypicalBodies() {
        assumeTrue(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean);
        final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assumeTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled());
        final ByteBuf heap = Unpooled.wrappedBuffer(json(FULL));
        final ByteBuf minimal = Unpooled.wrappedBuffer(json(MINIMAL));
        final ByteBuf tracked = Unpooled.directBuffer(512).writeBytes(utf8(
                "{\"requestId\":\"r-1\",\"code\":\"" + CODE + "\",\"device\":\"\\u00e9\u4e2d\uD83D\uDE00\",\"lat\":-33.86882,\"lon\":151.20929,"
                        + "\"region\":\"AU-NSW\",\"extra\":{\"app\":[1,2,3],\"v\":\"2.1\"}}"));
        // Paranoid leak detection records a stack trace on each access of a tracked buffer;
        // measure the parser on the buffer underneath.
        final ByteBuf direct = tracked.unwrap() != null ? tracked.unwrap() : tracked;
        try {
            for (int i = 0; i < 50_000; i++) {
                parseThreeTimes(heap, minimal, direct);
            }
            // Best of five rounds: a JIT recompilation or deoptimisation on a busy machine can
            // allocate a few KB in one round (CI saw 5.6 KB once); a parser that allocates per parse
            // allocates in every round (one String per parse would be ~1 MB a round).
            long allocated = Long.MAX_VALUE;
            for (int round = 0; round < 5 && allocated >= 1024; round++) {
                final long before = threads.getCurrentThreadAllocatedBytes();
                for (int i = 0; i < 10_000; i++) {
                    parseThreeTimes(heap, minimal, direct);
                }
                allocated = Math.min(allocated, threads.getCurrentThreadAllocatedBytes() - before);
            }
            assertTrue(allocated < 1024, "allocated " + allocated + " bytes in 30,000 parses (best of five rounds)");
        } finally {
            heap.release();
            minimal.release();
            tracked.release();
        }
    }

    private void parseThreeTimes(final ByteBuf a, final ByteBuf b, final ByteBuf c) {
        if (parser.parse(a, fields) != null || parser.parse(b, fields) != null || parser.parse(c, fields) != null) {
            throw new AssertionError("typical body refused");
        }
    }

    // ---------------------------------------------------------------- invalid bodies

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "\r\n\t "})
    void shouldRefuseAnEmptyBody(final String body) {
        assertEquals("empty body: expected a JSON object with 'code' and 'device'", parse(utf8(body)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "[{\"code\":\"x\",\"device\":\"d\"}]", "\"code\"", "1", "null", "true", "code=x&device=d", "\uFEFF{}"})
    void shouldRefuseABodyThatIsNotAnObject(final String body) {
        assertEquals("body must be a JSON object", parse(utf8(body)));
    }

    @Test
    void shouldRefuseEveryTruncationOfAValidBody() {
        for (final String valid : List.of(FULL, MINIMAL,
                "{'code':'" + CODE + "','device':'\\u00e9\\ud83d\\ude00é中\uD83D\uDE00','x':[{'a':[true,false,null,-1.5e+3]}],'lat':-0.5,'lon':1E2}")) {
            final byte[] body = json(valid);
            assertNull(parse(body), valid);
            for (int n = 0; n < body.length; n++) {
                final String problem = parse(Arrays.copyOf(body, n));
                assertNotNull(problem, "prefix of " + n + " bytes");
                if (n == 0) {
                    assertEquals("empty body: expected a JSON object with 'code' and 'device'", problem);
                } else {
                    assertEquals("malformed JSON at byte " + n + ": unexpected end of input", problem, "prefix of " + n + " bytes");
                }
            }
        }
    }

    @Test
    void shouldNameTheByteAndWhatWasExpected() {
        assertEquals("malformed JSON at byte 8: expected ':'", parse(utf8("{\"code\" \"x\"}")));
        assertEquals("malformed JSON at byte 1: expected '\"' to start a field name", parse(utf8("{code:\"x\"}")));
        assertEquals("malformed JSON at byte 12: expected ',' or '}'", parse(utf8("{\"code\":\"x\" \"device\":\"d\"}")));
        assertEquals("malformed JSON at byte 12: expected '\"' to start a field name", parse(utf8("{\"code\":\"x\",}")));
        assertEquals("malformed JSON at byte 1: expected '\"' to start a field name", parse(utf8("{'code':'x','device':'d'}")));
        assertEquals("malformed JSON at byte 6: expected a value", parse(utf8("{\"x\": ,\"code\":\"x\"}")));
        assertEquals("malformed JSON at byte 8: expected ',' or ']'", parse(utf8("{\"x\":[1 2]}")));
        assertEquals("malformed JSON at byte 1: expected '\"' to start a field name", parse(utf8("{/* c */\"code\":\"x\"}")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\\x", "\\a", "\\'", "\\U0041", "\\u12", "\\u12G4", "\\u-123", "\\0", "\\ ", "\\\u00e9", "\\\u0001"})
    void shouldRefuseBadEscapes(final String escape) {
        final String prefix = "{\"code\":\"" + CODE + "\",";
        final String problem = parse(utf8(prefix + "\"device\":\"a" + escape + "xyz\"}"));
        assertNotNull(problem, escape);
        assertTrue(problem.startsWith("malformed JSON at byte ") && problem.contains("escape"), problem);
        assertNotNull(parse(utf8(prefix + "\"device\":\"d\",\"x\":\"a" + escape + "xyz\"}")), "in an unknown field: " + escape);
    }

    @Test
    void shouldRefuseControlCharactersInStrings() {
        for (int c = 0; c < 0x20; c++) {
            final String raw = "a" + (char) c + "b";
            assertEquals("malformed JSON at byte " + (json(MINIMAL).length - 8) + ": control character in string",
                    parse(json(MINIMAL.replace("phone-1", raw))), "character " + c);
            assertNotNull(parse(body("x", "\"" + raw + "\"")));
            assertNotNull(parse(json("{'code':'" + CODE + "','device':'d','a" + (char) c + "':1}")));
        }
        assertNull(parse(json("{'code':'a\u007fb','device':'d'}")), "DEL is not a control character for JSON");
        assertEquals("field 'device' must not contain control characters", parse(json(MINIMAL.replace("phone-1", "a\u007fb"))),
                "but it is one for a device id");
    }

    @ParameterizedTest
    @ValueSource(strings = {"01", "-01", "00.5", "00", "-00", "012e3"})
    void shouldRefuseLeadingZeros(final String number) {
        final String problem = parse(json("{'code':'x','device':'d','lat':" + number + ",'lon':0}"));
        assertNotNull(problem);
        assertTrue(problem.endsWith("leading zero in number"), problem);
        assertNotNull(parse(body("x", number)), "in an unknown field");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.", "-", "1e", "1e+", "1E-", "-.5", "-Infinity", "-NaN", "1.e3", "--1", "0x10", "1.5.3", "2e0.5", "1_000", "1,5"})
    void shouldRefuseNumbersOutsideTheJsonGrammar(final String number) {
        final String problem = parse(json("{'code':'x','device':'d','lat':" + number + ",'lon':0}"));
        assertNotNull(problem, number);
        assertTrue(problem.startsWith("malformed JSON at byte "), number + " -> " + problem);
        assertNotNull(parse(body("x", number)), "in an unknown field: " + number);
    }

    @ParameterizedTest
    @ValueSource(strings = {".5", "+1", "NaN", "Infinity", "'1'", "true", "[1]", "{}"})
    void shouldRefuseCoordinatesThatAreNotNumbers(final String value) {
        assertEquals("field 'lat' must be a number from -90 to 90", parse(json("{'code':'x','device':'d','lat':" + value + ",'lon':0}")), value);
        assertEquals("field 'lon' must be a number from -180 to 180", parse(json("{'code':'x','device':'d','lat':0,'lon':" + value + "}")), value);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\\ud800", "\\udbff", "\\udc00", "\\udfff", "\\ud800\\u0041", "\\ud83d\\ud83d", "\\ud800x", "\\ude00\\ud83d", "\\ud83d\\n"})
    void shouldRefuseLoneSurrogates(final String escape) {
        final String problem = parse(body("device", "\"a" + escape + "b\""));
        assertNotNull(problem, escape);
        assertTrue(problem.endsWith("lone surrogate in \\u escape"), problem);
        assertNotNull(parse(body("x", "\"a" + escape + "b\"")), "in an unknown field");
        assertNotNull(parse(json("{'code':'" + CODE + "','device':'d','a" + escape + "':1}")), "in a field name");
    }

    @Test
    void shouldRefuseIllFormedUtf8() {
        final int[][] sequences = {
            {0x80}, {0xBF}, {0xC0, 0x80}, {0xC1, 0xBF}, {0xC3}, {0xC3, 0x28}, {0xE0, 0x80, 0x80}, {0xE0, 0x9F, 0xBF},
            {0xED, 0xA0, 0x80}, {0xED, 0xBF, 0xBF}, {0xE4, 0xB8}, {0xF0, 0x8F, 0xBF, 0xBF}, {0xF4, 0x90, 0x80, 0x80},
            {0xF5, 0x80, 0x80, 0x80}, {0xF8, 0x88, 0x80, 0x80, 0x80}, {0xFE}, {0xFF}, {0xF0, 0x9F, 0x98},
        };
        for (final int[] sequence : sequences) {
            final byte[] bad = new byte[sequence.length];
            for (int i = 0; i < sequence.length; i++) {
                bad[i] = (byte) sequence[i];
            }
            final String problem = parse(concat(json("{'code':'" + CODE + "','device':'a"), bad, json("b'}")));
            assertNotNull(problem, Arrays.toString(sequence));
            assertTrue(problem.endsWith("invalid UTF-8"), problem);
            assertNotNull(parse(concat(json("{'code':'" + CODE + "','device':'d','x':'"), bad, json("'}"))), "in an unknown field");
            assertNotNull(parse(concat(json("{'code':'" + CODE + "','device':'d','"), bad, json("':1}"))), "in a field name");
        }
        // Well-formed boundaries of each length are accepted (in the code: U+0080 is a C1 control, which no id may hold).
        assertNull(parse(json("{'code':'\u0080\u07FF\u0800\uFFFF\uD800\uDC00\uDBFF\uDFFF\uE000\uD7FF','device':'d'}")));
    }

    @Test
    void shouldRefuseNestingDeeperThan32Levels() {
        // The body's own object is level 1, so 31 arrays inside it are the deepest allowed.
        assertNull(parse(body("x", "[".repeat(31) + "]".repeat(31))));
        assertNull(parse(body("x", "{\"a\":".repeat(31) + "1" + "}".repeat(31))));
        assertNull(parse(body("x", "[{\"a\":".repeat(15) + "[]" + "}]".repeat(15))));
        final String problem = parse(body("x", "[".repeat(32) + "]".repeat(32)));
        assertNotNull(problem);
        assertTrue(problem.endsWith("nesting deeper than 32 levels"), problem);
        assertTrue(parse(body("x", "{\"a\":".repeat(32) + "1" + "}".repeat(32))).endsWith("nesting deeper than 32 levels"));
        assertTrue(parse(body("x", "[".repeat(100_000))).endsWith("nesting deeper than 32 levels"));
        assertTrue(parse(body("x", "{\"a\":".repeat(100_000))).endsWith("nesting deeper than 32 levels"));
    }

    @Test
    void shouldRefuseWrongTypesForKnownFields() {
        for (final String value : List.of("5", "null", "true", "{}", "[\"x\"]")) {
            assertEquals("field 'code' must be a string", parse(json("{'code':" + value + ",'device':'d'}")), value);
            assertEquals("field 'device' must be a string of 1 to 64 characters", parse(json("{'code':'x','device':" + value + "}")), value);
        }
        for (final String value : List.of("5", "true", "false", "{}", "[]", "-1")) {
            assertEquals("field 'consumer' must be a string of at most 64 characters", parse(body("consumer", value)), value);
            assertEquals(io.scangate.server.intake.ScanFieldRules.BAD_REGION, parse(body("region", value)), value);
            assertEquals("field 'requestId' must be a string of 1 to 64 printable ASCII characters", parse(body("requestId", value)), value);
        }
    }

    @Test
    void shouldRefuseMisspelledLiterals() {
        for (final String value : List.of("nul", "nulll", "NULL", "Null", "nil", "tru", "True", "fals", "falsey")) {
            assertNotNull(parse(body("consumer", value)), value);
            assertNotNull(parse(body("x", value)), value);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"90.0001", "-90.5", "91", "-91", "1e400", "-1e400", "100", "9.1e1", "12345678901234567890"})
    void shouldRefuseLatitudesOutOfRange(final String lat) {
        assertEquals("field 'lat' must be a number from -90 to 90", parse(json("{'code':'x','device':'d','lat':" + lat + ",'lon':0}")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"180.0000001", "-181", "1e3", "-1.8e3", "360"})
    void shouldRefuseLongitudesOutOfRange(final String lon) {
        assertEquals("field 'lon' must be a number from -180 to 180", parse(json("{'code':'x','device':'d','lat':0,'lon':" + lon + "}")));
    }

    @Test
    void shouldRefuseALatitudeWithoutALongitudeAndTheReverse() {
        final String together = "fields 'lat' and 'lon' must be given together";
        assertEquals(together, parse(body("lat", "1")));
        assertEquals(together, parse(body("lon", "1")));
        assertEquals(together, parse(json("{'code':'x','device':'d','lat':1,'lon':null}")));
        assertEquals(together, parse(json("{'code':'x','device':'d','lat':null,'lon':-2}")));
        assertNull(parse(json("{'code':'x','device':'d','lat':0,'lon':0}")));
        assertTrue(fields.hasLocation);
    }

    @Test
    void shouldRefuseADeviceOfNoneOrMoreThan64Characters() {
        final String bad = "field 'device' must be a string of 1 to 64 characters";
        assertEquals(bad, parse(body("device", "''")));
        assertEquals(bad, parse(body("device", "'" + "d".repeat(65) + "'")));
        assertEquals(bad, parse(body("device", "'" + "é".repeat(65) + "'")));
        assertEquals(bad, parse(body("device", "'" + "d".repeat(10_000) + "'")));
        assertNull(parse(body("device", "'" + "d".repeat(64) + "'")));
        assertEquals(64, fields.deviceLength);
        assertNull(parse(body("device", "'" + "é".repeat(64) + "'")));
        assertEquals(128, fields.deviceLength);
    }

    @Test
    void shouldRefuseAConsumerOfMoreThan64Characters() {
        final String bad = "field 'consumer' must be a string of at most 64 characters";
        assertEquals(bad, parse(body("consumer", "'" + "c".repeat(65) + "'")));
        assertEquals(bad, parse(body("consumer", "'" + "\uD83D\uDE00".repeat(65) + "'")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "C", "CNN", "CN-", "CN31", "CN-3141", "CN_31", "C1", "12", "CN--1", "CN-31 ", " CN", "ÇN", "c-31"})
    void shouldRefuseRegionsOfTheWrongShape(final String region) {
        assertEquals(io.scangate.server.intake.ScanFieldRules.BAD_REGION, parse(body("region", "'" + region + "'")), region);
    }

    @ParameterizedTest
    @ValueSource(strings = {"cn", "Cn", "cN", "cn-31", "CN-3a", "us-ca"})
    void shouldAcceptARegionInAnyCaseAsItsUpperCase(final String region) {
        final io.scangate.server.intake.ScanFields out = new io.scangate.server.intake.ScanFields();
        assertEquals(null, new ScanBodyParser().parse(io.netty.buffer.Unpooled.copiedBuffer(
                "{\"code\":\"X\",\"device\":\"d\",\"region\":\"" + region + "\"}", java.nio.charset.StandardCharsets.UTF_8), out));
        assertEquals(region.toUpperCase(java.util.Locale.ROOT),
                new String(out.region, 0, out.regionLength, java.nio.charset.StandardCharsets.US_ASCII));
    }

    @Test
    void shouldRefuseBadRequestIds() {
        final String bad = "field 'requestId' must be a string of 1 to 64 printable ASCII characters";
        assertEquals(bad, parse(body("requestId", "''")));
        assertEquals(bad, parse(body("requestId", "'" + "r".repeat(65) + "'")));
        assertEquals(bad, parse(body("requestId", "'r\\n1'")));
        assertEquals(bad, parse(body("requestId", "'r\\u007f'")));
        assertEquals(bad, parse(body("requestId", "'réq'")));
        assertNull(parse(body("requestId", "'" + "r".repeat(64) + "'")));
        assertEquals(64, fields.requestIdLength);
        assertNull(parse(body("requestId", "' !~{}'")));
        assertEquals(" !~{}", text(fields.requestId, fields.requestIdLength));
    }

    @ParameterizedTest
    @ValueSource(strings = {"code", "device", "consumer", "region", "lat", "lon", "requestId"})
    void shouldRefuseAKnownFieldGivenTwice(final String name) {
        final String value = switch (name) {
            case "lat", "lon" -> "1";
            case "region" -> "'CN'";
            default -> "'x'";
        };
        final String members = "'code':'x','device':'d','lat':1,'lon':1";
        final String duplicate = "duplicate field '" + name + "'";
        assertEquals(duplicate, parse(json("{'" + name + "':" + value + "," + members + ",'" + name + "':" + value + "}")));
        assertEquals(duplicate, parse(json("{" + members + ",'" + name + "':" + value + ",'" + name + "':" + value + "}")));
        if (!name.equals("code") && !name.equals("device")) {
            assertEquals(duplicate, parse(json("{'" + name + "':null," + members + ",'" + name + "':" + value + "}")), "null counts");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"x", "{}", ",", "}", "]", "\"\"", "0", "null", "\u0000", " }", "\n{\"code\":\"x\"}"})
    void shouldRefuseDataAfterTheObject(final String trailing) {
        final byte[] body = json(MINIMAL);
        final String problem = parse(utf8(new String(body, StandardCharsets.UTF_8) + trailing));
        assertNotNull(problem, trailing);
        assertTrue(problem.endsWith("unexpected data after the object"), problem);
    }

    @Test
    void shouldRefuseABodyWithoutCodeOrDevice() {
        assertEquals("missing field 'code'", parse(json("{}")));
        assertEquals("missing field 'code'", parse(json("{'device':'d'}")));
        assertEquals("missing field 'device'", parse(json("{'code':'x'}")));
        assertEquals("missing field 'code'", parse(json("{'Code':'x','device':'d'}")));
    }

    // ---------------------------------------------------------------- robustness

    @Test
    void shouldNeverThrowOnRandomBytes() {
        final SplittableRandom random = new SplittableRandom(1234L);
        final byte[] alphabet = utf8("{}[]:,\"\\/ \t\n0123456789-+.eEtrufalsnbx\u0001codevicelatlonregion");
        final byte[] valid = json(FULL);
        for (int i = 0; i < 40_000; i++) {
            final byte[] body;
            switch (i % 3) {
                case 0 -> {
                    body = new byte[random.nextInt(80)];
                    for (int j = 0; j < body.length; j++) {
                        body[j] = (byte) random.nextInt(256);
                    }
                    if (body.length > 0 && random.nextBoolean()) {
                        body[0] = '{';
                    }
                }
                case 1 -> {
                    body = new byte[random.nextInt(80)];
                    for (int j = 0; j < body.length; j++) {
                        body[j] = alphabet[random.nextInt(alphabet.length)];
                    }
                    if (body.length > 0) {
                        body[0] = '{';
                    }
                }
                default -> body = mutate(valid, random, alphabet);
            }
            final String problem;
            try {
                problem = parseQuickly(body);
            } catch (final RuntimeException e) {
                throw new AssertionError("threw on " + Arrays.toString(body), e);
            }
            if (problem == null) {
                assertTrue(fields.deviceLength > 0 && fields.codeLength <= 64);
            } else {
                assertFalse(problem.isEmpty());
            }
        }
    }

    /**
     * A differential check against Jackson in strict mode over random well-formed bodies and their
     * mutations: what this parser accepts Jackson parses to the same values, what it calls
     * malformed Jackson refuses too, and what Jackson refuses this parser refuses.
     */
    @Test
    void shouldAgreeWithJacksonOnWhatIsWellFormedJson() {
        final ObjectMapper mapper = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        final SplittableRandom random = new SplittableRandom(99L);
        final byte[] alphabet = utf8("{}[]:,\"\\/ \n0123456789-+.eEtrufalsnu\u0001aZ");
        int accepted = 0;
        int refusedByBoth = 0;
        for (int i = 0; i < 12_000; i++) {
            final byte[] valid = utf8(randomBody(random));
            final byte[] body = random.nextInt(3) == 0 ? valid : mutate(valid, random, alphabet);
            final String problem = parseQuickly(body);
            JsonNode tree = null;
            try {
                tree = mapper.readTree(body);
            } catch (final IOException e) {
                // refused by Jackson
            }
            final String shown = new String(body, StandardCharsets.UTF_8);
            if (tree == null || tree.isMissingNode()) {
                assertNotNull(problem, "accepted what Jackson refuses: " + shown);
                refusedByBoth++;
                continue;
            }
            if (problem == null) {
                accepted++;
                assertEquals(tree.get("code").textValue(), new String(fields.code, 0, fields.codeLength, StandardCharsets.UTF_8), shown);
                assertEquals(tree.get("device").textValue(), new String(fields.device, 0, fields.deviceLength, StandardCharsets.UTF_8), shown);
                assertEquals(textOrEmpty(tree.get("consumer")), new String(fields.consumer, 0, fields.consumerLength, StandardCharsets.UTF_8), shown);
                assertEquals(textOrEmpty(tree.get("region")).toUpperCase(java.util.Locale.ROOT),
                        new String(fields.region, 0, fields.regionLength, StandardCharsets.UTF_8), shown + " (region upper-cased)");
                final JsonNode lat = tree.get("lat");
                if (fields.hasLocation) {
                    // Jackson reads "-0" as the integer 0; this parser as the double -0.0: equal as numbers.
                    assertEquals(lat.doubleValue(), fields.lat, 0.0, shown);
                    assertEquals(tree.get("lon").doubleValue(), fields.lon, 0.0, shown);
                } else {
                    assertTrue(lat == null || lat.isNull(), shown);
                }
            } else if (problem.startsWith("malformed JSON") && !problem.contains("surrogate") && !problem.contains("nesting")) {
                fail("Jackson accepts what this parser calls " + problem + ": " + shown);
            }
        }
        assertTrue(accepted > 3_000 && refusedByBoth > 3_000, "accepted " + accepted + ", refused by both " + refusedByBoth);
    }

    // ---------------------------------------------------------------- helpers

    /**
     * Parses {@code body} from four kinds of buffer (heap with bytes around the readable ones, a
     * slice with an array offset, direct, composite) that must agree, and leaves the result of
     * the last in {@link #fields}.
     */
    private String parse(final byte[] body) {
        final List<ByteBuf> buffers = new ArrayList<>();
        final ByteBuf heap = Unpooled.buffer(body.length + 10);
        heap.writeBytes(utf8("{\"a\":")).writeBytes(body).writeBytes(utf8("}}}}}"));
        heap.readerIndex(5).writerIndex(5 + body.length);
        buffers.add(heap);
        final byte[] framed = new byte[body.length + 6];
        System.arraycopy(body, 0, framed, 3, body.length);
        buffers.add(Unpooled.wrappedBuffer(framed).slice(3, body.length));
        final ByteBuf direct = Unpooled.directBuffer(body.length + 4);
        direct.writeBytes(utf8("{{")).writeBytes(body).readerIndex(2);
        buffers.add(direct);
        final CompositeByteBuf composite = Unpooled.compositeBuffer();
        final int half = body.length / 2;
        composite.addComponent(true, Unpooled.wrappedBuffer(Arrays.copyOfRange(body, 0, half)));
        composite.addComponent(true, Unpooled.wrappedBuffer(Arrays.copyOfRange(body, half, body.length)));
        buffers.add(composite);
        try {
            String first = null;
            String firstFields = null;
            for (int i = 0; i < buffers.size(); i++) {
                final ByteBuf buf = buffers.get(i);
                final int readerIndex = buf.readerIndex();
                final int writerIndex = buf.writerIndex();
                final String problem = parser.parse(buf, fields);
                assertEquals(readerIndex, buf.readerIndex(), "reader index moved");
                assertEquals(writerIndex, buf.writerIndex(), "writer index moved");
                final String described = describe(fields);
                if (i == 0) {
                    first = problem;
                    firstFields = described;
                } else {
                    assertEquals(first, problem, "buffer kind " + i);
                    assertEquals(firstFields, described, "buffer kind " + i);
                }
            }
            return first;
        } finally {
            for (final ByteBuf buf : buffers) {
                buf.release();
            }
        }
    }

    /** Parses {@code body} from one untracked heap buffer: for the bulk tests. */
    private String parseQuickly(final byte[] body) {
        final ByteBuf buf = Unpooled.wrappedBuffer(body);
        try {
            return parser.parse(buf, fields);
        } finally {
            buf.release();
        }
    }

    private static String describe(final ScanFields f) {
        return text(f.code, f.codeLength) + '|' + Arrays.toString(Arrays.copyOf(f.device, f.deviceLength)) + '|'
                + Arrays.toString(Arrays.copyOf(f.consumer, f.consumerLength)) + '|' + text(f.region, f.regionLength) + '|'
                + f.hasLocation + '|' + Double.doubleToRawLongBits(f.lat) + '|' + Double.doubleToRawLongBits(f.lon) + '|'
                + text(f.requestId, f.requestIdLength);
    }

    /** A body with code and device plus {@code name: value} ({@code '} stands for {@code "}); {@code name} may replace code or device. */
    private static byte[] body(final String name, final String value) {
        final StringBuilder sb = new StringBuilder("{");
        if (!name.equals("code")) {
            sb.append("\"code\":\"").append(CODE).append("\",");
        }
        if (!name.equals("device")) {
            sb.append("\"device\":\"d\",");
        }
        sb.append('"').append(name).append("\":").append(value.replace('\'', '"')).append('}');
        return utf8(sb.toString());
    }

    /** JSON written with {@code '} for {@code "}, as UTF-8. */
    private static byte[] json(final String singleQuoted) {
        return utf8(singleQuoted.replace('\'', '"'));
    }

    private static byte[] utf8(final String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(final byte[] b, final int length) {
        return new String(b, 0, length, StandardCharsets.UTF_8);
    }

    private static String textOrEmpty(final JsonNode node) {
        return node == null || node.isNull() ? "" : node.textValue();
    }

    private static byte[] concat(final byte[]... parts) {
        int n = 0;
        for (final byte[] p : parts) {
            n += p.length;
        }
        final byte[] out = new byte[n];
        int at = 0;
        for (final byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    private static byte[] mutate(final byte[] valid, final SplittableRandom random, final byte[] alphabet) {
        byte[] body = valid.clone();
        final int edits = 1 + random.nextInt(3);
        for (int e = 0; e < edits && body.length > 0; e++) {
            final int at = random.nextInt(body.length);
            final byte b = alphabet[random.nextInt(alphabet.length)];
            switch (random.nextInt(3)) {
                case 0 -> body[at] = b;
                case 1 -> body = concat(Arrays.copyOf(body, at), Arrays.copyOfRange(body, at + 1, body.length));
                default -> body = concat(Arrays.copyOf(body, at), new byte[] {b}, Arrays.copyOfRange(body, at, body.length));
            }
        }
        return body;
    }

    /** A random well-formed body: the known fields in random order and form, among unknown ones. */
    private static String randomBody(final SplittableRandom random) {
        final List<String> members = new ArrayList<>();
        members.add(member(random, "code", quoted(random, 1 + random.nextInt(30))));
        members.add(member(random, "device", quoted(random, 1 + random.nextInt(40), false)));
        if (random.nextBoolean()) {
            members.add(member(random, "consumer", random.nextInt(4) == 0 ? "null" : quoted(random, random.nextInt(40), false)));
        }
        if (random.nextBoolean()) {
            final String[] regions = {"\"CN\"", "\"CN-31\"", "\"US-CA\"", "\"GB-ENG\"", "null"};
            members.add(member(random, "region", regions[random.nextInt(regions.length)]));
        }
        if (random.nextBoolean()) {
            members.add(member(random, "lat", number(random, 90)));
            members.add(member(random, "lon", number(random, 180)));
        }
        for (int i = random.nextInt(4); i > 0; i--) {
            members.add(member(random, "x" + random.nextInt(100), value(random, 0)));
        }
        for (int i = members.size() - 1; i > 0; i--) {
            final int j = random.nextInt(i + 1);
            final String t = members.get(i);
            members.set(i, members.get(j));
            members.set(j, t);
        }
        return ws(random) + "{" + String.join(",", members) + "}" + ws(random);
    }

    private static String member(final SplittableRandom random, final String name, final String value) {
        return ws(random) + "\"" + name + "\"" + ws(random) + ":" + ws(random) + value + ws(random);
    }

    private static String ws(final SplittableRandom random) {
        final String[] choices = {"", "", "", " ", "\n", "\t ", "\r\n  "};
        return choices[random.nextInt(choices.length)];
    }

    private static String value(final SplittableRandom random, final int depth) {
        final int kind = random.nextInt(depth > 3 ? 5 : 7);
        switch (kind) {
            case 0:
                return quoted(random, random.nextInt(10));
            case 1:
                return number(random, 1_000_000);
            case 2:
                return "true";
            case 3:
                return "false";
            case 4:
                return "null";
            case 5: {
                final List<String> items = new ArrayList<>();
                for (int i = random.nextInt(4); i > 0; i--) {
                    items.add(ws(random) + value(random, depth + 1) + ws(random));
                }
                return "[" + String.join(",", items) + "]";
            }
            default: {
                final List<String> items = new ArrayList<>();
                for (int i = random.nextInt(4); i > 0; i--) {
                    items.add(member(random, "k" + i, value(random, depth + 1)));
                }
                return "{" + String.join(",", items) + "}";
            }
        }
    }

    private static String number(final SplittableRandom random, final int bound) {
        final StringBuilder sb = new StringBuilder();
        if (random.nextBoolean()) {
            sb.append('-');
        }
        sb.append(random.nextInt(bound));
        if (random.nextBoolean()) {
            sb.append('.').append(random.nextInt(1_000_000));
        }
        if (random.nextInt(5) == 0) {
            sb.append('e').append(random.nextBoolean() ? "-" : "").append(random.nextInt(3));
        }
        return sb.toString();
    }

    private static String quoted(final SplittableRandom random, final int characters) {
        return quoted(random, characters, true);
    }

    /** A JSON string of random pieces; {@code controls}: with escaped and raw control characters (not for ids). */
    private static String quoted(final SplittableRandom random, final int characters, final boolean controls) {
        final String[] pieces = controls
                ? new String[] {"a", "Z", "7", "-", " ", "é", "中", "\uD83D\uDE00", "\\\"", "\\\\", "\\/", "\\n", "\\t", "\\u0041",
                    "\\u00e9", "\\ud83d\\ude00", "\u007f"}
                : new String[] {"a", "Z", "7", "-", " ", "é", "中", "\uD83D\uDE00", "\\\"", "\\\\", "\\/", "\\u0041",
                    "\\u00e9", "\\ud83d\\ude00"};
        final StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < characters; i++) {
            sb.append(pieces[random.nextInt(pieces.length)]);
        }
        return sb.append('"').toString();
    }
}
