/**
 * The channel between factory and consumer: actors (distributors, stores, installers, guides)
 * with their keys, role scans, where each unit stands, installs bound to orders, and the
 * diversion check of consumer scans. State of the single writer, rebuilt from the journal's
 * ACTOR and ROLE_SCAN records at every start (like the campaigns).
 */
package io.scangate.verifier.channel;
