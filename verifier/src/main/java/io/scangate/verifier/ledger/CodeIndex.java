package io.scangate.verifier.ledger;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Code id to an int, in the heap, for the few seconds a ledger is refilled behind the server
 * ({@link LedgerBase}). Open addressing with linear probing over a mix of the code id that is a
 * bijection (so a slot's key is the code itself, no second read to confirm it), 12 bytes a slot at
 * most 3/4 full: some 16 bytes a code. It does not shrink and has no removal.
 *
 * <p>Concurrency: {@link #insertMixed} from several threads at once while it is built; then
 * {@link #get} from any thread once the builders are joined. {@link #put} and growth: one thread,
 * nobody reading.
 */
final class CodeIndex {
    private static final VarHandle KEYS = MethodHandles.arrayElementVarHandle(long[].class);
    /** Empty slot; code id 0 (whose mix is 0) is kept aside. */
    private static final long EMPTY = 0;

    private long[] keys;
    private int[] values;
    private int size;
    private boolean hasZero;
    private int zeroValue;

    /** An index that holds {@code expected} codes without growing. */
    CodeIndex(final long expected) {
        final long slots = Math.max(16, expected + expected / 3 + 16);
        if (slots > Integer.MAX_VALUE - 8L) {
            throw new IllegalArgumentException(expected + " codes are more than an index holds");
        }
        keys = new long[(int) slots];
        values = new int[(int) slots];
    }

    /** The value of {@code codeId}, or -1. */
    int get(final long codeId) {
        return getShared(mix(codeId));
    }

    /**
     * The value of a mixed code, or -1; also while builders may be filling the index ({@link
     * #insertMixed} on other threads), when the value is only good if this thread inserted the
     * code (the keys are read as volatile: plain loads on x86).
     */
    int getShared(final long k) {
        if (k == EMPTY) {
            synchronized (this) {
                return hasZero ? zeroValue : -1;
            }
        }
        final long[] ks = keys;
        int at = home(k, ks.length);
        while (true) {
            final long seen = (long) KEYS.getVolatile(ks, at);
            if (seen == k) {
                return values[at];
            }
            if (seen == EMPTY) {
                return -1;
            }
            at = at + 1 == ks.length ? 0 : at + 1;
        }
    }

    /**
     * Sets {@code codeId}'s value unless it has one; returns the value it had, or -1 if it was set.
     * One thread; grows the index when it is 3/4 full.
     */
    int put(final long codeId, final int value) {
        final long k = mix(codeId);
        if (k == EMPTY) {
            if (hasZero) {
                return zeroValue;
            }
            hasZero = true;
            zeroValue = value;
            return -1;
        }
        if ((size + 1L) * 4 > keys.length * 3L) {
            grow();
        }
        int at = home(k, keys.length);
        while (true) {
            final long seen = keys[at];
            if (seen == k) {
                return values[at];
            }
            if (seen == EMPTY) {
                keys[at] = k;
                values[at] = value;
                size++;
                return -1;
            }
            at = at + 1 == keys.length ? 0 : at + 1;
        }
    }

    /**
     * As {@link #put}, for a code already {@link #mix mixed}, from any of several building
     * threads; never grows (sized for every code at construction). False if the code has a value
     * already.
     */
    boolean insertMixed(final long k, final int value) {
        if (k == EMPTY) {
            synchronized (this) {
                if (hasZero) {
                    return false;
                }
                hasZero = true;
                zeroValue = value;
                return true;
            }
        }
        final long[] ks = keys;
        int at = home(k, ks.length);
        while (true) {
            final long seen = (long) KEYS.getVolatile(ks, at);
            if (seen == k) {
                return false;
            }
            if (seen == EMPTY) {
                if (KEYS.compareAndSet(ks, at, EMPTY, k)) {
                    values[at] = value; // read only after the builders are joined
                    return true;
                }
                continue; // another builder took the slot: look at it again
            }
            at = at + 1 == ks.length ? 0 : at + 1;
        }
    }

    private void grow() {
        final long[] oldKeys = keys;
        final int[] oldValues = values;
        final long slots = oldKeys.length * 2L;
        if (slots > Integer.MAX_VALUE - 8L) {
            throw new IllegalStateException("an index of " + size + " codes cannot grow further");
        }
        keys = new long[(int) slots];
        values = new int[(int) slots];
        for (int i = 0; i < oldKeys.length; i++) {
            final long k = oldKeys[i];
            if (k != EMPTY) {
                int at = home(k, keys.length);
                while (keys[at] != EMPTY) {
                    at = at + 1 == keys.length ? 0 : at + 1;
                }
                keys[at] = k;
                values[at] = oldValues[i];
            }
        }
    }

    /** A bijection of the 64-bit code ids (an odd multiply and xor-shifts): equal mixes are equal codes. */
    static long mix(final long codeId) {
        long z = codeId * 0x9E3779B97F4A7C15L;
        z ^= z >>> 32;
        z *= 0xD6E8FEB86659FD93L;
        return z ^ (z >>> 29);
    }

    private static int home(final long k, final int length) {
        return (int) (((k >>> 32) * length) >>> 32);
    }

    /**
     * Which of {@code buckets} parts of the table a mixed code's home slot falls in: in the
     * table's order, so that inserting one bucket after the other walks the table region by region
     * (a region stays in the caches and the TLB; random inserts over the whole table cost 3-4 times
     * more on this VM).
     */
    static int bucket(final long k, final int buckets) {
        return (int) (((k >>> 32) * buckets) >>> 32);
    }
}
