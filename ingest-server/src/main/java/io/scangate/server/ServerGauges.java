package io.scangate.server;

import io.netty.channel.EventLoopGroup;
import io.scangate.server.ops.ScanMetrics;
import io.scangate.verifier.batch.BatchRegistry;
import io.scangate.verifier.journal.FileJournal;
import io.scangate.verifier.journal.JournalPosition;
import io.scangate.verifier.journal.JournalSyncer;
import io.scangate.verifier.journal.Recovery;
import io.scangate.verifier.ring.VerifierRing;
import io.scangate.verifier.verdict.Verifier;

/** The gauges of a running server (ring, ledger, journal, readiness, consumers), registered once at start. */
final class ServerGauges {
    private ServerGauges() {
    }

    static void bind(final ScanMetrics metrics, final ScanGate gate, final ServerConfig config, final VerifierRing ring,
                     final Verifier verifier, final FileJournal journal, final JournalSyncer syncer, final BatchRegistry batches,
                     final EventLoopGroup boss, final EventLoopGroup workers, final EventLoopGroup ops,
                     final io.scangate.verifier.ledger.ChronicleLedger ledger) {
        metrics.eventLoops("accept", boss);
        metrics.eventLoops("http", workers);
        metrics.eventLoops("ops", ops);
        metrics.gauge("scangate.ring.remaining", "Free slots in the verifier ring", ring, VerifierRing::remainingCapacity);
        metrics.gauge("scangate.ring.capacity", "Slots in the verifier ring", ring, r -> r.bufferSize());
        metrics.gauge("scangate.ring.shed.above", "Scans that may wait in the ring before new ones are shed with 503 (ring.shed.above)",
                ring, r -> r.shedAbove());
        metrics.gauge("scangate.ring.lag.seconds", "How long the oldest scan in the verifier's hands has waited (0 between batches)",
                ring, r -> r.lagNanos() / 1e9);
        metrics.gauge("scangate.ring.shed.lag.seconds", "Verifier lag past which new scans are shed with 503 (ring.shed.lag.ms; 0: off)",
                ring, r -> r.shedLagMillis() / 1e3);
        metrics.gauge("scangate.ledger.entries", "Codes held in the ledger", verifier, v -> v.entries());
        metrics.gauge("scangate.ledger.capacity", "Codes the ledger may hold (ledger.entries)", verifier, v -> v.capacity());
        metrics.gauge("scangate.ledger.fill.ratio", "Ledger entries / capacity; at 1 new codes are refused with 503",
                verifier, v -> (double) v.entries() / v.capacity());
        metrics.gauge("scangate.ledger.refilling", "1 while the ledger's map is refilled from a snapshot behind the listening server"
                + " (after a crash; scans are answered meanwhile, more slowly)", ledger, l -> l.refilling() ? 1 : 0);
        metrics.gauge("scangate.ledger.bytes", "Size of the ledger file on disk", config.dataDir.resolve(Recovery.LEDGER_FILE).toFile(),
                f -> f.length());
        metrics.gauge("scangate.journal.segments", "Journal segment files", journal, j -> j.segmentCount());
        metrics.gauge("scangate.journal.durable.segment", "Journal segment of the durable (fsynced) end", journal,
                j -> JournalPosition.segment(j.durablePosition()));
        metrics.gauge("scangate.journal.durable.offset.bytes", "Offset in its segment of the durable (fsynced) journal end", journal,
                j -> JournalPosition.offset(j.durablePosition()));
        metrics.gauge("scangate.journal.sync.failing", "1 while the last journal fsync failed (journal not writable)", syncer,
                s -> s.failing() ? 1 : 0);
        metrics.gauge("scangate.ledger.ready.max.fill.ratio", "Ledger fill above which the instance reports not ready"
                + " (ledger.ready.max.fill.percent / 100)", config, c -> c.ledgerReadyMaxFillPercent / 100.0);
        metrics.gauge("scangate.ready", "1 when /health/ready answers 200", gate, g -> g.ready() ? 1 : 0);
        metrics.functionCounter("scangate.verifier.failures", "Events the verifier failed on (each answered 503)", ring,
                r -> r.failures());
        metrics.gauge("scangate.batches", "Batches issued", batches, b -> b.index().size());
        metrics.farming(verifier.farming());
        metrics.channelActors(verifier.channel());
        metrics.consumers(verifier.consumers());
    }
}
