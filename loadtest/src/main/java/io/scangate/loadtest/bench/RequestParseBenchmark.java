package io.scangate.loadtest.bench;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.scangate.server.http.ScanBodyParser;
import io.scangate.server.intake.ScanFields;
import io.scangate.verifier.code.CodeAuthenticator;
import io.scangate.verifier.code.ParsedCode;
import io.scangate.verifier.ledger.Hashing;
import io.scangate.verifier.ledger.Regions;

/**
 * The event loop's share of a {@code POST /v1/scans}, after Netty's HTTP decoding: the strict JSON
 * body parser ({@link ScanBodyParser}) into {@link ScanFields}, then the code check and the hashes
 * that go into the ring event, as {@code ScanConnection.scanPost} runs them. Bodies are 4096
 * distinct valid codes cycled, each in a buffer of the kind Netty hands over ({@code heap}: an
 * accessible array, parsed in place; {@code direct}: copied into the parser's scratch array first).
 * The baseline {@link #touchBytes} reads every byte of the same body, the least any parser must do.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class RequestParseBenchmark {
    private static final int BODIES = 4096;
    private static final int MASK = BODIES - 1;
    private static final String[] REGIONS = {"CN-31", "CN-11", "CN-44", "HK"};

    @Param({"heap", "direct"})
    public String buffer;

    /** {@code minimal}: code, device, region; {@code full}: also consumer, lat/lon and requestId. */
    @Param({"minimal", "full"})
    public String body;

    private final ScanBodyParser parser = new ScanBodyParser();
    private final ScanFields fields = new ScanFields();
    private final ParsedCode parsed = new ParsedCode();
    private CodeAuthenticator authenticator;
    private ByteBuf[] bodies;
    private int next;

    @Setup
    public void setUp() {
        authenticator = new CodeAuthenticator(Fixtures.keyRing());
        bodies = new ByteBuf[BODIES];
        for (int i = 0; i < BODIES; i++) {
            final String code = authenticator.issue(Fixtures.KEY_ID, 1_000 + i);
            final String json = "minimal".equals(body)
                    ? String.format("{\"code\":\"%s\",\"device\":\"bench-device-%d\",\"region\":\"%s\"}", code, i % 1024, REGIONS[i & 3])
                    : String.format("{\"code\":\"%s\",\"device\":\"bench-device-%d\",\"consumer\":\"member-%d\",\"region\":\"%s\","
                            + "\"lat\":31.2304,\"lon\":121.4737,\"requestId\":\"req-%08d\"}", code, i % 1024, i, REGIONS[i & 3], i);
            final byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
            bodies[i] = "heap".equals(buffer) ? Unpooled.wrappedBuffer(bytes) : Unpooled.directBuffer(bytes.length).writeBytes(bytes);
        }
        for (final ByteBuf b : bodies) {
            if (parser.parse(b.duplicate(), fields) != null) {
                throw new IllegalStateException("benchmark body refused: " + b.toString(StandardCharsets.UTF_8));
            }
            if (authenticator.check(fields.code, 0, fields.codeLength, parsed) != CodeAuthenticator.AUTHENTIC) {
                throw new IllegalStateException("benchmark code not authentic: " + b.toString(StandardCharsets.UTF_8));
            }
        }
    }

    private ByteBuf nextBody() {
        final ByteBuf b = bodies[next++ & MASK];
        b.readerIndex(0);
        return b;
    }

    /** The JSON body into {@link ScanFields}; returns the problem (null) so nothing is dead code. */
    @Benchmark
    public String parse() {
        return parser.parse(nextBody(), fields);
    }

    /** What the event loop does per scan POST: parse, code check, device/consumer hashes, region. */
    @Benchmark
    public long parseAndCheck() {
        if (parser.parse(nextBody(), fields) != null) {
            return -1;
        }
        final int check = authenticator.check(fields.code, 0, fields.codeLength, parsed);
        final long device = Hashing.hash(fields.device, 0, fields.deviceLength);
        final long consumer = fields.consumerLength == 0 ? 0 : Hashing.hash(fields.consumer, 0, fields.consumerLength);
        final long region = fields.regionLength == 0 ? Regions.NONE : Regions.pack(fields.region, 0, fields.regionLength);
        return parsed.codeId() ^ device ^ consumer ^ region ^ check;
    }

    /** Baseline: read every byte of the same body (what any parser must at least do). */
    @Benchmark
    public long touchBytes() {
        final ByteBuf b = nextBody();
        long sum = 0;
        for (int i = b.readerIndex(), end = b.writerIndex(); i < end; i++) {
            sum += b.getByte(i);
        }
        return sum;
    }
}
