package io.scangate.verifier.fs;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.zip.CRC32C;

/**
 * CRC-32C of memory at an address, without allocating: the JDK's own intrinsic behind
 * {@link CRC32C} for direct buffers ({@code updateDirectByteBuffer}), reached through a method
 * handle as Agrona 2's {@code Crc32c} does (needs {@code --add-opens java.base/java.util.zip}).
 * The value equals {@code CRC32C.getValue()} over the same bytes, cast to int: journals written
 * with Agrona's class read the same.
 *
 * <p>Concurrency: stateless.
 */
public final class Crc32cAddress {
    private static final MethodHandle UPDATE;

    static {
        try {
            final MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(CRC32C.class, MethodHandles.lookup());
            UPDATE = lookup.findStatic(CRC32C.class, "updateDirectByteBuffer", MethodType.methodType(int.class, int.class, long.class, int.class, int.class));
        } catch (final ReflectiveOperationException e) {
            throw new ExceptionInInitializerError("CRC32C.updateDirectByteBuffer not reachable (--add-opens java.base/java.util.zip=ALL-UNNAMED?): " + e);
        }
    }

    private Crc32cAddress() {
    }

    /** CRC-32C of {@code length} bytes at {@code address + offset}. */
    public static int compute(final long address, final int offset, final int length) {
        try {
            return ~(int) UPDATE.invokeExact(0xFFFFFFFF, address, offset, offset + length);
        } catch (final Throwable t) {
            throw new IllegalStateException("CRC32C failed", t);
        }
    }
}
