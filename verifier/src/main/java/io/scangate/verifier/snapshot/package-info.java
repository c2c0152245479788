/**
 * Snapshots of the verifier's state (issue 17, in progress): the file format, checksummed section
 * by section and as a whole, written under a temporary name, forced and renamed, and read back
 * refusing anything torn or damaged. See docs/SNAPSHOTS.md for the design the rest builds on.
 */
package io.scangate.verifier.snapshot;
