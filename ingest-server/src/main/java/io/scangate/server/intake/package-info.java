/** The scan intake both transports call: field rules, tag check, idempotency key, publish to the ring. */
package io.scangate.server.intake;
