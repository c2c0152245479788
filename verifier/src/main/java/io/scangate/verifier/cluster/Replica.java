package io.scangate.verifier.cluster;

import io.scangate.verifier.audit.AuditLog;
import io.scangate.verifier.batch.BatchRegistry;
import io.scangate.verifier.campaign.CampaignBook;
import io.scangate.verifier.channel.ChannelBook;
import io.scangate.verifier.consumer.ConsumerBook;
import io.scangate.verifier.consumer.ConsumerTable;
import io.scangate.verifier.consumer.LifecycleRules;
import io.scangate.verifier.ledger.ChronicleLedger;
import io.scangate.verifier.ledger.RequestWindow;
import io.scangate.verifier.link.LinkBook;

/**
 * One member's replica of the state, empty when made: it is filled from a cluster snapshot and the
 * log. Off-heap parts live in memory (a member's state is rebuilt at every start).
 *
 * <p>Concurrency: the service thread; {@link #batches()}'s index may be read anywhere.
 */
record Replica(ChronicleLedger ledger, BatchRegistry batches, RequestWindow requests, CampaignBook campaigns, ChannelBook channel,
               LinkBook links, ConsumerBook consumers, AuditLog audit) {

    /** An empty replica sized for {@code ledgerEntries} codes, {@code window} remembered requests and {@code consumers} profiles. */
    static Replica empty(final long ledgerEntries, final int window, final long consumers) {
        synchronized (Replica.class) { // members sharing a JVM (tests): Chronicle's map creation is not safe from several threads at once
            return make(ledgerEntries, window, consumers);
        }
    }

    private static Replica make(final long ledgerEntries, final int window, final long consumers) {
        final BatchRegistry batches = BatchRegistry.inMemory();
        return new Replica(ChronicleLedger.inMemory(ledgerEntries), batches, new RequestWindow(window), new CampaignBook(),
                new ChannelBook(id -> batches.index().find(id)), new LinkBook(),
                new ConsumerBook(ConsumerTable.inMemory(consumers), LifecycleRules.DEFAULTS), new AuditLog());
    }

    void close() {
        ledger.close();
        consumers.close();
    }
}
