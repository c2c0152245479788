package io.scangate.loadtest.gen;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import io.netty.buffer.ByteBuf;

/**
 * An immutable list of short ASCII strings (codes, device names) packed into one byte array, so
 * that millions of them cost a few bytes each and a request copies one with a single
 * {@link ByteBuf#writeBytes(byte[], int, int)}.
 *
 * <p>Concurrency: immutable after construction; read by every event loop.
 */
final class AsciiTable {
    /** Bound on the codes read from a file (about 25 bytes each in memory). */
    static final int MAX_CODES = 10_000_000;
    /** As the scan API allows. */
    static final int MAX_CODE_LENGTH = 64;
    static final byte[] CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".getBytes(StandardCharsets.US_ASCII);
    private static final int SYNTHETIC_CODE_LENGTH = 20;

    private final byte[] bytes;
    /** {@code starts[i]} is where string {@code i} begins; {@code starts[size]} is the end of the last. */
    private final int[] starts;
    private final int size;
    private final int maxLength;

    private AsciiTable(final byte[] bytes, final int[] starts, final int size) {
        this.bytes = bytes;
        this.starts = starts;
        this.size = size;
        int max = 0;
        for (int i = 0; i < size; i++) {
            max = Math.max(max, starts[i + 1] - starts[i]);
        }
        this.maxLength = max;
    }

    /**
     * Reads at most {@code limit} codes from {@code file}, one a line; blank lines and lines
     * starting with {@code #} are skipped. A code may hold letters, digits and {@code -} (what
     * {@code scangate codes issue} writes, and what may go into a JSON string or a URL path as is).
     */
    static AsciiTable readCodes(final Path file, final int limit) throws IOException {
        final int bound = Math.min(limit, MAX_CODES);
        byte[] bytes = new byte[1 << 16];
        int[] starts = new int[1 << 12];
        int size = 0;
        int end = 0;
        long lineNumber = 0;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
            String line;
            while (size < bound && (line = in.readLine()) != null) {
                lineNumber++;
                final String code = line.strip();
                if (code.isEmpty() || code.charAt(0) == '#') {
                    continue;
                }
                if (code.length() > MAX_CODE_LENGTH) {
                    throw new IllegalArgumentException("--codes " + file + " line " + lineNumber + ": a code has at most "
                            + MAX_CODE_LENGTH + " characters");
                }
                if (end + code.length() > bytes.length) {
                    bytes = Arrays.copyOf(bytes, (int) Math.min(Integer.MAX_VALUE - 8L, Math.max(2L * bytes.length, end + code.length())));
                }
                for (int i = 0; i < code.length(); i++) {
                    final char c = code.charAt(i);
                    if (!(c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c == '-')) {
                        throw new IllegalArgumentException("--codes " + file + " line " + lineNumber
                                + ": only letters, digits and '-' are allowed in a code");
                    }
                    bytes[end + i] = (byte) c;
                }
                if (size + 2 > starts.length) {
                    starts = Arrays.copyOf(starts, starts.length * 2);
                }
                starts[size] = end;
                end += code.length();
                size++;
            }
        }
        if (size == 0) {
            throw new IllegalArgumentException("--codes " + file + " holds no codes");
        }
        starts[size] = end;
        return new AsciiTable(Arrays.copyOf(bytes, end), Arrays.copyOf(starts, size + 1), size);
    }

    /**
     * {@code count} well-formed 20-character Crockford codes drawn from {@code seed}: syntactically
     * valid, so a scangate server authenticates them (and answers {@code FORGED}); for baselines
     * and tests that need no issued codes.
     */
    static AsciiTable syntheticCodes(final int count, final long seed) {
        final byte[] bytes = new byte[count * SYNTHETIC_CODE_LENGTH];
        final int[] starts = new int[count + 1];
        for (int i = 0; i < count; i++) {
            long r = RequestMix.mix64(seed + (i + 1) * RequestMix.GOLDEN);
            final int at = i * SYNTHETIC_CODE_LENGTH;
            for (int j = 0; j < SYNTHETIC_CODE_LENGTH; j++) {
                if (j == 12) {
                    r = RequestMix.mix64(r);
                }
                bytes[at + j] = CROCKFORD[(int) (r & 31)];
                r >>>= 5;
            }
            starts[i] = at;
        }
        starts[count] = count * SYNTHETIC_CODE_LENGTH;
        return new AsciiTable(bytes, starts, count);
    }

    /** {@code count} device names of one width: {@code lg-0}, ... or {@code lg-000}, {@code lg-001}, ... */
    static AsciiTable deviceNames(final int count) {
        final int digits = Integer.toString(Math.max(0, count - 1)).length();
        final int width = 3 + digits;
        final byte[] bytes = new byte[count * width];
        final int[] starts = new int[count + 1];
        for (int i = 0; i < count; i++) {
            final int at = i * width;
            bytes[at] = 'l';
            bytes[at + 1] = 'g';
            bytes[at + 2] = '-';
            int v = i;
            for (int j = width - 1; j >= 3; j--) {
                bytes[at + j] = (byte) ('0' + v % 10);
                v /= 10;
            }
            starts[i] = at;
        }
        starts[count] = count * width;
        return new AsciiTable(bytes, starts, count);
    }

    int size() {
        return size;
    }

    int maxLength() {
        return maxLength;
    }

    int length(final int i) {
        return starts[i + 1] - starts[i];
    }

    byte byteAt(final int i, final int offset) {
        return bytes[starts[i] + offset];
    }

    void writeTo(final int i, final ByteBuf out) {
        out.writeBytes(bytes, starts[i], starts[i + 1] - starts[i]);
    }

    String get(final int i) {
        return new String(bytes, starts[i], length(i), StandardCharsets.US_ASCII);
    }
}
