// Single-file program (not part of the Maven build): times each FileJournal append, rollovers apart.
// Run: java @config/jvm.options -cp loadtest/target/benchmarks.jar bench/RolloverProbe.java 3000000
import java.nio.file.*;
import java.util.Arrays;
import io.scangate.verifier.journal.*;
import io.scangate.verifier.ledger.CodeState;

/** Times each FileJournal append (64 MiB segments, async syncer every 10 ms), paced at ~1 us of other work per append. */
public class RolloverProbe {
    public static void main(String[] a) throws Exception {
        int n = Integer.parseInt(a[0]);
        Path dir = Files.createTempDirectory("rollover-probe");
        FileJournal j = FileJournal.open(dir, 64 << 20);
        JournalSyncer s = new JournalSyncer(j, DurabilityMode.ASYNC, 10, p -> { }, (x, y) -> { });
        s.start();
        CodeState st = new CodeState();
        st.countScan(1000, 7, 0);
        long[] other = new long[n];
        int m = 0;
        StringBuilder roll = new StringBuilder();
        long worstRoll = 0;
        for (int i = 0; i < n; i++) {
            int before = j.segmentCount();
            long t0 = System.nanoTime();
            j.appendCodeState(i + 1, st, 1, 2, 1, 0);
            long dt = System.nanoTime() - t0;
            if (j.segmentCount() != before) {
                roll.append(String.format(" %.2f", dt / 1e6));
                worstRoll = Math.max(worstRoll, dt);
            } else {
                other[m++] = dt;
            }
            long until = System.nanoTime() + 1000;
            while (System.nanoTime() < until) { Thread.onSpinWait(); }
        }
        s.close();
        j.close();
        long[] o = Arrays.copyOf(other, m);
        Arrays.sort(o);
        System.out.printf("appends=%d rollovers(ms):%s | worst rollover %.2f ms | other appends: p50 %d ns p99 %d ns p99.9 %.1f us p99.99 %.1f us max %.2f ms%n",
                n, roll, worstRoll / 1e6, o[m / 2], o[(int) (m * 0.99)], o[(int) (m * 0.999)] / 1e3, o[(int) (m * 0.9999)] / 1e3, o[m - 1] / 1e6);
        try (var w = Files.walk(dir)) { w.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete()); }
    }
}
