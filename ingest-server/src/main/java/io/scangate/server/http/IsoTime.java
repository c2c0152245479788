package io.scangate.server.http;

import io.netty.buffer.ByteBuf;

/** Writes epoch millis as ISO-8601 UTC ({@code 2026-11-23T20:31:07.123Z}) without allocating. */
final class IsoTime {
    private IsoTime() {
    }

    static void write(final ByteBuf out, final long epochMillis) {
        final long days = Math.floorDiv(epochMillis, 86_400_000L);
        final long msOfDay = Math.floorMod(epochMillis, 86_400_000L);
        // civil-from-days (Howard Hinnant)
        final long z = days + 719_468;
        final long era = Math.floorDiv(z, 146_097);
        final long doe = z - era * 146_097;
        final long yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        final long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        final long mp = (5 * doy + 2) / 153;
        final long day = doy - (153 * mp + 2) / 5 + 1;
        final long month = mp < 10 ? mp + 3 : mp - 9;
        final long year = yoe + era * 400 + (month <= 2 ? 1 : 0);
        digits(out, year, 4);
        out.writeByte('-');
        digits(out, month, 2);
        out.writeByte('-');
        digits(out, day, 2);
        out.writeByte('T');
        digits(out, msOfDay / 3_600_000, 2);
        out.writeByte(':');
        digits(out, msOfDay / 60_000 % 60, 2);
        out.writeByte(':');
        digits(out, msOfDay / 1000 % 60, 2);
        out.writeByte('.');
        digits(out, msOfDay % 1000, 3);
        out.writeByte('Z');
    }

    private static void digits(final ByteBuf out, final long value, final int width) {
        long divisor = 1;
        for (int i = 1; i < width; i++) {
            divisor *= 10;
        }
        for (long d = divisor; d > 0; d /= 10) {
            out.writeByte((int) ('0' + value / d % 10));
        }
    }
}
