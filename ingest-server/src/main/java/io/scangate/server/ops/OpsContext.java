package io.scangate.server.ops;

import java.util.function.BooleanSupplier;

import io.scangate.verifier.batch.BatchRegistry;
import io.scangate.verifier.code.CodeAuthenticator;
import io.scangate.verifier.ring.VerifierRing;

/**
 * What the ops port needs: meters, readiness, and for the admin API the ring (writes and
 * consistent reads go through it), the registry's snapshot (lists), the authenticator, the
 * reward, diversion, audit and lifecycle event logs (read from any thread), and a search of the
 * durable journal (a code's history); {@code cluster}: this node's membership of a cluster, null on a single node (docs/CLUSTER.md),
 * whose admin changes travel through the cluster's log.
 *
 * <p>Concurrency: immutable; its parts are thread-safe.
 */
public record OpsContext(ScanMetrics metrics, BooleanSupplier ready, AdminTokens adminTokens, VerifierRing ring,
                         BatchRegistry batches, CodeAuthenticator authenticator,
                         Maintenance maintenance,
                         io.scangate.verifier.campaign.CampaignBook campaigns,
                         io.scangate.verifier.channel.DiversionLog diversions, io.scangate.verifier.audit.AuditLog audit,
                         io.scangate.verifier.journal.JournalSearch journal,
                         io.scangate.verifier.consumer.LifecycleLog lifecycle, ClusterView cluster) {
    /** A member of a cluster: admin changes travel through the cluster's log. */
    public boolean clustered() {
        return cluster != null;
    }
}
