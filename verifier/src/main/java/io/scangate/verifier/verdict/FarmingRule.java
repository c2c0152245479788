package io.scangate.verifier.verdict;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

import io.scangate.verifier.ledger.CodeState;

/**
 * Anti-farming: velocity per device and per consumer across codes, in clock-aligned hour windows.
 * A device that scans more distinct codes in the hour than {@code farming.device.codes.per.hour}
 * ({@link Alert#DEVICE_VELOCITY}), or a consumer id that scans on more devices in the hour than
 * {@code farming.consumer.devices.per.hour} ({@link Alert#CONSUMER_DEVICES}), is flagged on that
 * scan and on every later one in the hour: the verdict stays GENUINE and the scan draws no reward.
 *
 * <p>A device's scan counts as a distinct code when the code's device sketch ({@link
 * CodeState#deviceSketch}) did not yet hold the device's bit: scanning one bottle again is no
 * farming. A consumer's devices are counted in a 64-bit sketch per consumer, as the clone rule
 * counts a code's devices: it never over-counts. Counted scans only: a retry is never counted
 * again, and shows the alerts its actors have now.
 *
 * <p>The state is soft: two {@link VelocityTable}s (devices, consumers), not journaled, empty
 * again after a restart, and lossy when full (honest actors make room first). A window boundary
 * lets a device reach twice the threshold across two hours, never more.
 *
 * <p>Concurrency: {@link #count}, {@link #recheck} and {@link #top} run on the verifier thread
 * only; {@link #devicesOver} and {@link #consumersOver} may be read by any thread (metrics).
 */
public final class FarmingRule implements VerdictRule.Withholding {
    /** The window: an hour, aligned to the clock. */
    public static final long WINDOW_MILLIS = 3_600_000L;
    /** Most offenders {@link #top} lists of each kind. */
    public static final int MAX_TOP = 100;
    private static final int COUNT_BITS = 20;
    private static final long COUNT_MASK = (1L << COUNT_BITS) - 1;

    private final FarmingRules settings;
    private final VelocityTable devices;
    private final VelocityTable consumers;
    private long window = Long.MIN_VALUE;
    private int devicesOverNow;
    private int consumersOverNow;
    /** hour index (24 bits) | devices over (20 bits) | consumers over (20 bits): one write, never torn. */
    private volatile long over;

    /** A rule with empty tables for the thresholds of {@code settings} that are on. */
    public FarmingRule(final FarmingRules settings) {
        this.settings = settings;
        this.devices = settings.deviceCodesPerHour() == 0 ? null : VelocityTable.counting(settings.slots());
        this.consumers = settings.consumerDevicesPerHour() == 0 ? null : VelocityTable.sketching(settings.slots());
    }

    public FarmingRules settings() {
        return settings;
    }

    /** Heap the rule's state holds: {@link VelocityTable#BYTES_PER_SLOT} bytes a slot, per threshold that is on. */
    public long bytes() {
        return (devices == null ? 0 : devices.bytes()) + (consumers == null ? 0 : consumers.bytes());
    }

    /** The start of the hour window holding {@code now}. */
    public static long windowOf(final long now) {
        return Math.floorDiv(now, WINDOW_MILLIS) * WINDOW_MILLIS;
    }

    @Override
    public int count(final CodeState history, final ScanEvent scan, final long now) {
        final long w = windowOf(now);
        if (w != window) {
            window = w;
            devicesOverNow = 0;
            consumersOverNow = 0;
            publish();
        }
        int alerts = 0;
        if (devices != null) {
            final int limit = settings.deviceCodesPerHour();
            final int at = devices.claim(scan.deviceHash, w);
            if (devices.evictedWeight() > limit) {
                devicesOverNow--;
                publish();
            }
            long codes = devices.value(at);
            if ((history.deviceSketch & CodeState.sketchBit(scan.deviceHash)) == 0) {
                devices.value(at, ++codes);
                if (codes == limit + 1) {
                    devicesOverNow++;
                    publish();
                }
            }
            if (codes > limit) {
                alerts |= Alert.DEVICE_VELOCITY.bit();
            }
        }
        if (consumers != null && scan.consumerHash != 0) {
            final int limit = settings.consumerDevicesPerHour();
            final int at = consumers.claim(scan.consumerHash, w);
            if (consumers.evictedWeight() > limit) {
                consumersOverNow--;
                publish();
            }
            final long before = consumers.value(at);
            final long after = before | CodeState.sketchBit(scan.deviceHash);
            if (after != before) {
                consumers.value(at, after);
                if (Long.bitCount(after) == limit + 1) {
                    consumersOverNow++;
                    publish();
                }
            }
            if (Long.bitCount(after) > limit) {
                alerts |= Alert.CONSUMER_DEVICES.bit();
            }
        }
        return alerts;
    }

    @Override
    public int recheck(final ScanEvent scan, final long now) {
        final long w = windowOf(now);
        int alerts = 0;
        if (devices != null) {
            final int at = devices.find(scan.deviceHash, w);
            if (at >= 0 && devices.weight(at) > settings.deviceCodesPerHour()) {
                alerts |= Alert.DEVICE_VELOCITY.bit();
            }
        }
        if (consumers != null && scan.consumerHash != 0) {
            final int at = consumers.find(scan.consumerHash, w);
            if (at >= 0 && consumers.weight(at) > settings.consumerDevicesPerHour()) {
                alerts |= Alert.CONSUMER_DEVICES.bit();
            }
        }
        return alerts;
    }

    private void publish() {
        over = (window / WINDOW_MILLIS) << (2 * COUNT_BITS) | (devicesOverNow & COUNT_MASK) << COUNT_BITS | (consumersOverNow & COUNT_MASK);
    }

    /** Devices over their threshold in the window holding {@code now} (any thread). */
    public int devicesOver(final long now) {
        final long o = over;
        return o >>> (2 * COUNT_BITS) == now / WINDOW_MILLIS ? (int) (o >>> COUNT_BITS & COUNT_MASK) : 0;
    }

    /** Consumers over their threshold in the window holding {@code now} (any thread). */
    public int consumersOver(final long now) {
        final long o = over;
        return o >>> (2 * COUNT_BITS) == now / WINDOW_MILLIS ? (int) (o & COUNT_MASK) : 0;
    }

    /** One actor in a window: its hash, its count (distinct codes of a device, devices of a consumer), and whether that is over the threshold. */
    public record Offender(long hash, int count, long windowStart, boolean over) {
    }

    /** The top offenders of the window holding {@code now}: at most {@code limit} (≤ {@link #MAX_TOP}) of each kind, heaviest first. */
    public record Top(long windowStart, List<Offender> devices, List<Offender> consumers) {
    }

    /** Verifier thread: the heaviest devices and consumers of the window holding {@code now} (allocates: an admin read). */
    public Top top(final int limit, final long now) {
        if (limit < 1 || limit > MAX_TOP) {
            throw new IllegalArgumentException("limit must be 1.." + MAX_TOP + ", was " + limit);
        }
        final long w = windowOf(now);
        return new Top(w, top(devices, settings.deviceCodesPerHour(), limit, w), top(consumers, settings.consumerDevicesPerHour(), limit, w));
    }

    private static List<Offender> top(final VelocityTable table, final int threshold, final int limit, final long w) {
        if (table == null) {
            return List.of();
        }
        final PriorityQueue<Offender> heaviest = new PriorityQueue<>(limit + 1, Comparator.comparingInt(Offender::count));
        for (int at = 0; at < table.end(); at = VelocityTable.next(at)) {
            if (!table.occupied(at) || table.window(at) != w) {
                continue;
            }
            final int count = (int) Math.min(Integer.MAX_VALUE, table.weight(at));
            if (count == 0 || heaviest.size() == limit && heaviest.peek().count() >= count) {
                continue;
            }
            heaviest.add(new Offender(table.key(at), count, w, count > threshold));
            if (heaviest.size() > limit) {
                heaviest.poll();
            }
        }
        final List<Offender> list = new ArrayList<>(heaviest);
        list.sort(Comparator.comparingInt(Offender::count).reversed().thenComparingLong(Offender::hash));
        return list;
    }

    @Override
    public String toString() {
        return "FarmingRule{" + settings + "}";
    }
}
