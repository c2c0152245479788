/** File-system primitives the durable state relies on. */
package io.scangate.verifier.fs;
