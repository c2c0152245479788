/** Command-line tools that prepare data directories for benchmarks (e.g. a ledger of 10M scanned codes). */
package io.scangate.loadtest.tools;
