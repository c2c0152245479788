/** The verdict of a scan: the single writer's logic ({@link io.scangate.verifier.verdict.Verifier}) and the rules that suspect clones and add alerts, registered in {@link io.scangate.verifier.verdict.VerdictRules}. */
package io.scangate.verifier.verdict;
