/**
 * scangate as an Aeron Cluster service (docs/CLUSTER.md): the verifier replicated by Raft, the
 * cluster's log in place of the journal. {@link io.scangate.verifier.cluster.ScanGateService} is
 * the clustered service, {@link io.scangate.verifier.cluster.ClusterCodec} the ingress and egress
 * messages, {@link io.scangate.verifier.cluster.ClusterNode} one member's media driver, archive,
 * consensus module and service container.
 */
package io.scangate.verifier.cluster;
