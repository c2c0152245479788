/** Baseline servers the scangate numbers are compared against in the same run: a bare Netty "hello" server. */
package io.scangate.loadtest.baseline;
