/** JMH benchmarks of the verifier's pieces: code authentication, the ledger, the verifier core and its ring. */
package io.scangate.loadtest.bench;
