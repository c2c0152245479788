package io.scangate.verifier.link;

/**
 * What {@link LinkBook#find} found: the link set of the finest anchor that has links, and its level
 * (finer than the request's when the walk-up went to the lot or the GTIN).
 */
public record LinkMatch(LinkSet set, LinkLevel level) {
}
