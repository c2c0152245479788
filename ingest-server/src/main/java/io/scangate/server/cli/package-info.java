/** Command-line clients of a running server's admin API. */
package io.scangate.server.cli;
