/** The verdict of a scan: the single writer's logic ({@link io.scangate.verifier.verdict.Verifier}) and the rules that add alerts. */
package io.scangate.verifier.verdict;
