package io.scangate.verifier.verdict;

import io.scangate.verifier.batch.Batch;
import io.scangate.verifier.ledger.CodeState;
import io.scangate.verifier.ledger.Regions;

/**
 * Alerts {@link Alert#OFF_REGION} (diversion) when a scan names a region that cannot lie in its
 * batch's planned sales region: CN-44 for a CN-31 batch, or JP for a CN batch. A scan that names
 * only its country (CN for a CN-31 batch) or no region is not flagged, nor is a batch without a
 * planned region.
 *
 * <p>Immutable.
 */
public final class OffRegionRule implements VerdictRule.Alerting {
    @Override
    public int alerts(final ScanEvent scan, final Batch batch, final CodeState code) {
        final long planned = batch.plannedRegionPacked();
        return planned != Regions.NONE && scan.region != Regions.NONE && !Regions.within(scan.region, planned)
                && !Regions.within(planned, scan.region) ? Alert.OFF_REGION.bit() : 0;
    }

    @Override
    public String toString() {
        return "OffRegionRule";
    }
}
