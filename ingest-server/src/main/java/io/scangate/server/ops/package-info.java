/** The ops port: Prometheus metrics, health and the admin API. */
package io.scangate.server.ops;
