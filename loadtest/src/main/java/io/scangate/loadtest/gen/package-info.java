/** Open-model (and closed-model) HTTP load generator with coordinated-omission-corrected HdrHistogram latencies. */
package io.scangate.loadtest.gen;
