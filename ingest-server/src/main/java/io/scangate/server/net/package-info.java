/** Connection-level defences shared by the TCP ports: connection limits, idle and slow-request timeouts. */
package io.scangate.server.net;
