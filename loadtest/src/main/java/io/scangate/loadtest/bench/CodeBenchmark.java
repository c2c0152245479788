package io.scangate.loadtest.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import io.scangate.verifier.code.CodeAuthenticator;
import io.scangate.verifier.code.CodeFormat;
import io.scangate.verifier.code.ParsedCode;
import io.scangate.verifier.code.SipHash;

/**
 * The event loop's authenticity check of one code: Crockford decode of the 20 ASCII characters,
 * SipHash-2-4 of the code id and a tag compare ({@link #authenticate}), against decoding alone
 * ({@link #decodeOnly}); and SipHash alone ({@link #sipHash}) against loading its input
 * ({@link #loadCodeId}). Inputs cycle through 4096 distinct valid codes (80 KB of text, cache
 * resident like a receive buffer), so the branch predictor cannot learn one code.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class CodeBenchmark {
    private static final int CODES = 1 << 12;
    private static final int MASK = CODES - 1;
    private static final int LENGTH = CodeFormat.LENGTH;

    private final CodeAuthenticator authenticator = new CodeAuthenticator(Fixtures.keyRing());
    private final ParsedCode parsed = new ParsedCode();
    // Not final and not static: the JIT must not fold the key into the hash.
    private long k0 = Fixtures.K0;
    private long k1 = Fixtures.K1;
    private byte[] text;
    private long[] codeIds;
    private int next;

    @Setup
    public void setUp() {
        text = new byte[CODES * LENGTH];
        codeIds = new long[CODES];
        final SplittableRandom random = new SplittableRandom(Fixtures.SEED);
        for (int i = 0; i < CODES; i++) {
            final long serial = 1 + random.nextLong(CodeFormat.MAX_SERIAL);
            authenticator.issueInto(Fixtures.KEY_ID, serial, text, i * LENGTH);
            codeIds[i] = Fixtures.codeId(serial);
            if (authenticator.check(text, i * LENGTH, LENGTH, parsed) != CodeAuthenticator.AUTHENTIC) {
                throw new IllegalStateException("issued code " + i + " does not authenticate");
            }
        }
        k0 = Fixtures.K0;
        k1 = Fixtures.K1;
    }

    /** Decode + key lookup + SipHash-2-4 + compare: what the event loop does per scan. */
    @Benchmark
    public void authenticate(final Blackhole bh) {
        final int offset = (next++ & MASK) * LENGTH;
        bh.consume(authenticator.check(text, offset, LENGTH, parsed));
        bh.consume(parsed.tag());
    }

    /** Baseline of {@link #authenticate}: the same decode, no tag computation. */
    @Benchmark
    public void decodeOnly(final Blackhole bh) {
        final int offset = (next++ & MASK) * LENGTH;
        bh.consume(CodeFormat.decode(text, offset, LENGTH, parsed));
        bh.consume(parsed.tag());
    }

    /** SipHash-2-4 of one 8-byte code id. */
    @Benchmark
    public long sipHash() {
        return SipHash.hash(k0, k1, codeIds[next++ & MASK]);
    }

    /** Baseline of {@link #sipHash}: loading the input and nothing else. */
    @Benchmark
    public long loadCodeId() {
        return codeIds[next++ & MASK] ^ k0 ^ k1;
    }
}
