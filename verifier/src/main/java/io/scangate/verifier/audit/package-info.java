/**
 * The audit log: every admin action that changed something, who made it (the admin token's name),
 * when and what, journaled with the change it records and read from an offset.
 */
package io.scangate.verifier.audit;
