/**
 * Consumers (shared/DESIGN.md, "Consumers"): a profile per pseudonymous consumer id kept off-heap
 * by the single writer (purchases, first and last purchase, stage, last batch), the lifecycle stages
 * judged on purchases and as time passes, and the lifecycle event log read from an offset.
 */
package io.scangate.verifier.consumer;
