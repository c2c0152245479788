/** A small blocking UDP scan client for scanners and edge gateways: batching, timeouts and idempotent retries. */
package io.scangate.client;
